// File codes (mã hồ sơ) as the one-stop systems print them on the receipt (phiếu hẹn trả kết
// quả), e.g. `000.00.12.H29-250714-0001`: letters, digits, `.` and `-`. Every path that takes a
// file code (completion of a visit, marking ready, the kiosk, REST) goes through this one
// function, so that `h29-…` typed, ` H29-… ` scanned and `H29-…` imported are the same file.

export type ResultStatus = 'ready' | 'not_ready' | 'unknown' | 'collected';

/** What the kiosk (and REST) learn about one file code (issue 15). */
export interface ResultCheck {
  /** The code as the office keeps it (normalised). */
  fileCode: string;
  status: ResultStatus;
  /** The day the office promised the result for (YYYY-MM-DD), when it gave one. */
  promisedDate: string | null;
}

/**
 * The file codes in a pasted list or a CSV file: per line, the first cell (split at `,`, `;`,
 * tabs) that is a file code, so that a header line or a date column adds nothing.
 */
export function fileCodesIn(text: string): string[] {
  const out = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    for (const cell of line.split(/[,;\t]/)) {
      const code = normalizeFileCode(cell.replace(/^\s*"|"\s*$/g, ''));
      if (code) {
        out.add(code);
        break;
      }
    }
  }
  return [...out];
}

/** Longest code we keep: the national formats are about 25 characters; room for local ones. */
export const FILE_CODE_MAX = 64;
export const FILE_CODE_MIN = 4;
const FILE_CODE_RE = /^[A-Z0-9](?:[A-Z0-9.\-]*[A-Z0-9])?$/;

/**
 * Trim, NFC, upper-case, and the dashes a word processor or a scanner's keyboard layout makes
 * of `-` folded to it. Returns null when what is left is not a plausible file code.
 */
export function normalizeFileCode(raw: string): string | null {
  const s = raw
    .normalize('NFC')
    .trim()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, '')
    .toUpperCase();
  // Every national and local format numbers its files: a code without a digit is a misread word.
  if (s.length < FILE_CODE_MIN || s.length > FILE_CODE_MAX || !FILE_CODE_RE.test(s) || !/[0-9]/.test(s)) return null;
  return s;
}
