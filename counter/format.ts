// Numbers, durations and calendar days as the staff app shows them, in either language.
import type { Localized } from '../shared/types.js';
import { getLang } from './strings.js';

export function loc(text: Localized | null | undefined): string {
  if (!text) return '';
  return getLang() === 'en' ? text.en || text.vi : text.vi;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function nf(digits: number): Intl.NumberFormat {
  const key = `${getLang()}:${digits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(getLang() === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
    numberFormats.set(key, f);
  }
  return f;
}

export function num(x: number | null | undefined, digits = 0): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : nf(digits).format(x);
}

/** Minutes with one decimal: "4,5 phút" / "4.5 min". */
export function minutes(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—';
  return `${num(x, 1)} ${getLang() === 'en' ? 'min' : 'phút'}`;
}

export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : `${num(share * 100, 0)}%`;
}

/** Whole minutes elapsed between two instants, never negative (clocks drift). */
export function elapsedMin(fromIso: string | null | undefined, nowMs: number): number {
  if (!fromIso) return 0;
  const from = Date.parse(fromIso);
  return Number.isFinite(from) ? Math.max(0, Math.floor((nowMs - from) / 60_000)) : 0;
}

/** "12 phút", "1 giờ 5 phút" / "12 min", "1 h 5 min" (an official writes the minutes out, never "1 giờ 05"). */
export function duration(min: number): string {
  const en = getLang() === 'en';
  if (min < 60) return `${min} ${en ? 'min' : 'phút'}`;
  const h = Math.floor(min / 60);
  const m = min % 60;
  if (m === 0) return en ? `${h} h` : `${h} giờ`;
  return en ? `${h} h ${m} min` : `${h} giờ ${m} phút`;
}

/** The office-local clock time of an ISO string that carries the office's offset. */
export function clock(iso: string | null | undefined): string {
  return iso && iso.length >= 16 ? iso.slice(11, 16) : '—';
}

// ── calendar days as YYYY-MM-DD (pure arithmetic: the office day comes from the server) ──

export function parseDay(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}
export function dayString(d: Date): string {
  return d.toISOString().slice(0, 10);
}
export function addDays(day: string, n: number): string {
  const d = parseDay(day);
  d.setUTCDate(d.getUTCDate() + n);
  return dayString(d);
}
export function daysBetween(from: string, to: string): number {
  return Math.round((parseDay(to).getTime() - parseDay(from).getTime()) / 86_400_000);
}

export type RangePreset = 'today' | 'week' | 'month' | 'quarter' | 'custom';

/** Weeks start on Monday, as in Viet Nam; every range ends today at the latest. */
export function presetRange(preset: Exclude<RangePreset, 'custom'>, today: string): { from: string; to: string } {
  const d = parseDay(today);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'week': {
      const sinceMonday = (d.getUTCDay() + 6) % 7;
      return { from: addDays(today, -sinceMonday), to: today };
    }
    case 'month':
      return { from: dayString(new Date(Date.UTC(y, m, 1))), to: today };
    case 'quarter':
      return { from: dayString(new Date(Date.UTC(y, m - (m % 3), 1))), to: today };
  }
}

/** "02/03/2026" / "02/03/2026" — both languages write day first in the office. */
export function shortDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

/**
 * Office names for chart labels, without the words they all start with: "Trung tâm Phục vụ hành
 * chính công phường Bến Thành" and "… xã Tân Phú" read "Phường Bến Thành" and "Xã Tân Phú"
 * (cut to fit, the full names would all look the same).
 */
export function distinctNames(names: string[]): string[] {
  if (names.length < 2) return names;
  const words = names.map((n) => n.split(/\s+/));
  let common = 0;
  while (words.every((w) => w.length > common && w[common] === words[0]![common])) common++;
  // A name that is all prefix (or all names the same) would be left empty: then keep them whole.
  if (words.some((w) => w.length === common)) return names;
  return words.map((w) => {
    const rest = w.slice(common).join(' ');
    return rest.charAt(0).toLocaleUpperCase('vi') + rest.slice(1);
  });
}
