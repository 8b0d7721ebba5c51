// Issuing through the real server prints to a real TCP printer: the QR carries the ticket's
// exact URL, a printer switched in the settings takes the next ticket, and an unplugged one
// never holds the kiosk's answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssueResult, PrinterStatus } from '../../shared/types.js';
import { assembleRaster, countBlack, decodeEscPos, qrCodes } from '../support/escpos.js';
import { FakePrinter } from '../support/fake-printer.js';
import { nextEvent, request, startTestServer, type TestServer } from '../support/server.js';

let printer: FakePrinter;
let server: TestServer;

beforeAll(async () => {
  printer = await FakePrinter.start();
  server = await startTestServer({ printer: printer.target });
});
afterAll(async () => {
  await server.stop();
  await printer.stop();
});

describe('printing from the kiosk', () => {
  it('prints the issued ticket: raster image, the QR of its track URL, a cut', async () => {
    const kiosk = await server.connect('/kiosk');
    const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'tu-phap', priority: 'pregnant' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.print.status).toBe('printed');
    await printer.waitForJobs(1, 10_000);
    const cmds = decodeEscPos(printer.completeJobs[0]!);
    expect(qrCodes(cmds).map((q) => q.data)).toEqual([r.trackUrl]);
    const [image] = assembleRaster(cmds);
    expect(image!.width).toBe(576);
    expect(countBlack(image!)).toBeGreaterThan(2000);
    expect(cmds.some((c) => c.type === 'cut')).toBe(true);
  });

  it('a printer changed in the settings takes the next ticket; an absent one leaves issuing fast', async () => {
    const admin = await server.login();
    const kiosk = await server.connect('/kiosk');
    const second = await FakePrinter.start();
    try {
      expect((await server.api('PUT', '/api/settings', { printer: second.target, printerPaperWidth: 58 }, admin)).status).toBe(200);
      const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'ho-tich' });
      if (!r.ok) throw new Error(r.error.message);
      await second.waitForJobs(1, 10_000);
      const [image] = assembleRaster(decodeEscPos(second.completeJobs[0]!));
      expect(image!.width).toBe(384);

      const gone = await FakePrinter.freePort();
      const offline = nextEvent<PrinterStatus>(kiosk, 'printer', (p) => p.status === 'offline', 15_000);
      await server.api('PUT', '/api/settings', { printer: `tcp://127.0.0.1:${gone}` }, admin);
      const started = Date.now();
      const late = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'ho-tich' });
      expect(Date.now() - started).toBeLessThan(2500);
      expect(late.ok && late.print.status).toBe('queued');
      expect((await offline).status).toBe('offline');
      const state = await server.api<{ printer: PrinterStatus }>('GET', '/api/printer', undefined, admin);
      expect(state.body.ok && state.body.printer.status).toBe('offline');
    } finally {
      await second.stop();
    }
  });
});
