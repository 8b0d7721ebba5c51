// One error envelope for socket acks and REST bodies (PROTOCOL.md "Conventions").

export const ERROR_STATUS = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  closed: 409,
  /** The office was archived by the province: its history is readable, nothing changes. */
  office_archived: 410,
  rate_limited: 429,
  // Issue 13, numbers from home.
  booking_full: 409,
  booking_limit: 409,
  proof_invalid: 403,
  booking_unknown: 404,
  booking_used: 409,
  booking_expired: 410,
  booking_early: 409,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ApiError {
  code: ErrorCode;
  /** Vietnamese, for the person in front of the screen. */
  message: string;
  /** The same in English. */
  messageEn: string;
  /** The payload field that failed validation, for `invalid`. */
  field?: string;
  /** For `closed`: why, and when issuing opens again. */
  reason?: string;
  nextOpen?: string | null;
}

export type Ok<T> = { ok: true } & T;
export type Fail = { ok: false; error: ApiError };
export type Result<T> = Ok<T> | Fail;
export type Ack<T> = (result: Result<T>) => void;

export class LuotError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly messageVi: string,
    readonly messageEn: string,
    readonly extra: Pick<ApiError, 'field' | 'reason' | 'nextOpen'> = {},
  ) {
    super(messageEn);
    this.name = 'LuotError';
  }

  toApi(): ApiError {
    return { code: this.code, message: this.messageVi, messageEn: this.messageEn, ...this.extra };
  }
}

export function fail(code: ErrorCode, vi: string, en: string, extra: LuotError['extra'] = {}): Fail {
  return { ok: false, error: new LuotError(code, vi, en, extra).toApi() };
}
