// The kiosk's booking check-in words (issue 13), Vietnamese first (NFC, "Ông/Bà" as everywhere
// on the kiosk). The server's messages say the specifics (when to come back); these frame them.
// Only the check-in chunk imports this; the start screen's button has check-in-entry-strings.ts.
import type { Lang } from './strings.js';

const vi = {
  title: 'Nhập mã đặt lịch (6 chữ số) hoặc quét mã QR',
  unknown: 'Không tìm thấy mã đặt lịch này. Ông/Bà vui lòng kiểm tra lại mã.',
  used: 'Mã này đã được dùng để lấy số.',
  early: 'Chưa đến giờ xác nhận.',
  comeBack: (time: string) => `Ông/Bà vui lòng quay lại từ ${time}.`,
  expired: 'Đã quá giờ hẹn. Ông/Bà có thể lấy số trực tiếp.',
  walkIn: 'Lấy số trực tiếp',
  offline: 'Mất kết nối máy chủ, vui lòng thử lại.',
};

export type CheckInStrings = typeof vi;

const en: CheckInStrings = {
  title: 'Enter your booking code (6 digits) or scan its QR',
  unknown: 'This booking code was not found. Please check the code.',
  used: 'This code has already been used.',
  early: 'Too early to check in.',
  comeBack: (time: string) => `Please come back from ${time}.`,
  expired: 'Your time has passed. You can take a walk-in number.',
  walkIn: 'Take a walk-in number',
  offline: 'Lost connection to the server, please try again.',
};

export const CHECK_IN_STRINGS: Record<Lang, CheckInStrings> = { vi, en };
