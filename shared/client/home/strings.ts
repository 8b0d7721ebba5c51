// The installer's home page in Vietnamese (first) and English, NFC with full diacritics.
import type { SetupDevice, SetupStep } from '../../setup.js';
import type { PrinterState } from '../../types.js';

export type Lang = 'vi' | 'en';

const vi = {
  title: 'Lắp đặt Lượt',
  intro: 'Mở từng địa chỉ dưới đây trên đúng thiết bị: quét mã QR bằng thiết bị đó, hoặc gõ địa chỉ vào trình duyệt của nó.',
  switchLabel: 'English',
  addresses: 'Địa chỉ của máy chủ trong mạng nội bộ',
  noLan: 'Máy chủ chưa có địa chỉ mạng nội bộ (chưa nối mạng?): các địa chỉ dưới đây chỉ mở được trên chính máy này.',
  devices: 'Thiết bị',
  device: { kiosk: 'Ki-ốt lấy số', display: 'Màn hình gọi số (sảnh chờ)', staff: 'Cán bộ / Quản lý', counterDisplay: 'Màn hình quầy', booking: 'Lấy số từ xa / đặt lịch' },
  deviceHint: {
    kiosk: 'Màn hình cảm ứng cho công dân lấy số',
    display: 'TV ở sảnh chờ: hiện và đọc số được gọi',
    staff: 'Bảng gọi số ở quầy, giám sát, cài đặt, báo cáo',
    counterDisplay: 'Màn hình nhỏ tại quầy, có nút đánh giá',
    booking: 'Trang cho công dân lấy số hoặc đặt lịch từ nhà, trên điện thoại',
  },
  status: 'Tình trạng',
  printer: 'Máy in phiếu',
  printerState: { ok: 'Sẵn sàng', offline: 'Mất kết nối', paper_out: 'Hết giấy', error: 'Lỗi', disabled: 'Chưa cài đặt' } as Record<PrinterState, string>,
  disk: 'Ổ đĩa',
  diskOk: 'Ghi được bình thường',
  diskFailing: 'Không ghi được: mọi thao tác đang bị từ chối',
  checklist: 'Việc cần làm khi lắp đặt',
  done: 'Đã xong',
  todo: 'Chưa làm',
  step: {
    adminPassword: 'Đổi mật khẩu quản trị (mật khẩu được tạo khi cài đặt)',
    officeName: 'Đặt tên trung tâm',
    services: 'Khai báo lĩnh vực và giờ làm việc',
    counters: 'Khai báo quầy và lĩnh vực của từng quầy',
    testPrint: 'In thử một phiếu',
    displaySound: 'Bật âm thanh trên màn hình gọi số',
  } as Record<SetupStep, string>,
  /** Where each step is done: the staff app's own names for its pages. */
  how: {
    adminPassword: 'Đăng nhập «Cán bộ / Quản lý» bằng tài khoản admin: hệ thống yêu cầu đặt mật khẩu mới',
    officeName: 'Cán bộ / Quản lý → Cài đặt → Cơ quan → Tên cơ quan',
    services: 'Cán bộ / Quản lý → Cài đặt → Lĩnh vực',
    counters: 'Cán bộ / Quản lý → Cài đặt → Quầy',
    testPrint: 'Cán bộ / Quản lý → Cài đặt → Cơ quan → Máy in phiếu → In thử',
    displaySound: 'Mở màn hình gọi số, chạm «Bật âm thanh»',
  } as Record<SetupStep, string>,
  offline: 'Mất kết nối với máy chủ: thông tin có thể đã cũ.',
};

const en: typeof vi = {
  title: 'Setting up Lượt',
  intro: 'Open each address below on its own device: scan the QR code with that device, or type the address into its browser.',
  switchLabel: 'Tiếng Việt',
  addresses: "The server's addresses on the local network",
  noLan: 'The server has no local network address (not connected?): the addresses below open only on this machine.',
  devices: 'Devices',
  device: { kiosk: 'Ticket kiosk', display: 'Wall display (waiting hall)', staff: 'Staff / managers', counterDisplay: 'Counter display', booking: 'Numbers from home / booking' },
  deviceHint: {
    kiosk: 'The touchscreen where citizens take a number',
    display: 'The TV in the waiting hall: shows and says each call',
    staff: 'Counter panel, supervisor view, settings, reports',
    counterDisplay: 'The small screen at a counter, with rating buttons',
    booking: 'The page where citizens take a number or book a time from home, on a phone',
  },
  status: 'Status',
  printer: 'Ticket printer',
  printerState: { ok: 'Ready', offline: 'Not connected', paper_out: 'Out of paper', error: 'Error', disabled: 'Not set up' },
  disk: 'Disk',
  diskOk: 'Writing normally',
  diskFailing: 'Cannot write: every change is refused',
  checklist: 'First-run checklist',
  done: 'Done',
  todo: 'To do',
  step: {
    adminPassword: 'Change the admin password (the one made at install)',
    officeName: "Set the office's name",
    services: 'Set the services and their hours',
    counters: 'Set the counters and the services of each',
    testPrint: 'Print a test ticket',
    displaySound: 'Turn on sound on the wall display',
  },
  how: {
    adminPassword: 'Sign in to “Staff / managers” as admin: it asks for a new password',
    officeName: 'Staff / managers → Settings → Office → Name',
    services: 'Staff / managers → Settings → Services',
    counters: 'Staff / managers → Settings → Counters',
    testPrint: 'Staff / managers → Settings → Office → Ticket printer → Test print',
    displaySound: 'Open the wall display, tap “Bật âm thanh” (sound on)',
  },
  offline: 'Lost the connection to the server: this may be out of date.',
};

export const STRINGS: Record<Lang, typeof vi> = { vi, en };

export function deviceName(d: SetupDevice, lang: Lang): string {
  const s = STRINGS[lang];
  return d.kind === 'counterDisplay' ? `${s.device.counterDisplay} — ${d.label[lang]}` : s.device[d.kind];
}
