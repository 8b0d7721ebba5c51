// Vietnamese number reading and the clip sequence of an announcement. Every expected string is
// written by hand from standard Northern usage, one case per rule, never computed.
import { describe, expect, it } from 'vitest';
import {
  CLIP_VOCABULARY, DEFAULT_ANNOUNCEMENT_TEMPLATE, DEFAULT_NAMED_TEMPLATE, DEFAULT_RECALL_TEMPLATE, NUMBER_READINGS,
  clipVocabulary, templateNamesCounter, LETTER_NAMES_VI, announcementClips, announcementText, phraseClip,
  readNumberVi, spokenTicketNumberVi, templateUsesBundledClips,
} from '../../shared/voice.js';

const cases: [number, string, string][] = [
  // units
  [0, 'không', 'zero alone is không'],
  [1, 'một', 'unit'],
  [4, 'bốn', 'unit four is bốn'],
  [5, 'năm', 'unit five is năm'],
  [9, 'chín', 'unit'],
  // mười: 10..19
  [10, 'mười', 'ten'],
  [11, 'mười một', 'một after mười (not mốt)'],
  [14, 'mười bốn', 'bốn after mười (not tư)'],
  [15, 'mười lăm', 'lăm after mười'],
  [19, 'mười chín', 'teens'],
  // mươi: 20..99
  [20, 'hai mươi', 'round tens'],
  [21, 'hai mươi mốt', 'mốt after mươi'],
  [24, 'hai mươi tư', 'tư after mươi'],
  [25, 'hai mươi lăm', 'lăm after mươi'],
  [27, 'hai mươi bảy', 'plain unit after mươi'],
  [90, 'chín mươi', 'round tens'],
  [91, 'chín mươi mốt', 'mốt after mươi'],
  [94, 'chín mươi tư', 'tư after mươi'],
  [99, 'chín mươi chín', 'largest two-digit'],
  // hundreds and linh
  [100, 'một trăm', 'round hundred'],
  [101, 'một trăm linh một', 'linh: zero tens before a unit, một stays một'],
  [104, 'một trăm linh bốn', 'bốn after linh'],
  [105, 'một trăm linh năm', 'năm after linh (not lăm)'],
  [110, 'một trăm mười', 'mười in hundreds'],
  [115, 'một trăm mười lăm', 'lăm after mười in hundreds'],
  [121, 'một trăm hai mươi mốt', 'mốt in hundreds'],
  [124, 'một trăm hai mươi tư', 'tư in hundreds'],
  [500, 'năm trăm', 'năm as hundreds digit'],
  [555, 'năm trăm năm mươi lăm', 'năm as digit, lăm as last unit'],
  [999, 'chín trăm chín mươi chín', 'largest three-digit'],
  // thousands and không trăm
  [1000, 'một nghìn', 'round thousand'],
  [1001, 'một nghìn không trăm linh một', 'không trăm and linh'],
  [1005, 'một nghìn không trăm linh năm', 'không trăm linh năm'],
  [1010, 'một nghìn không trăm mười', 'không trăm mười'],
  [1015, 'một nghìn không trăm mười lăm', 'không trăm mười lăm'],
  [1024, 'một nghìn không trăm hai mươi tư', 'không trăm with tư'],
  [1100, 'một nghìn một trăm', 'round hundreds in thousands'],
  [1105, 'một nghìn một trăm linh năm', 'linh in thousands'],
  [2021, 'hai nghìn không trăm hai mươi mốt', 'không trăm with mốt'],
  [2500, 'hai nghìn năm trăm', 'hundreds in thousands'],
  [4444, 'bốn nghìn bốn trăm bốn mươi tư', 'bốn as digit, tư as last unit'],
  [5015, 'năm nghìn không trăm mười lăm', 'năm as thousands digit'],
  [9999, 'chín nghìn chín trăm chín mươi chín', 'largest'],
];

