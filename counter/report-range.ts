// The period a report covers, as both report pages (office and province) let staff choose it.
import { daysBetween, type RangePreset } from './format.js';
import { t, type StringKey } from './strings.js';
import type { FieldErrors } from './validation.js';

export const RANGE_PRESETS: { id: RangePreset; label: StringKey }[] = [
  { id: 'today', label: 'rangeToday' },
  { id: 'week', label: 'rangeWeek' },
  { id: 'month', label: 'rangeMonth' },
  { id: 'quarter', label: 'rangeQuarter' },
  { id: 'custom', label: 'rangeCustom' },
];

/** The server refuses longer ranges (server/http/routes/reports.ts). */
export const MAX_REPORT_DAYS = 366;

/** What is wrong with a period of two well-formed days: the order, or its length. */
export function rangeErrors(from: string, to: string): FieldErrors {
  if (to < from) return { to: t('vToAfterFrom') };
  if (daysBetween(from, to) + 1 > MAX_REPORT_DAYS) return { to: t('vMaxDays', { n: MAX_REPORT_DAYS }) };
  return {};
}
