// The printer an office has now: settings can change the target or paper at run time, and
// kiosks keep one printer object whose status listeners survive the change.
import type { PrinterStatus } from '../../shared/types.js';
import type { JobListener, PrinterConfig, TicketPrinter, TicketPrintJob } from './types.js';

const keyOf = (c: PrinterConfig): string => JSON.stringify([c.target, c.paperWidth, c.textMode ?? null]);

export class SwitchablePrinter implements TicketPrinter {
  private listeners = new Set<(status: PrinterStatus) => void>();
  private unsubscribe: () => void = () => undefined;
  private current!: TicketPrinter;
  private key = '';

  constructor(private readonly make: (config: PrinterConfig) => TicketPrinter, config: PrinterConfig) {
    this.use(config);
  }

  private use(config: PrinterConfig): void {
    this.key = keyOf(config);
    this.current = this.make(config);
    this.unsubscribe = this.current.onStatus((s) => {
      for (const l of this.listeners) l(s);
    });
  }

  /** Swaps the printer when the target, paper or text mode changed; jobs still queued on the old one are dropped. */
  async reconfigure(config: PrinterConfig): Promise<boolean> {
    if (keyOf(config) === this.key) return false;
    const old = this.current;
    this.unsubscribe();
    this.use(config);
    await old.close();
    const status = this.current.status();
    for (const l of this.listeners) l(status);
    return true;
  }

  print(job: TicketPrintJob) {
    return this.current.print(job);
  }
  submit(job: TicketPrintJob) {
    return this.current.submit ? this.current.submit(job) : this.current.print(job);
  }
  /** A job queued on a printer swapped out since ends there (closing it fails its jobs, and tells so). */
  watch(jobId: string, listener: JobListener): () => void {
    return this.current.watch?.(jobId, listener) ?? (() => undefined);
  }
  test() {
    return this.current.test();
  }
  status(): PrinterStatus {
    return this.current.status();
  }
  onStatus(listener: (status: PrinterStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  close(): Promise<void> {
    this.unsubscribe();
    return this.current.close();
  }
}
