// Every kiosk label in Vietnamese (the default) and English. Vietnamese is written with full
// diacritics in NFC; the kiosk test checks that no Vietnamese label is left on the English screen.
// One register (README "Wording"): the kiosk speaks to the citizen as "Ông/Bà", never "bạn"
// (too familiar for an office) or "quý khách" (shop language). The sentences "Nghe hướng dẫn"
// reads aloud are in guide-strings.ts, loaded with the guidance at the first press (the kiosk's
// start-up script has a size budget).
import type { Localized } from '../shared/types.js';

export type Lang = 'vi' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'en'];

export const pick = (text: Localized, lang: Lang): string => text[lang];

function minutesVi(min: number): string {
  if (min < 60) return `${min} phút`;
  const h = Math.floor(min / 60);
  const m = min % 60;
  return m ? `${h} giờ ${m} phút` : `${h} giờ`;
}

function minutesEn(min: number): string {
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  const m = min % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

const vi = {
  pageTitle: 'Lấy số thứ tự',
  instruction: 'Chạm vào lĩnh vực để lấy số thứ tự',
  /** The language switch names the other language, in that language. */
  switchLabel: 'English',
  switchLang: 'en' as Lang,
  waiting: (n: number) => (n === 0 ? 'Không có người chờ' : `Đang chờ: ${n} người`),
  wait: (min: number) => (min <= 0 ? 'Không phải chờ' : `Chờ khoảng ${minutesVi(min)}`),
  opensAt: (when: string) => `Mở lại lúc ${when}`,
  noServices: 'Ki-ốt này chưa có lĩnh vực nào để lấy số. Vui lòng liên hệ cán bộ hướng dẫn.',
  priority: 'Ưu tiên',
  priorityHint: 'Người cao tuổi, người khuyết tật, phụ nữ mang thai, người đi cùng trẻ nhỏ, người có công với cách mạng',
  priorityQuestion: 'Ông/Bà thuộc đối tượng ưu tiên nào?',
  priorityChosen: (group: string) => `Ưu tiên: ${group}`,
  chooseService: 'Chọn lĩnh vực để lấy số ưu tiên',
  back: 'Quay lại',
  yourNumber: 'Số thứ tự của Ông/Bà',
  ahead: 'Số người chờ trước Ông/Bà',
  estimatedWait: 'Thời gian chờ dự kiến',
  minutes: (min: number) => (min <= 0 ? 'Sắp đến lượt' : `Khoảng ${minutesVi(min)}`),
  scanQr: 'Quét mã để theo dõi lượt của Ông/Bà trên điện thoại',
  qrAlt: 'Mã QR dẫn đến trang theo dõi số thứ tự',
  takePaper: 'Vui lòng nhận phiếu ở máy in.',
  printing: 'Đang in phiếu…',
  printTrouble: 'Máy in chưa in được phiếu.',
  noPaper: 'Ki-ốt này không in phiếu.',
  noteNumber: 'Vui lòng ghi lại hoặc chụp ảnh số thứ tự',
  done: 'Xong',
  noted: 'Tôi đã ghi lại số',
  returnsIn: (s: number) => `Tự trở về màn hình chính sau ${s} giây`,
  issuing: 'Đang lấy số…',
  issueFailed: 'Chưa lấy được số, vui lòng thử lại.',
  notIssued: 'Không lấy được số',
  connecting: 'Đang kết nối…',
  lost: 'Mất kết nối — đang kết nối lại…',
  lostHint: 'Vui lòng chờ trong giây lát. Nếu lâu không được, vui lòng liên hệ cán bộ hướng dẫn.',
  refused: 'Ki-ốt chưa được cấp quyền lấy số',
  refusedHint: 'Cán bộ vui lòng nhập mã ki-ốt trong phần cài đặt của ki-ốt.',
  closed: 'Trung tâm đã ngừng hoạt động',
  closedHint: 'Ki-ốt này không còn cấp số thứ tự. Vui lòng liên hệ cán bộ hướng dẫn.',
  openSettings: 'Cài đặt (dành cho cán bộ)',
  printerBanner: 'Máy in đang gặp sự cố: số thứ tự sẽ hiện trên màn hình để Ông/Bà ghi lại.',
  guide: 'Nghe hướng dẫn',
  guideStop: 'Dừng đọc',
};

export type Strings = typeof vi;

const en: Strings = {
  pageTitle: 'Take a number',
  instruction: 'Tap a service to take a number',
  switchLabel: 'Tiếng Việt',
  switchLang: 'vi',
  waiting: (n) => (n === 0 ? 'Nobody waiting' : n === 1 ? '1 person waiting' : `${n} people waiting`),
  wait: (min) => (min <= 0 ? 'No wait' : `About ${minutesEn(min)} wait`),
  opensAt: (when) => `Opens again at ${when}`,
  noServices: 'This kiosk has no service to take a number for. Please tell a staff member.',
  priority: 'Priority',
  priorityHint: 'Older people, persons with a disability, pregnant women, people with a young child, persons with meritorious service to the revolution',
  priorityQuestion: 'Which priority group are you in?',
  priorityChosen: (group) => `Priority: ${group}`,
  chooseService: 'Choose a service for a priority number',
  back: 'Back',
  yourNumber: 'Your number',
  ahead: 'People ahead of you',
  estimatedWait: 'Estimated wait',
  minutes: (min) => (min <= 0 ? 'Almost your turn' : `About ${minutesEn(min)}`),
  scanQr: 'Scan to follow your turn on your phone',
  qrAlt: 'QR code linking to the page that follows your number',
  takePaper: 'Please take your ticket from the printer.',
  printing: 'Printing…',
  printTrouble: 'The printer could not print your ticket.',
  noPaper: 'This kiosk does not print tickets.',
  noteNumber: 'Please write down or take a photo of your number',
  done: 'Done',
  noted: 'I have noted my number',
  returnsIn: (s) => `Back to the start screen in ${s} s`,
  issuing: 'Getting your number…',
  issueFailed: 'Could not get a number, please try again.',
  notIssued: 'No number issued',
  connecting: 'Connecting…',
  lost: 'Connection lost — reconnecting…',
  lostHint: 'Please wait a moment. If this lasts, please tell a staff member.',
  refused: 'This kiosk is not authorised to issue numbers',
  refusedHint: 'Staff: please enter the kiosk key in the kiosk settings.',
  closed: 'This office has closed',
  closedHint: 'This kiosk no longer issues numbers. Please ask a staff member.',
  openSettings: 'Settings (staff only)',
  printerBanner: 'The printer has a problem: your number will be shown on screen for you to note.',
  guide: 'Listen to the instructions',
  guideStop: 'Stop reading',
};

export const STRINGS: Record<Lang, Strings> = { vi, en };

/**
 * "07:30" today, "07:30, Thứ Hai 12/5" on another day. The office time zone is not in the
 * snapshot, but the ISO string already carries the office's wall-clock time next to its offset:
 * its fields are read as they are (and the date formatted as UTC), so the kiosk PC's own time
 * zone setting cannot shift them.
 */
export function formatNextOpen(iso: string, serviceDay: string, lang: Lang): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (!m) return iso;
  const [, day, hh, mm] = m as unknown as [string, string, string, string];
  const time = `${hh}:${mm}`;
  if (day === serviceDay) return time;
  const date = new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: lang === 'vi' ? 'numeric' : 'long',
  }).format(new Date(`${day}T00:00:00Z`));
  return lang === 'vi' ? `${time}, ${date}` : `${time} on ${date}`;
}
