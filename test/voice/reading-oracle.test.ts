// Both readings of every number 0..9999 against an independent implementation, the
// read-vietnamese-number package (MIT, tonghoangvu), configured for each reading through its
// own options: nothing here is written by hand or computed by our code.
import { ReadingConfig, doReadNumber } from 'read-vietnamese-number';
import { describe, expect, it } from 'vitest';
import { readNumberVi, type NumberReading } from '../../shared/voice.js';

function oracle(reading: NumberReading): (n: number) => string {
  const config = new ReadingConfig();
  config.unit = [];
  if (reading === 'north') {
    config.oddText = 'linh';
    config.units = [[], ['nghìn'], ['triệu'], ['tỉ']];
    config.fourToneText = 'tư';
  } else {
    config.oddText = 'lẻ';
    config.units = [[], ['ngàn'], ['triệu'], ['tỉ']];
    config.fourToneText = 'bốn';
  }
  return (n) => doReadNumber(String(n), config);
}

describe.each(['north', 'south'] as const)('readNumberVi(n, %s) agrees with read-vietnamese-number', (reading) => {
  it('on every number 0..9999', () => {
    const read = oracle(reading);
    const differ: string[] = [];
    for (let n = 0; n <= 9999; n++) {
      const ours = readNumberVi(n, reading);
      const theirs = read(n);
      if (ours !== theirs) differ.push(`${n}: ${ours} ≠ ${theirs}`);
    }
    expect(differ.slice(0, 10), `${differ.length} numbers differ`).toEqual([]);
  });
});

describe('the readings differ where they should', () => {
  it('default is Northern', () => {
    expect(readNumberVi(1004)).toBe(readNumberVi(1004, 'north'));
  });
  it('the oracle itself tells the two readings apart (the configuration took)', () => {
    expect(oracle('north')(1004)).not.toBe(oracle('south')(1004));
    expect(oracle('north')(24)).not.toBe(oracle('south')(24));
  });
});
