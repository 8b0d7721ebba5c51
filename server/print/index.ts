// Printing: render the ticket as a 1-bit image, send it through a retrying queue.
// Only the queue is exported here; the renderer (render.ts, escpos.ts) loads @napi-rs/canvas,
// so it is imported from its own module where wanted and loaded lazily by the queue.
export { createPrinter, createPrinterWithTransport, type PrintLog } from './printer.js';
export { parseTarget, TcpTransport, DeviceTransport, CupsTransport, TransportError, type PrinterTransport } from './transport.js';
export type { JobListener, JobOutcome, PrinterConfig, TicketPrinter, TicketPrintJob } from './types.js';
