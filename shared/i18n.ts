// Strings the server produces (errors, closed reasons), in Vietnamese first and English.
import type { Localized, TicketState } from './types.js';

// In their own module so that the kiosk, which needs only these, does not load MESSAGES.
export { CLOSED_REASONS, PRIORITY_NAMES } from './i18n-names.js';

export const STATE_NAMES: Record<TicketState, Localized> = {
  waiting: { vi: 'Đang chờ', en: 'Waiting' },
  called: { vi: 'Đang mời', en: 'Called' },
  serving: { vi: 'Đang phục vụ', en: 'Being served' },
  done: { vi: 'Đã xong', en: 'Done' },
  no_show: { vi: 'Vắng mặt', en: 'Did not come' },
  cancelled: { vi: 'Đã huỷ', en: 'Cancelled' },
  expired: { vi: 'Hết hạn', en: 'Expired' },
};

export const MESSAGES = {
  serviceNotFound: { vi: 'Không tìm thấy lĩnh vực', en: 'Service not found' },
  counterNotFound: { vi: 'Không tìm thấy quầy', en: 'Counter not found' },
  ticketNotFound: { vi: 'Không tìm thấy số thứ tự', en: 'Ticket not found' },
  userNotFound: { vi: 'Không tìm thấy người dùng', en: 'User not found' },
  counterClosed: { vi: 'Quầy chưa mở', en: 'The counter is not open' },
  counterPaused: { vi: 'Quầy đang tạm dừng', en: 'The counter is paused' },
  counterNotPaused: { vi: 'Quầy không tạm dừng', en: 'The counter is not paused' },
  counterTaken: { vi: 'Quầy đang do người khác phụ trách', en: 'Another staff member has this counter' },
  counterBusy: { vi: 'Quầy đang phục vụ một số khác chưa xong', en: 'The counter is still serving another ticket' },
  counterNoTicket: { vi: 'Quầy không có số đang phục vụ', en: 'The counter has no current ticket' },
  ticketNotWaiting: { vi: 'Số này không còn trong hàng chờ', en: 'This ticket is not waiting' },
  ticketNotCalled: { vi: 'Số này chưa được mời', en: 'This ticket has not been called' },
  ticketNotNoShow: { vi: 'Chỉ số đã vắng mặt mới gọi lại sau được', en: 'Only a no-show ticket can be put back' },
  putBackLimit: { vi: 'Số này đã được gọi lại sau đủ số lần văn phòng cho phép', en: 'This ticket has been put back as often as the office allows' },
  alarmNotFound: { vi: 'Báo động này đã kết thúc', en: 'This alarm has already ended' },
  alarmOwn: { vi: 'Người báo động không tự trả lời báo động của mình', en: 'You cannot answer your own alarm' },
  alarmEndForbidden: { vi: 'Chỉ người báo động hoặc giám sát viên kết thúc được báo động', en: 'Only the clerk who raised the alarm or a supervisor can end it' },
  ticketFinished: { vi: 'Số này đã được phục vụ xong hoặc đã huỷ', en: 'This ticket has already been served or cancelled' },
  requestReused: { vi: 'Mã yêu cầu này đã dùng cho một thao tác khác', en: 'This requestId was already used for another command' },
  serviceNotAtCounter: { vi: 'Quầy không phục vụ lĩnh vực này', en: 'This counter does not serve that service' },
  ticketForOtherCounter: { vi: 'Số này được chuyển cho quầy khác', en: 'This ticket was transferred to another counter' },
  transferSame: { vi: 'Không thể chuyển về chính nơi đang phục vụ', en: 'Cannot transfer to the same place' },
  ratingNotDone: { vi: 'Chỉ đánh giá được sau khi đã phục vụ xong', en: 'Only a finished ticket can be rated' },
  ratingTwice: { vi: 'Số này đã được đánh giá', en: 'This ticket has already been rated' },
  ratingTooLate: { vi: 'Đã quá thời gian đánh giá', en: 'Too late to rate' },
  ratingNothing: { vi: 'Chưa có lượt phục vụ nào để đánh giá', en: 'Nothing to rate yet' },
  ratingScale: { vi: 'Điểm vượt thang đánh giá', en: 'Score outside the rating scale' },
  unauthorized: { vi: 'Cần đăng nhập', en: 'Login required' },
  badLogin: { vi: 'Sai tên đăng nhập hoặc mật khẩu', en: 'Wrong username or password' },
  forbidden: { vi: 'Bạn không có quyền làm việc này', en: 'You are not allowed to do this' },
  rateLimited: { vi: 'Thao tác quá nhanh, vui lòng thử lại sau', en: 'Too many requests, try again later' },
  badKioskKey: { vi: 'Mã ki-ốt không đúng', en: 'Wrong kiosk key' },
  displayKeyNeeded: {
    vi: 'Chỉ màn hình của quầy này được ghi nhận đánh giá: quản trị viên cần ghép nối màn hình (Cài đặt → Quầy)',
    en: "Only this counter's own display may record ratings: an admin must pair the display (Settings → Counters)",
  },
  internal: { vi: 'Lỗi hệ thống, vui lòng thử lại', en: 'Internal error, please try again' },
  diskFailing: {
    vi: 'Hệ thống tạm thời không lưu được dữ liệu, vui lòng thử lại sau ít phút',
    en: 'The system cannot save data right now; please try again in a few minutes',
  },
  lastAdmin: { vi: 'Không thể xoá, khoá hoặc hạ quyền quản trị viên cuối cùng', en: 'The last admin cannot be removed, disabled or demoted' },
  usernameTaken: { vi: 'Tên đăng nhập đã tồn tại', en: 'Username already exists' },
  idTaken: { vi: 'Mã đã tồn tại', en: 'This id already exists' },
  numberTaken: { vi: 'Số quầy đã tồn tại', en: 'This counter number already exists' },
  unknownService: { vi: 'Lĩnh vực không tồn tại', en: 'Unknown service' },
  serviceInUse: { vi: 'Lĩnh vực còn số đang chờ hôm nay', en: 'The service still has tickets today' },
  counterInUse: { vi: 'Quầy đang mở', en: 'The counter is open' },
  invalid: { vi: 'Dữ liệu không hợp lệ', en: 'Invalid data' },
  notFound: { vi: 'Không tìm thấy', en: 'Not found' },
  webhookNotFound: { vi: 'Không tìm thấy địa chỉ webhook', en: 'Webhook endpoint not found' },
  integrationTokenNotFound: { vi: 'Không tìm thấy mã tích hợp', en: 'Integration token not found' },
  payloadTooLarge: { vi: 'Dữ liệu quá lớn', en: 'Payload too large' },
  accountDisabled: { vi: 'Tài khoản đã bị khoá, vui lòng liên hệ quản trị viên', en: 'This account is disabled; please contact an administrator' },
  // Issue 13: numbers from home.
  bookingOff: { vi: 'Trung tâm chưa mở đặt lịch trực tuyến cho lĩnh vực này', en: 'This office does not take bookings for this service' },
  bookingSlotInvalid: { vi: 'Khung giờ này không có trong lịch của trung tâm', en: 'This time slot is not offered' },
  bookingFull: { vi: 'Khung giờ này đã hết chỗ, vui lòng chọn giờ khác', en: 'This time slot is full; please choose another' },
  bookingLimit: {
    vi: 'Số điện thoại này đã đặt đủ số lần cho phép trong ngày ở lĩnh vực này',
    en: 'This phone number has made as many bookings for this service and day as allowed',
  },
  proofInvalid: { vi: 'Mã xác minh không đúng hoặc đã hết hạn, vui lòng thử lại', en: 'The verification is wrong or has expired; please try again' },
  bookingNotFound: { vi: 'Không tìm thấy lịch hẹn', en: 'Booking not found' },
  bookingUnknown: { vi: 'Mã lịch hẹn không đúng, vui lòng kiểm tra lại 6 chữ số', en: 'Unknown booking code; please check the 6 digits' },
  bookingUsed: { vi: 'Lịch hẹn này đã được xác nhận, số thứ tự đã in', en: 'This booking has already been checked in' },
  bookingExpired: {
    vi: 'Đã quá giờ hẹn: lịch hẹn không còn hiệu lực, mời lấy số thường',
    en: 'Too late for this booking: please take a regular ticket',
  },
  bookingEarly: { vi: 'Chưa đến giờ xác nhận lịch hẹn, vui lòng quay lại sau', en: 'Too early to check in; please come back later' },
  bookingFinished: { vi: 'Lịch hẹn này đã huỷ hoặc đã qua', en: 'This booking has been cancelled or is over' },
  passwordChangeRequired: {
    vi: 'Bạn cần đổi mật khẩu tạm thời trước khi tiếp tục',
    en: 'You must change your temporary password before continuing',
  },
  // Issue 15: results pickup.
  fileCodeInvalid: { vi: 'Mã hồ sơ không hợp lệ (chữ, số, dấu . và -)', en: 'Invalid file code (letters, digits, . and -)' },
  noPickupService: { vi: 'Trung tâm chưa có quầy trả kết quả', en: 'This office has no results pickup service' },
  resultNotReady: { vi: 'Hồ sơ này chưa có kết quả', en: 'This file has no result yet' },
} satisfies Record<string, Localized>;

export type MessageKey = keyof typeof MESSAGES;
