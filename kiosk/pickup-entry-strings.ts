// The start screen's "Nhận kết quả" button (issue 15), apart from the pickup screen's messages
// (pickup-strings.ts), which load with that screen and stay out of the start-up script.
import type { Lang } from './strings.js';

export const PICKUP_ENTRY: Record<Lang, { entry: string; entryHint: string }> = {
  vi: { entry: 'Nhận kết quả', entryHint: 'Quét hoặc nhập mã hồ sơ trên phiếu hẹn trả kết quả' },
  en: { entry: 'Collect a result', entryHint: 'Scan or type the file code on your receipt' },
};
