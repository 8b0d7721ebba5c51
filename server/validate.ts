// Turns a zod failure into the protocol's `invalid` error naming the field.
import type { z } from 'zod';
import { LuotError, type ApiError } from '../shared/errors.js';
import { MESSAGES } from '../shared/i18n.js';

export function parse<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const result = schema.safeParse(payload ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join('.') || '(payload)';
  throw new LuotError('invalid', `${MESSAGES.invalid.vi}: ${field} — ${issue.message}`, `${MESSAGES.invalid.en}: ${field} — ${issue.message}`, {
    field,
  });
}

export function toApiError(e: unknown, log: { error(obj: object, msg: string): void }): ApiError {
  if (e instanceof LuotError) return e.toApi();
  log.error({ err: e }, 'unexpected error');
  return new LuotError('internal', MESSAGES.internal.vi, MESSAGES.internal.en).toApi();
}

export function luotError(code: LuotError['code'], key: keyof typeof MESSAGES, extra: LuotError['extra'] = {}): LuotError {
  return new LuotError(code, MESSAGES[key].vi, MESSAGES[key].en, extra);
}
