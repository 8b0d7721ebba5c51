// The printed ticket says what the kiosk says (issue 12 §4): "Sắp đến lượt" when the wait rounds
// to nothing, never "~0 phút" (server/print/wording.ts, which the image ticket uses too).
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { buildTextJob } from '../../server/print/escpos.js';
import { decodeEscPos } from '../support/escpos.js';
import { sampleJob } from '../print/helpers.js';

const iconv = createRequire(createRequire(import.meta.url).resolve('node-thermal-printer'))('iconv-lite') as {
  decode(b: Buffer, enc: string): string;
};

const textOf = (estimatedWaitMin: number) =>
  decodeEscPos(buildTextJob(sampleJob({ estimatedWaitMin }), { codePage: 30, encoding: 'tcvn' }, 80))
    .flatMap((c) => (c.type === 'text' ? [iconv.decode(c.bytes, 'tcvn')] : []));

describe('printed ticket wording', () => {
  it('a wait under a minute is "Sắp đến lượt"; a longer one is in minutes', () => {
    expect(textOf(0)).toContain('Thời gian chờ dự kiến: Sắp đến lượt');
    expect(textOf(0.4).join('\n')).not.toContain('0 phút');
    expect(textOf(12)).toContain('Thời gian chờ dự kiến: ~12 phút');
  });

});
