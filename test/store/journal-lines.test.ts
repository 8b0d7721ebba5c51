// The journal's line reader and the numbers a damaged line may still show, on bytes as a disk
// leaves them. The whole path (a server starting on such files) is in damaged-journal.test.ts.
import { describe, expect, it } from 'vitest';
import { numberFloors, parseDay } from '../../server/store/journal-lines.js';

const line = (o: object) => JSON.stringify(o) + '\n';
const opened = line({ type: 'day:opened', serviceDay: '2026-03-16', rev: 1, at: '2026-03-16T08:00:00+07:00' });
const issued = (seq: number) =>
  line({ type: 'ticket:issued', ticket: { id: `t${seq}`, token: `k${seq}`, serviceId: 'dat-dai', seq, number: `A00${seq}`, priority: null, requestId: null }, rev: 1 + seq, at: '2026-03-16T08:00:00+07:00' });

describe('parseDay', () => {
  it('byte offsets stay exact around garbage that is not UTF-8', () => {
    const junk = Buffer.from([0xff, 0xfe, 0x80, 0x0a]);
    const buf = Buffer.concat([Buffer.from(opened), junk, Buffer.from(issued(1))]);
    const p = parseDay(buf);
    expect(p.lines.map((l) => l.line)).toEqual([1, 3]);
    expect(buf.subarray(p.lines[1]!.start, p.lines[1]!.end + 1).toString()).toBe(issued(1));
    expect(p.damaged).toMatchObject([{ line: 2, reason: 'unreadable' }]);
    expect(Buffer.from(p.damaged[0]!.base64!, 'base64')).toEqual(junk.subarray(0, 3));
    expect(p.torn).toBeNull();
  });

  it('a zero-filled tail, with or without a half line before it, is a torn tail', () => {
    for (const tail of [Buffer.alloc(4096), Buffer.concat([Buffer.from('{"type":"ticket:iss'), Buffer.alloc(100)])]) {
      const whole = Buffer.from(opened + issued(1));
      const p = parseDay(Buffer.concat([whole, tail]));
      expect(p.lines).toHaveLength(2);
      expect(p.damaged).toEqual([]);
      expect(p.cleanEnd).toBe(whole.length);
      expect(p.torn).toEqual({ bytes: tail.length, zeros: true });
    }
  });

  it('zeros in the middle are damage, not a tail', () => {
    const p = parseDay(Buffer.concat([Buffer.from(opened), Buffer.alloc(50), Buffer.from('\n' + issued(1))]));
    expect(p.damaged).toMatchObject([{ line: 2, reason: 'zeroed' }]);
    expect(p.lines.map((l) => l.line)).toEqual([1, 3]);
  });
});

describe('numberFloors', () => {
  it('reads seq and the service before it; a service it cannot read means every service', () => {
    expect(numberFloors([{ text: '#@!' + issued(7).slice(5) }])).toEqual([{ serviceId: 'dat-dai', upTo: 7 }]);
    expect(numberFloors([{ text: '{"ty#"seq":12,"number":"A012"' }])).toEqual([{ serviceId: null, upTo: 12 }]);
  });

  it('reads numbers reserved earlier, for one service or all', () => {
    const one = line({ type: 'numbers:reserved', serviceId: 'ho-tich', upTo: 40, rev: 9, at: 'x' });
    const all = line({ type: 'numbers:reserved', serviceId: null, upTo: 55, rev: 10, at: 'x' });
    expect(numberFloors([{ text: '%%' + one.slice(4) }, { text: '%%' + all.slice(4) }])).toEqual([
      { serviceId: 'ho-tich', upTo: 40 },
      { serviceId: null, upTo: 55 },
    ]);
  });

  it('two events glued into one line (a lost newline) give both numbers', () => {
    expect(numberFloors([{ text: issued(3).trim() + issued(9).replace('dat-dai', 'ho-tich') }])).toEqual([
      { serviceId: 'dat-dai', upTo: 3 },
      { serviceId: 'ho-tich', upTo: 9 },
    ]);
  });
});
