// The labels of the staff screens (PIN pad, kiosk settings), kept apart from the citizens' strings:
// those screens are loaded only when a staff member opens them (see luot-kiosk-app.ts).
import type { Lang } from './strings.js';

const vi = {
  pinTitle: 'Nhập mã PIN quản trị',
  pinLabel: 'Mã PIN',
  pinDigits: (n: number) => (n === 0 ? 'chưa nhập chữ số nào' : `đã nhập ${n} chữ số`),
  unlock: 'Mở',
  erase: 'Xoá',
  cancel: 'Huỷ',
  checking: 'Đang kiểm tra…',
  settingsTitle: 'Cài đặt ki-ốt',
  settingsServices: 'Lĩnh vực hiển thị trên ki-ốt này',
  settingsServicesHint: 'Không chọn lĩnh vực nào thì hiển thị tất cả.',
  settingsLang: 'Ngôn ngữ mặc định',
  settingsKey: 'Mã ki-ốt (khi máy chủ yêu cầu)',
  settingsKeyHint: 'Để trống nếu máy chủ không đặt mã ki-ốt.',
  save: 'Lưu',
  langName: { vi: 'Tiếng Việt', en: 'English' } as Record<Lang, string>,
};

export type StaffStrings = typeof vi;

const en: StaffStrings = {
  pinTitle: 'Enter the admin PIN',
  pinLabel: 'PIN',
  pinDigits: (n) => (n === 0 ? 'no digits entered' : n === 1 ? '1 digit entered' : `${n} digits entered`),
  unlock: 'Unlock',
  erase: 'Delete',
  cancel: 'Cancel',
  checking: 'Checking…',
  settingsTitle: 'Kiosk settings',
  settingsServices: 'Services offered on this kiosk',
  settingsServicesHint: 'With none selected, all services are shown.',
  settingsLang: 'Default language',
  settingsKey: 'Kiosk key (when the server requires one)',
  settingsKeyHint: 'Leave empty if the server sets no kiosk key.',
  save: 'Save',
  langName: { vi: 'Tiếng Việt', en: 'English' },
};

export const STAFF_STRINGS: Record<Lang, StaffStrings> = { vi, en };
