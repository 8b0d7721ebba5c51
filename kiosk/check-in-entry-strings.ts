// The start screen's check-in button (issue 13), apart from the check-in screen's messages
// (check-in-strings.ts), which load with that screen and stay out of the start-up script.
import type { Lang } from './strings.js';

export const CHECK_IN_ENTRY: Record<Lang, { entry: string; entryHint: string }> = {
  vi: { entry: 'Đã đặt lịch / lấy số từ xa', entryHint: 'Nhập mã hoặc quét mã QR để nhận số' },
  en: { entry: 'Booked / number from home', entryHint: 'Type your code or scan its QR to get your number' },
};
