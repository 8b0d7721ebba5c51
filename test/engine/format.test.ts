import { describe, expect, it } from 'vitest';
import { formatTicketNumber } from '../../shared/format.js';

describe('formatTicketNumber', () => {
  const prefixed = { prefix: 'A', start: 1, digits: 3 };
  const running = { prefix: '', start: 1001, digits: 4 };

  it('pads the prefix style to the configured width', () => {
    expect(formatTicketNumber(prefixed, 1)).toBe('A001');
    expect(formatTicketNumber(prefixed, 2)).toBe('A002');
    expect(formatTicketNumber(prefixed, 42)).toBe('A042');
    expect(formatTicketNumber(prefixed, 999)).toBe('A999');
  });

  it('counts the running style on from its start number', () => {
    expect(formatTicketNumber(running, 1)).toBe('1001');
    expect(formatTicketNumber(running, 2)).toBe('1002');
    expect(formatTicketNumber(running, 999)).toBe('1999');
  });

  // A busy day must never wrap or truncate a number: two citizens would hold the same one.
  it('grows past the configured width instead of wrapping', () => {
    expect(formatTicketNumber(prefixed, 1000)).toBe('A1000');
    expect(formatTicketNumber(running, 9000)).toBe('10000');
  });

  it('uses the sequence as-is when the start is 1 and there is no prefix', () => {
    expect(formatTicketNumber({ prefix: '', start: 1, digits: 1 }, 7)).toBe('7');
    expect(formatTicketNumber({ prefix: '', start: 1, digits: 0 }, 12)).toBe('12');
  });

  it('keeps multi-letter and Vietnamese prefixes verbatim', () => {
    expect(formatTicketNumber({ prefix: 'ĐĐ-', start: 1, digits: 2 }, 5)).toBe('ĐĐ-05');
    expect(formatTicketNumber({ prefix: 'B', start: 100, digits: 3 }, 1)).toBe('B100');
  });
});
