// Issuing through the real server prints to a real TCP printer: the QR carries the ticket's
// exact URL, a printer switched in the settings takes the next ticket, and an unplugged one
// never holds the kiosk's answer.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssueResult, PrinterStatus, Settings, TicketPrintEvent } from '../../shared/types.js';
import { assembleRaster, countBlack, decodeEscPos, qrCodes } from '../support/escpos.js';
import { FakePrinter } from '../support/fake-printer.js';
import { nextEvent, request, startTestServer, type TestServer } from '../support/server.js';
import { until } from './helpers.js';

const iconv = createRequire(createRequire(import.meta.url).resolve('node-thermal-printer'))('iconv-lite') as {
  decode(b: Buffer, enc: string): string;
};

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
    const printed = nextEvent<TicketPrintEvent>(kiosk, 'ticket:print', (e) => e.status === 'printed', 10_000);
    const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'tu-phap', priority: 'pregnant' });
    if (!r.ok) throw new Error(r.error.message);
    // Answered once queued (issue 10); the printer's word follows.
    expect(r.print).toEqual({ status: 'queued' });
    expect(await printed).toEqual({ ticketId: r.ticket.id, status: 'printed' });
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

  it('text mode is an admin setting: the next ticket comes in the chosen code page, and image again when it is unset', async () => {
    const admin = await server.login();
    const kiosk = await server.connect('/kiosk');
    const issue = async () => {
      const before = printer.completeJobs.length;
      const r = await request<IssueResult>(kiosk, 'ticket:issue', { serviceId: 'ho-tich' });
      if (!r.ok) throw new Error(r.error.message);
      await until(() => printer.completeJobs.length === before + 1, 10_000, 'the ticket');
      return { r, cmds: decodeEscPos(printer.completeJobs[before]!) };
    };
    const initial = await server.api<{ settings: Settings }>('GET', '/api/settings', undefined, admin);
    expect(initial.body.ok && initial.body.settings.printerTextMode).toBeNull();
    // Back to the first printer (the test before switched to others).
    expect((await server.api('PUT', '/api/settings', { printer: printer.target, printerPaperWidth: 80 }, admin)).status).toBe(200);
    const bad = await server.api('PUT', '/api/settings', { printerTextMode: { codePage: 30, encoding: 'utf8' } }, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.ok === false && bad.body.error.field).toBe('printerTextMode.encoding');

    for (const mode of [{ codePage: 30, encoding: 'tcvn' }, { codePage: 52, encoding: 'windows1258' }] as const) {
      const put = await server.api<{ settings: Settings }>('PUT', '/api/settings', { printerTextMode: mode }, admin);
      expect(put.body.ok && put.body.settings.printerTextMode).toEqual(mode);
      const { r, cmds } = await issue();
      expect(cmds.filter((c) => c.type === 'codePage')).toEqual([{ type: 'codePage', page: mode.codePage }]);
      expect(cmds.some((c) => c.type === 'raster')).toBe(false);
      const text = cmds.flatMap((c) => (c.type === 'text' ? [iconv.decode(c.bytes, mode.encoding).normalize('NFC')] : []));
      expect(text).toContain('Hộ tịch');
      expect(text).toContain(r.ticket.number);
      expect(text.some((l) => l.startsWith('Số người chờ trước Ông/Bà:'))).toBe(true);
      expect(qrCodes(cmds).map((q) => q.data)).toEqual([r.trackUrl]);
    }

    expect((await server.api('PUT', '/api/settings', { printerTextMode: null }, admin)).status).toBe(200);
    const { cmds } = await issue();
    expect(cmds.some((c) => c.type === 'codePage')).toBe(false);
    expect(assembleRaster(cmds)[0]!.width).toBe(576);
  });
});
