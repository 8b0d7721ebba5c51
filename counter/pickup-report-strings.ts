// The staff app's words for the pickup figures (issue 15 §1), kept apart from strings.ts (which
// every part of the staff app edits) and following its language: Vietnamese first, English.
import { getLang } from './strings.js';

const vi = {
  title: 'Trả kết quả',
  day: 'Ngày',
  pickups: 'Lượt nhận kết quả',
  notReady: 'Chưa có kết quả',
  readyByPromise: 'Có kết quả đúng hẹn',
  readyByPromiseOf: '{n}/{of}',
  waitPickup: 'Chờ TB (nhận kết quả)',
  waitSubmission: 'Chờ TB (nộp hồ sơ)',
  total: 'Tổng',
  note: '“Đúng hẹn”: trong số lượt nhận của hồ sơ có ngày hẹn trả, hồ sơ đã có kết quả trước hoặc trong ngày hẹn.',
};

const en: typeof vi = {
  title: 'Results pickup',
  day: 'Day',
  pickups: 'Pickups',
  notReady: 'Not ready',
  readyByPromise: 'Ready by the promised date',
  readyByPromiseOf: '{n} of {of}',
  waitPickup: 'Avg wait (pickup)',
  waitSubmission: 'Avg wait (submission)',
  total: 'Total',
  note: '“By the promised date”: among pickups of files with a promised date, those ready on or before it.',
};

export type PickupReportKey = keyof typeof vi;

export function pt(key: PickupReportKey, params: Record<string, string | number> = {}): string {
  const table = getLang() === 'en' ? en : vi;
  return table[key].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
