// Words and dates as the displays show them, in the office's time zone whatever the PC's clock zone.
import type { CounterStatus, Localized } from '../shared/types.js';

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const WEEKDAYS_VI: Record<string, string> = {
  Sun: 'Chủ Nhật', Mon: 'Thứ Hai', Tue: 'Thứ Ba', Wed: 'Thứ Tư', Thu: 'Thứ Năm', Fri: 'Thứ Sáu', Sat: 'Thứ Bảy',
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Zones that keep one offset all year, in minutes east of UTC: Vietnam has had UTC+7 without
 * daylight saving since 1975. Their clock is plain arithmetic; a zone through Intl costs the
 * wall display's start ~20 ms of main thread (ICU loads its time-zone data on first use).
 */
const FIXED_OFFSET_MIN: Record<string, number> = { 'Asia/Ho_Chi_Minh': 420, 'Asia/Saigon': 420 };
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const FIXED_SINCE = Date.UTC(1976, 0, 1);

function parts(date: Date, timeZone: string): Record<string, string> {
  const offset = FIXED_OFFSET_MIN[timeZone];
  if (offset !== undefined && date.getTime() >= FIXED_SINCE) {
    const d = new Date(date.getTime() + offset * 60_000);
    const two = (n: number) => String(n).padStart(2, '0');
    return {
      weekday: WEEKDAYS_EN[d.getUTCDay()]!, day: two(d.getUTCDate()), month: two(d.getUTCMonth() + 1),
      year: String(d.getUTCFullYear()), hour: two(d.getUTCHours()), minute: two(d.getUTCMinutes()),
    };
  }
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone, weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return Object.fromEntries(f.formatToParts(date).map((p) => [p.type, p.value]));
}

/** "Thứ Năm, 26/11/2026 08:15" */
export function formatDateTimeVi(date: Date, timeZone = DEFAULT_TIME_ZONE): string {
  const p = parts(date, timeZone);
  return `${WEEKDAYS_VI[p.weekday!] ?? p.weekday}, ${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** "08:15" of an ISO time, in the office's zone. */
export function formatTimeVi(iso: string, timeZone = DEFAULT_TIME_ZONE): string {
  const p = parts(new Date(iso), timeZone);
  return `${p.hour}:${p.minute}`;
}

export const COUNTER_STATUS_VI: Record<CounterStatus, Localized> = {
  calling: { vi: 'Đang mời', en: 'Calling' },
  serving: { vi: 'Đang phục vụ', en: 'Serving' },
  paused: { vi: 'Tạm dừng', en: 'Paused' },
  closed: { vi: 'Quầy đã đóng', en: 'Closed' },
  idle: { vi: 'Sẵn sàng', en: 'Ready' },
};

export interface RatingLevel {
  score: number;
  label: string;
  color: string;
  /** Mouth curve for the face icon: 1 a broad smile, -1 a frown. */
  mood: number;
}

/** Best first; a higher score is better. White text on each colour passes WCAG AA. */
export function ratingLevels(scale: 3 | 5): RatingLevel[] {
  if (scale === 3) {
    return [
      { score: 3, label: 'Rất hài lòng', color: '#17663a', mood: 1 },
      { score: 2, label: 'Hài lòng', color: '#2f6f9c', mood: 0.5 },
      { score: 1, label: 'Không hài lòng', color: '#b91c1c', mood: -1 },
    ];
  }
  return [
    { score: 5, label: 'Rất hài lòng', color: '#17663a', mood: 1 },
    { score: 4, label: 'Hài lòng', color: '#2f6f9c', mood: 0.5 },
    { score: 3, label: 'Bình thường', color: '#6b5a00', mood: 0 },
    { score: 2, label: 'Không hài lòng', color: '#b4410b', mood: -0.5 },
    { score: 1, label: 'Rất không hài lòng', color: '#b91c1c', mood: -1 },
  ];
}
