// What an empty data folder starts with: settings, the first admin, and (for the demo) an office.
import { randomUUID } from 'node:crypto';
import type { Counter, Service } from '../shared/types.js';
import { generatePassword, hashPassword } from './auth.js';
import { defaultSettings } from './store/config.js';
import type { DeploymentSeed } from './store/deployment.js';

const officeHours = {
  weekly: {
    mon: [{ from: '07:30', to: '11:30' }, { from: '13:30', to: '17:00' }],
    tue: [{ from: '07:30', to: '11:30' }, { from: '13:30', to: '17:00' }],
    wed: [{ from: '07:30', to: '11:30' }, { from: '13:30', to: '17:00' }],
    thu: [{ from: '07:30', to: '11:30' }, { from: '13:30', to: '17:00' }],
    fri: [{ from: '07:30', to: '11:30' }, { from: '13:30', to: '17:00' }],
    sat: [{ from: '07:30', to: '11:30' }],
  },
  daysOff: [],
};

function service(id: string, vi: string, en: string, prefix: string, start: number, digits: number, order: number, extra: Partial<Service> = {}): Service {
  return { id, name: { vi, en }, prefix, start, digits, targetWaitMin: 15, dailyLimit: null, active: true, hours: null, order, ...extra };
}

export const DEMO_SERVICES: Service[] = [
  service('dat-dai', 'Đất đai', 'Land', 'A', 1, 3, 1, { targetWaitMin: 20 }),
  service('ho-tich', 'Hộ tịch', 'Civil registration', 'B', 1, 3, 2),
  service('tu-phap', 'Tư pháp – Chứng thực', 'Justice – Certification', '', 1001, 4, 3, { targetWaitMin: 10 }),
  service('dkkd', 'Đăng ký kinh doanh', 'Business registration', 'C', 1, 3, 4),
  // Office hours on one line show the kiosk's "closed, opens at…" state in the demo.
  service('xay-dung', 'Xây dựng', 'Construction', '', 2001, 4, 5, { hours: officeHours, dailyLimit: 200 }),
  // The 2025 reform split the former Labour–Invalids–Social Affairs field: a commune centre now
  // takes social protection and meritorious-service files (the id is kept: data and tests use it).
  service('ldtbxh', 'Bảo trợ xã hội – Người có công', 'Social protection – Meritorious service', 'D', 1, 3, 6),
];

function counter(n: number, serviceIds: string[]): Counter {
  return { id: `q${n}`, number: n, label: { vi: `Quầy ${n}`, en: `Counter ${n}` }, serviceIds };
}

export const DEMO_COUNTERS: Counter[] = [
  counter(1, ['dat-dai', 'xay-dung']),
  counter(2, ['dat-dai']),
  counter(3, ['ho-tich', 'tu-phap']),
  counter(4, ['tu-phap', 'ho-tich']),
  counter(5, ['dkkd', 'ldtbxh']),
  counter(6, ['ldtbxh', 'dkkd', 'xay-dung']),
];

/** The default office's slug in a new data folder (the demo's is the ward it plays). */
export const DEFAULT_SLUG = 'trung-tam';
export const DEMO_SLUG = 'phuong-ben-thanh';

export interface Seeded {
  config: DeploymentSeed;
  /** Set when the admin password was generated: shown once, changed at first login. */
  generatedPassword: string | null;
}

export async function seedConfig(opts: { demo: boolean; adminPassword?: string | undefined; printer?: string | undefined }): Promise<Seeded> {
  const generatedPassword = opts.adminPassword ? null : generatePassword();
  const settings = defaultSettings(opts.printer ?? 'none');
  if (opts.demo) {
    // A ward's centre under the 2025 names (the two-level local government of 1 July 2025).
    settings.officeName = { vi: 'Trung tâm Phục vụ hành chính công phường Bến Thành', en: 'Public Administrative Service Centre — Ben Thanh Ward' };
    settings.province = 'ho-chi-minh';
    settings.kioskPin = '1234';
  }
  return {
    generatedPassword,
    config: {
      office: {
        slug: opts.demo ? DEMO_SLUG : DEFAULT_SLUG,
        config: {
          settings,
          services: opts.demo ? structuredClone(DEMO_SERVICES) : [],
          counters: opts.demo ? structuredClone(DEMO_COUNTERS) : [],
        },
      },
      users: [
        {
          id: randomUUID(),
          username: 'admin',
          name: 'Quản trị viên',
          role: 'admin',
          hash: await hashPassword(opts.adminPassword ?? generatedPassword!),
          mustChangePassword: generatedPassword !== null,
          officeId: null,
        },
      ],
    },
  };
}

/** The demo's other offices (`LUOT_DEMO_OFFICES=3`): a province of a few centres to look at. */
export const DEMO_OFFICES = [
  { slug: 'phuong-sai-gon', name: { vi: 'Trung tâm Phục vụ hành chính công phường Sài Gòn', en: 'Sai Gon Ward Public Service Centre' } },
  { slug: 'xa-binh-chanh', name: { vi: 'Trung tâm Phục vụ hành chính công xã Bình Chánh', en: 'Binh Chanh Commune Public Service Centre' } },
  { slug: 'phuong-cho-lon', name: { vi: 'Trung tâm Phục vụ hành chính công phường Chợ Lớn', en: 'Cho Lon Ward Public Service Centre' } },
];
