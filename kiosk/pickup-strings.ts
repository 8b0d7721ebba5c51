// The pickup screen's messages (issue 15), Vietnamese first, "Ông/Bà" as everywhere on the kiosk.
import type { Lang } from './strings.js';

/** YYYY-MM-DD as a Vietnamese (and English) reader writes a date: 08/12/2026. */
const dmy = (iso: string) => iso.split('-').reverse().join('/');

const vi = {
  title: 'Nhập mã hồ sơ trên phiếu hẹn trả kết quả',
  checking: 'Đang kiểm tra hồ sơ…',
  notReady: (code: string) => `Hồ sơ ${code} chưa có kết quả.`,
  unknown: (code: string) => `Hồ sơ ${code} chưa có kết quả hoặc chưa có trong danh sách trả kết quả.`,
  collected: (code: string) => `Kết quả của hồ sơ ${code} đã được nhận.`,
  promised: (date: string) => `Ngày hẹn trả kết quả: ${dmy(date)}.`,
  noTicket: 'Ông/Bà không cần lấy số chờ.',
  anyway: 'Vẫn muốn gặp cán bộ',
  back: 'Quay lại',
  offline: 'Chưa kết nối được máy chủ, vui lòng thử lại.',
};

export type PickupStrings = typeof vi;

const en: PickupStrings = {
  title: 'Enter the file code on your receipt',
  checking: 'Checking your file…',
  notReady: (code) => `File ${code} has no result yet.`,
  unknown: (code) => `File ${code} has no result yet, or is not on the list of results to collect.`,
  collected: (code) => `The result of file ${code} has already been collected.`,
  promised: (date) => `Result promised for: ${dmy(date)}.`,
  noTicket: 'You do not need to take a number.',
  anyway: 'I still want to see a clerk',
  back: 'Back',
  offline: 'Cannot reach the server; please try again.',
};

export const PICKUP_STRINGS: Record<Lang, PickupStrings> = { vi, en };
