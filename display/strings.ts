// Every citizen-facing Vietnamese text of the display app (wall display, counter display, ticket
// page), in one place so the register stays one: "công dân" when the office speaks of a citizen,
// "Ông/Bà" when it speaks to one, never "quý khách" (shop language) or "bạn" (too familiar for
// an office). The glossary is in the README ("Wording").
import type { PublicCounter } from '../shared/types.js';

/** "Quầy 3", or the counter's own name ("Bàn tiếp nhận Đất đai") when the office calls counters by name. */
export function counterTitle(counter: Pick<PublicCounter, 'number' | 'label'>, byName: boolean): string {
  return byName && counter.label.vi.trim() ? counter.label.vi : `Quầy ${counter.number}`;
}

export const VI = {
  // Wall display
  officeFallback: 'Lượt — Màn hình gọi số',
  connecting: 'Đang kết nối máy chủ…',
  lost: 'Mất kết nối — đang kết nối lại',
  officeClosed: 'Trung tâm đã ngừng hoạt động',
  officeClosedHint: 'Màn hình này không còn gọi số. Vui lòng liên hệ cán bộ hướng dẫn.',
  staleSince: (time: string) => ` · dữ liệu cũ từ ${time}`,
  stale: 'Dữ liệu cũ',
  soundOn: 'Bật âm thanh',
  zone: (parts: string) => `Khu vực: ${parts}`,
  zoneCounters: (numbers: string) => `Quầy ${numbers}`,
  nobodyCalled: 'Chưa có số nào được mời',
  calling: 'Xin mời công dân có số',
  recall: 'Mời lần hai',
  recent: 'Vừa mời',
  waiting: 'Số người đang chờ',
  waitMin: (min: number) => `~${min} phút`,
  serviceStopped: 'Tạm ngừng',
  counters: 'Các quầy',

  // Counter display
  needCounter: 'Màn hình này chưa chọn quầy',
  noCounter: (param: string) => `Không có quầy «${param}»`,
  pickCounter: 'Chọn quầy của màn hình này:',
  staff: (name: string) => `Cán bộ tiếp nhận: ${name}`,
  nowServing: 'Số đang phục vụ',
  unpaired: 'Màn hình chưa được ghép nối để nhận đánh giá (quản trị viên: Cài đặt → Quầy)',
  ratingQuestion: 'Ông/Bà có hài lòng với sự phục vụ không?',
  ratingFor: (number: string) => `Số ${number}`,
  thanks: 'Xin cảm ơn Ông/Bà!',
  thanksRated: 'Xin cảm ơn Ông/Bà đã đánh giá!',
  ratingOffline: 'Không gửi được đánh giá do mất kết nối. Xin cảm ơn Ông/Bà!',
  counterDisplayTitle: 'Màn hình quầy — Lượt',

  // Ticket page
  calledTitle: (counter: string) => `Xin mời Ông/Bà đến ${counter} — Lượt`,
  numberTitle: (number: string) => `Số ${number} — Lượt`,
  sendFailed: 'Không gửi được, vui lòng thử lại khi có mạng.',
  missingTitle: 'Không tìm thấy số thứ tự',
  missing: 'Đường dẫn không đúng hoặc số đã hết hạn. Số thứ tự chỉ có giá trị trong ngày được cấp.',
  missingHint: 'Vui lòng lấy số mới tại ki-ốt hoặc liên hệ cán bộ hướng dẫn.',
  loadRetry: 'Chưa tải được thông tin, đang thử lại…',
  loading: 'Đang tải…',
  yourNumber: 'Số thứ tự của Ông/Bà',
  issuedAt: (time: string) => `Lấy số lúc ${time}`,
  selfUpdating: 'Trang tự cập nhật, không cần tải lại.',
  ahead: 'người chờ trước Ông/Bà',
  waitEstimate: 'phút chờ dự kiến',
  next: 'Sắp đến lượt Ông/Bà — vui lòng chú ý màn hình và loa gọi số.',
  called: (counter: string) => `Xin mời Ông/Bà đến ${counter}`,
  calledTimes: (n: number) => `Đã mời ${n} lần`,
  serving: (counter: string) => `Ông/Bà đang được phục vụ tại ${counter}`,
  done: 'Đã phục vụ xong. Xin cảm ơn Ông/Bà!',
  noShow: 'Ông/Bà đã không có mặt khi được mời. Vui lòng liên hệ cán bộ hướng dẫn.',
  cancelled: 'Số thứ tự này đã bị huỷ.',
  expired: 'Số thứ tự này đã hết hạn (số chỉ có giá trị trong ngày).',
  rated: 'Xin cảm ơn Ông/Bà đã đánh giá!',
  rateQuestion: 'Ông/Bà có hài lòng với sự phục vụ không?',
  comment: 'Góp ý (không bắt buộc)',
  sendRating: 'Gửi đánh giá',
};

/**
 * The counter inside a sentence: "quầy số 3", or its name with a small first letter ("bàn tiếp
 * nhận Đất đai"; the rest keeps the capitals staff typed).
 */
export function counterInSentence(counter: Pick<PublicCounter, 'number' | 'label'> | undefined, byName: boolean): string {
  if (!counter) return 'quầy';
  if (!byName || !counter.label.vi.trim()) return `quầy số ${counter.number}`;
  const name = counter.label.vi.trim();
  return name.charAt(0).toLocaleLowerCase('vi') + name.slice(1);
}
