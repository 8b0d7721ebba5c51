// Form validation with the server's own zod schemas, explained in the user's language; and
// server errors ({ code, message, messageEn, field }) mapped onto the same field names.
import type { z } from 'zod';
import type { ApiError } from '../shared/errors.js';
import { getLang, t, type StringKey } from './strings.js';

export type FieldErrors = Record<string, string>;

/** The custom messages written in shared/schemas.ts, as full sentences. */
const CUSTOM: Record<string, StringKey> = {
  'chỉ chữ, số, _ . -': 'vIdChars',
  'HH:MM': 'vTime',
  'YYYY-MM-DD': 'vDay',
  'A–Z': 'vPrefix',
  'from < to': 'vRange',
  'IANA time zone': 'vTimeZone',
  '4–8 chữ số': 'vPin',
  'a-z 0-9 _ . -': 'vUsername',
  'toServiceId hoặc toCounterId': 'vTarget',
};

type Issue = z.core.$ZodIssue;

export function issueMessage(issue: Issue): string {
  const custom = CUSTOM[issue.message];
  if (custom) return t(custom);
  // A rule that explains itself in full sentences (e.g. the printer address) carries both languages.
  const en = issue.code === 'custom' ? (issue.params as { en?: unknown } | undefined)?.en : undefined;
  if (typeof en === 'string') return getLang() === 'en' ? en : issue.message;
  switch (issue.code) {
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'string') return n <= 1 ? t('vRequired') : t('vMinChars', { n });
      if (issue.origin === 'array') return t('vMinItems', { n });
      return t('vMin', { n });
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'string') return t('vMaxChars', { n });
      if (issue.origin === 'array') return t('vMaxItems', { n });
      return t('vMax', { n });
    }
    case 'invalid_type':
      if (issue.expected === 'int') return t('vInt');
      if (issue.expected === 'number') return t('vNumber');
      return t('vRequired');
    case 'invalid_format':
      return issue.format === 'url' ? t('vUrl') : t('vFormat');
    default:
      return t('vInvalid');
  }
}

/** Runs `schema` on `value`; the first problem of each field, keyed by its dotted path. */
export function check<S extends z.ZodType>(schema: S, value: unknown): { ok: true; data: z.output<S> } | { ok: false; errors: FieldErrors } {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, data: r.data };
  const errors: FieldErrors = {};
  for (const issue of r.error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    errors[key] ??= issueMessage(issue);
  }
  return { ok: false, errors };
}

export function apiMessage(error: ApiError): string {
  return getLang() === 'en' ? error.messageEn || error.message : error.message;
}

/** A server error shown under its field when it names one, else at the top of the form. */
export function serverErrors(error: ApiError): FieldErrors {
  return { [error.field && error.field !== '(payload)' ? error.field : '_']: apiMessage(error) };
}

/** The first error of a field or of any field below it (e.g. `hours.weekly.mon.0.to`). */
export function errorFor(errors: FieldErrors, field: string): string | undefined {
  if (errors[field]) return errors[field];
  const key = Object.keys(errors).find((k) => k.startsWith(`${field}.`));
  return key ? errors[key] : undefined;
}
