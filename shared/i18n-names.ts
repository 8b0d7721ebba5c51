// The names of closed reasons and priority groups, in Vietnamese first and English: the server
// prints and reports them, the apps show them.
import type { ClosedReason, Localized, Priority } from './types.js';

export const CLOSED_REASONS: Record<ClosedReason, Localized> = {
  inactive: { vi: 'Lĩnh vực tạm ngừng tiếp nhận', en: 'This service is not taking tickets' },
  day_off: { vi: 'Hôm nay là ngày nghỉ', en: 'Closed today' },
  before_hours: { vi: 'Chưa đến giờ tiếp nhận', en: 'Not open yet' },
  break: { vi: 'Đang nghỉ giữa giờ', en: 'On a break' },
  after_hours: { vi: 'Đã hết giờ tiếp nhận', en: 'Closed for today' },
  limit_reached: { vi: 'Đã hết số trong ngày', en: 'No more tickets today' },
};

export const PRIORITY_NAMES: Record<Priority, Localized> = {
  elderly: { vi: 'Người cao tuổi', en: 'Older person' },
  disabled: { vi: 'Người khuyết tật', en: 'Person with a disability' },
  pregnant: { vi: 'Phụ nữ mang thai', en: 'Pregnant woman' },
  child: { vi: 'Người đi cùng trẻ nhỏ', en: 'Person with a young child' },
  merit: { vi: 'Người có công với cách mạng', en: 'Person with meritorious service to the revolution' },
};