describe('readNumberVi', () => {
  for (const [n, words, rule] of cases) {
    it(`${n} → ${words} (${rule})`, () => expect(readNumberVi(n)).toBe(words));
  }

  it('refuses what it cannot read', () => {
    expect(() => readNumberVi(10000)).toThrow(RangeError);
    expect(() => readNumberVi(-1)).toThrow(RangeError);
    expect(() => readNumberVi(1.5)).toThrow(RangeError);
  });

  it('reads every number from 0 to 9999 with words of the vocabulary only', () => {
    const vocabulary = new Set(Object.values(CLIP_VOCABULARY));
    const missing: string[] = [];
    for (let n = 0; n <= 9999; n++) {
      for (const w of readNumberVi(n).split(' ')) if (!vocabulary.has(w)) missing.push(`${n}: ${w}`);
    }
    expect(missing).toEqual([]);
  });
});

describe('letters and ticket numbers', () => {
  it('names the letters in Vietnamese', () => {
    expect(LETTER_NAMES_VI).toMatchObject({
      A: 'a', B: 'bê', C: 'xê', D: 'dê', Đ: 'đê', E: 'e', G: 'giê', H: 'hát', I: 'i', K: 'ca', L: 'e-lờ', M: 'em-mờ',
      N: 'en-nờ', O: 'o', P: 'pê', Q: 'quy', R: 'e-rờ', S: 'ét-xì', T: 'tê', U: 'u', V: 'vê', X: 'ích-xì', Y: 'i dài',
      F: 'ép', J: 'gi', W: 'vê kép', Z: 'dét',
    });
  });

  it('says a ticket number as letters then the number without leading zeros', () => {
    expect(spokenTicketNumberVi('A015')).toBe('a mười lăm');
    expect(spokenTicketNumberVi('B001')).toBe('bê một');
    expect(spokenTicketNumberVi('1005')).toBe('một nghìn không trăm linh năm');
    expect(spokenTicketNumberVi('L124')).toBe('e-lờ một trăm hai mươi tư');
    expect(spokenTicketNumberVi('AB021')).toBe('a bê hai mươi mốt');
    // Beyond what readNumberVi covers, digit by digit.
    expect(spokenTicketNumberVi('C12345')).toBe('xê một hai ba bốn năm');
  });
});

