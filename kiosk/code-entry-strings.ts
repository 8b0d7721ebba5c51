// The code entry's labels, Vietnamese first (NFC, "Ông/Bà" as everywhere on the kiosk).
import type { Lang } from './strings.js';

const vi = {
  digitsTitle: 'Nhập mã đặt lịch (6 chữ số)',
  fileCodeTitle: 'Nhập mã hồ sơ trên phiếu hẹn',
  scanHint: 'Hoặc đưa mã vạch / mã QR trên phiếu vào máy quét',
  erase: 'Xoá',
  clear: 'Xoá hết',
  ok: 'Xác nhận',
  cancel: 'Quay lại',
  letters: 'ABC',
  digits: '123',
  camera: 'Quét bằng camera',
  cameraStop: 'Tắt camera',
  cameraHint: 'Đưa mã QR trên phiếu vào trước camera',
  cameraFailed: 'Không mở được camera. Ông/Bà vui lòng nhập mã.',
  unreadable: 'Mã vừa quét không phải mã hợp lệ. Ông/Bà vui lòng thử lại hoặc nhập mã.',
  empty: 'Chưa nhập mã',
  entered: 'Mã đã nhập',
};

export type CodeEntryStrings = typeof vi;

const en: CodeEntryStrings = {
  digitsTitle: 'Enter your booking code (6 digits)',
  fileCodeTitle: 'Enter the file code on your receipt',
  scanHint: 'Or hold the receipt’s barcode / QR code to the scanner',
  erase: 'Erase',
  clear: 'Clear',
  ok: 'Confirm',
  cancel: 'Back',
  letters: 'ABC',
  digits: '123',
  camera: 'Scan with the camera',
  cameraStop: 'Stop the camera',
  cameraHint: 'Hold the QR code on your receipt up to the camera',
  cameraFailed: 'The camera could not be opened. Please type the code.',
  unreadable: 'That is not a valid code. Please try again or type it.',
  empty: 'No code entered',
  entered: 'Code entered',
};

export const CODE_ENTRY_STRINGS: Record<Lang, CodeEntryStrings> = { vi, en };
