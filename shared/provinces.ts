// The 34 provinces and centrally-run cities after the 2025 reorganisation (Resolution
// 202/2025/QH15 of 12 June 2025; the new provinces work from 1 July 2025), and the number
// reading each one's offices default to.
// The one place the province → reading rule lives: an office may always set its reading by hand.
import type { NumberReading } from './voice.js';

export interface Province {
  /** ASCII id stored in the settings. */
  id: string;
  /** Vietnamese name, NFC. */
  name: string;
  /**
   * Northern (linh, nghìn) for the North and the North-Central coast down to Huế; Southern
   * (lẻ, ngàn) from Đà Nẵng southwards: the South-Central coast, the Central Highlands and the
   * South, where "lẻ" and "ngàn" are the everyday forms. A default only: a province on the
   * boundary (Huế, Đà Nẵng) sets its office's reading by hand when it says otherwise.
   */
  reading: NumberReading;
}

export const PROVINCES: readonly Province[] = [
  { id: 'ha-noi', name: 'Thành phố Hà Nội', reading: 'north' },
  { id: 'hai-phong', name: 'Thành phố Hải Phòng', reading: 'north' },
  { id: 'hue', name: 'Thành phố Huế', reading: 'north' },
  { id: 'da-nang', name: 'Thành phố Đà Nẵng', reading: 'south' },
  { id: 'ho-chi-minh', name: 'Thành phố Hồ Chí Minh', reading: 'south' },
  { id: 'can-tho', name: 'Thành phố Cần Thơ', reading: 'south' },
  { id: 'an-giang', name: 'Tỉnh An Giang', reading: 'south' },
  { id: 'bac-ninh', name: 'Tỉnh Bắc Ninh', reading: 'north' },
  { id: 'ca-mau', name: 'Tỉnh Cà Mau', reading: 'south' },
  { id: 'cao-bang', name: 'Tỉnh Cao Bằng', reading: 'north' },
  { id: 'dak-lak', name: 'Tỉnh Đắk Lắk', reading: 'south' },
  { id: 'dien-bien', name: 'Tỉnh Điện Biên', reading: 'north' },
  { id: 'dong-nai', name: 'Tỉnh Đồng Nai', reading: 'south' },
  { id: 'dong-thap', name: 'Tỉnh Đồng Tháp', reading: 'south' },
  { id: 'gia-lai', name: 'Tỉnh Gia Lai', reading: 'south' },
  { id: 'ha-tinh', name: 'Tỉnh Hà Tĩnh', reading: 'north' },
  { id: 'hung-yen', name: 'Tỉnh Hưng Yên', reading: 'north' },
  { id: 'khanh-hoa', name: 'Tỉnh Khánh Hoà', reading: 'south' },
  { id: 'lai-chau', name: 'Tỉnh Lai Châu', reading: 'north' },
  { id: 'lam-dong', name: 'Tỉnh Lâm Đồng', reading: 'south' },
  { id: 'lang-son', name: 'Tỉnh Lạng Sơn', reading: 'north' },
  { id: 'lao-cai', name: 'Tỉnh Lào Cai', reading: 'north' },
  { id: 'nghe-an', name: 'Tỉnh Nghệ An', reading: 'north' },
  { id: 'ninh-binh', name: 'Tỉnh Ninh Bình', reading: 'north' },
  { id: 'phu-tho', name: 'Tỉnh Phú Thọ', reading: 'north' },
  { id: 'quang-ngai', name: 'Tỉnh Quảng Ngãi', reading: 'south' },
  { id: 'quang-ninh', name: 'Tỉnh Quảng Ninh', reading: 'north' },
  { id: 'quang-tri', name: 'Tỉnh Quảng Trị', reading: 'north' },
  { id: 'son-la', name: 'Tỉnh Sơn La', reading: 'north' },
  { id: 'tay-ninh', name: 'Tỉnh Tây Ninh', reading: 'south' },
  { id: 'thai-nguyen', name: 'Tỉnh Thái Nguyên', reading: 'north' },
  { id: 'thanh-hoa', name: 'Tỉnh Thanh Hoá', reading: 'north' },
  { id: 'tuyen-quang', name: 'Tỉnh Tuyên Quang', reading: 'north' },
  { id: 'vinh-long', name: 'Tỉnh Vĩnh Long', reading: 'south' },
];

export const PROVINCE_IDS = PROVINCES.map((p) => p.id) as [string, ...string[]];

/** What the office setting allows: a reading by hand, or `auto` (from the province, Northern without one). */
export type NumberReadingSetting = NumberReading | 'auto';
export const NUMBER_READING_SETTINGS: readonly NumberReadingSetting[] = ['auto', 'north', 'south'];

/** The reading an office's calls use. */
export function officeReading(setting: NumberReadingSetting, province: string | null): NumberReading {
  if (setting !== 'auto') return setting;
  return PROVINCES.find((p) => p.id === province)?.reading ?? 'north';
}