describe('announcements', () => {
  it('builds the clip sequence for A015 at counter 3', () => {
    expect(announcementClips(DEFAULT_ANNOUNCEMENT_TEMPLATE, 'A015', 3)).toEqual([
      'chime', 'xin-moi-cong-dan-co-so-thu-tu', 'letter-a', 'muoi-huyen', 'lam', 'den-quay-so', 'num-3',
    ]);
  });

  it('builds the clip sequence for 1005 at counter 12', () => {
    expect(announcementClips(DEFAULT_ANNOUNCEMENT_TEMPLATE, '1005', 12)).toEqual([
      'chime', 'xin-moi-cong-dan-co-so-thu-tu', 'num-1', 'nghin', 'num-0', 'tram', 'linh', 'num-5', 'den-quay-so',
      'muoi-huyen', 'num-2',
    ]);
  });

  it('uses mươi, mốt and tư clips, and letters with Vietnamese names', () => {
    expect(announcementClips(DEFAULT_ANNOUNCEMENT_TEMPLATE, 'D2021', 24)).toEqual([
      'chime', 'xin-moi-cong-dan-co-so-thu-tu', 'letter-d', 'num-2', 'nghin', 'num-0', 'tram', 'num-2', 'muoi-ngang',
      'mot-sac', 'den-quay-so', 'num-2', 'muoi-ngang', 'tu',
    ]);
  });

  it('every clip of every default announcement and recall, in both readings, is in the bundled pack', () => {
    for (const template of [DEFAULT_ANNOUNCEMENT_TEMPLATE, DEFAULT_RECALL_TEMPLATE, 'Mời công dân có số thứ tự {number} đến quầy số {counter}']) {
      for (const reading of NUMBER_READINGS) {
        for (const number of ['A001', 'B999', 'C1234', '9999', 'Z015', 'W100', '123456', 'A1004', 'A24']) {
          for (const counter of [1, 5, 10, 15, 21, 24, 99, 105]) {
            for (const clip of announcementClips(template, number, counter, { reading })) {
              expect(CLIP_VOCABULARY, `${number} @ ${counter}: ${clip}`).toHaveProperty([clip]);
              expect(clipVocabulary(reading), `${reading}: ${clip}`).toHaveProperty([clip]);
            }
          }
        }
      }
      expect(templateUsesBundledClips(template)).toBe(true);
    }
    expect(Object.keys(CLIP_VOCABULARY).length).toBeGreaterThanOrEqual(45);
    expect(Object.keys(CLIP_VOCABULARY).length).toBeLessThanOrEqual(60);
  });

  it('a Southern office hears lẻ, ngàn and bốn; its recorder is not asked for linh, nghìn or tư', () => {
    expect(announcementClips(DEFAULT_ANNOUNCEMENT_TEMPLATE, 'A1004', 24, { reading: 'south' })).toEqual([
      'chime', 'xin-moi-cong-dan-co-so-thu-tu', 'letter-a', 'num-1', 'ngan', 'num-0', 'tram', 'le', 'num-4',
      'den-quay-so', 'num-2', 'muoi-ngang', 'num-4',
    ]);
    expect(announcementText(DEFAULT_ANNOUNCEMENT_TEMPLATE, 'A1004', 24, { reading: 'south' })).toBe(
      'Xin mời công dân có số thứ tự a một ngàn không trăm lẻ bốn đến quầy số hai mươi bốn',
    );
    const south = Object.keys(clipVocabulary('south'));
    const north = Object.keys(clipVocabulary('north'));
    expect(south).toEqual(expect.arrayContaining(['le', 'ngan', 'num-4']));
    expect(south).not.toEqual(expect.arrayContaining(['linh']));
    for (const w of ['linh', 'nghin', 'tu']) expect(south).not.toContain(w);
    for (const w of ['le', 'ngan']) expect(north).not.toContain(w);
    expect(clipVocabulary('south')['ngan']).toBe('ngàn');
  });

  it('a recall is announced as a recall', () => {
    expect(announcementText(DEFAULT_RECALL_TEMPLATE, 'A015', 3)).toBe('Xin mời lần hai công dân có số thứ tự a mười lăm đến quầy số ba');
    expect(announcementClips(DEFAULT_RECALL_TEMPLATE, 'A015', 3)[1]).toBe('xin-moi-lan-hai-cong-dan-co-so-thu-tu');
  });

  it('a template by counter name says the name (one clip named after it, which only an office can record)', () => {
    const opts = { counterName: 'bàn tiếp nhận Đất đai' };
    expect(announcementText(DEFAULT_NAMED_TEMPLATE, 'A015', 3, opts)).toBe('Xin mời công dân có số thứ tự a mười lăm đến bàn tiếp nhận Đất đai');
    expect(announcementClips(DEFAULT_NAMED_TEMPLATE, 'A015', 3, opts).slice(-2)).toEqual(['den', 'ban-tiep-nhan-dat-dai']);
    expect(CLIP_VOCABULARY).not.toHaveProperty(['ban-tiep-nhan-dat-dai']);
    // Without a name, the number.
    expect(announcementText(DEFAULT_NAMED_TEMPLATE, 'A015', 3)).toBe('Xin mời công dân có số thứ tự a mười lăm đến ba');
    expect(templateNamesCounter(DEFAULT_NAMED_TEMPLATE)).toBe(true);
    expect(templateNamesCounter(DEFAULT_ANNOUNCEMENT_TEMPLATE)).toBe(false);
  });

  it('a custom template names its own phrase clips', () => {
    const t = 'Xin mời số {number} tới bàn {counter}.';
    expect(announcementClips(t, 'A015', 3)).toEqual(['chime', 'xin-moi-so', 'letter-a', 'muoi-huyen', 'lam', 'toi-ban', 'num-3']);
    expect(templateUsesBundledClips(t)).toBe(false);
    expect(phraseClip('Đến quầy số')).toBe('den-quay-so');
  });

  it('gives the text for speech synthesis', () => {
    expect(announcementText(DEFAULT_ANNOUNCEMENT_TEMPLATE, 'A015', 3)).toBe('Xin mời công dân có số thứ tự a mười lăm đến quầy số ba');
    expect(announcementText(DEFAULT_ANNOUNCEMENT_TEMPLATE, 'L1005', 12)).toBe(
      'Xin mời công dân có số thứ tự e lờ một nghìn không trăm linh năm đến quầy số mười hai',
    );
  });
});
