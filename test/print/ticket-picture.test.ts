// The printed ticket as a picture: a ticket of the demo office sent through the real printer code
// to a real TCP printer, decoded from the bytes that arrived and drawn as the paper would look.
// It must read like a ticket (80 mm wide, inked but mostly paper, its QR code scannable to the
// ticket's address), and it is saved as the README's picture (docs/screenshots/ticket.png).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrinter } from '../../server/print/index.js';
import type { TicketPrinter } from '../../server/print/types.js';
import { assembleRaster, decodeEscPos } from '../support/escpos.js';
import { FakePrinter } from '../support/fake-printer.js';
import { readQr } from '../support/images.js';
import { inkRatio, paperOf, paperPixels, paperPng } from '../support/paper.js';
import { ROOT, sampleJob, testConfig, until } from './helpers.js';

export const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('the printed ticket as a picture', () => {
  it('prints a ticket that reads like one, and saves it for the README', async () => {
    const fake = await FakePrinter.start();
    cleanups.push(() => fake.stop());
    const printer: TicketPrinter = createPrinter(testConfig(fake.target));
    cleanups.push(() => printer.close());
    // A fixed ticket (time, number, address): the picture changes only when the layout does.
    const job = sampleJob({
      officeName: { vi: 'Trung tâm Phục vụ hành chính công phường Bến Thành', en: 'Public Administrative Service Centre — Ben Thanh Ward' },
      serviceName: { vi: 'Hộ tịch', en: 'Civil registration' },
      number: 'B012',
      priority: null,
      issuedAt: '2026-03-10T09:12:00+07:00',
      ahead: 4,
      estimatedWaitMin: 18,
      trackUrl: 'http://192.168.1.20:3000/t/9f3c2a7b1dXq7pZ2mK',
    });
    const r = await printer.print(job);
    expect(['printed', 'queued']).toContain(r.status);
    await until(() => fake.completeJobs.length === 1, 15_000, 'the ticket at the printer');

    const cmds = decodeEscPos(fake.completeJobs[0]!);
    const paper = paperOf(cmds, 576);
    expect(paper.width).toBe(576);
    // The raster part alone is what the renderer drew; the paper adds the QR and the feeds.
    const raster = assembleRaster(cmds).reduce((h, b) => h + b.height, 0);
    expect(raster).toBeGreaterThan(200);
    expect(paper.height).toBeGreaterThan(raster);
    expect(paper.height).toBeLessThan(3000);
    // Ink, but mostly paper: an empty raster or an all-black one would both be a broken ticket.
    const ink = inkRatio(paper);
    expect(ink).toBeGreaterThan(0.03);
    expect(ink).toBeLessThan(0.4);
    // Its QR code, read from the picture as a phone would, is the ticket's address.
    expect(readQr(paperPixels(paper))).toBe(job.trackUrl);

    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(join(SCREENSHOTS, 'ticket.png'), await paperPng(paper));
  });
});
