// The first-run checklist of the installer's home page, computed in one place from what the
// office already holds: accounts, configuration, and the two steps only a device can show
// (a test print that printed, a display whose sound plays), which are recorded when they happen.
import { SETUP_STEPS, type SetupDevice, type SetupState, type SetupStep } from '../shared/setup.js';
import { lanAddresses } from './lan.js';
import type { Office } from './office.js';
import { defaultSettings } from './store/config.js';

/** The steps a device reports, and where each is kept (ConfigData.setup). */
export type RecordedStep = Extract<SetupStep, 'testPrint' | 'displaySound'>;

function stepDone(office: Office, step: SetupStep): boolean {
  const { settings, services, counters, setup } = office.config;
  switch (step) {
    case 'adminPassword': {
      // A generated password must be changed at first login; one the installer chose
      // (LUOT_ADMIN_PASSWORD) or changed is theirs.
      const admins = office.accounts.users.filter((u) => u.role === 'admin' && !u.disabled);
      return admins.length > 0 && admins.every((u) => !u.mustChangePassword);
    }
    case 'officeName':
      return settings.officeName.vi !== defaultSettings().officeName.vi;
    case 'services':
      // A service without hours of its own is open whenever the office is: both are a choice made.
      return services.some((s) => s.active);
    case 'counters':
      return counters.some((c) => c.serviceIds.some((id) => services.some((s) => s.id === id && s.active)));
    case 'testPrint':
      return Boolean(setup?.testPrintAt);
    case 'displaySound':
      return Boolean(setup?.displaySoundAt);
  }
}

export function setupState(office: Office, port: number, addresses: string[] = lanAddresses()): SetupState {
  const prefix = office.pathPrefix;
  const counters = [...office.config.counters].sort((a, b) => a.number - b.number);
  const devices: SetupDevice[] = [
    { kind: 'kiosk', path: `${prefix}/kiosk/` },
    { kind: 'display', path: `${prefix}/display/` },
    ...counters.map((c) => ({ kind: 'counterDisplay' as const, path: `${prefix}/display/?counter=${c.number}`, counter: c.number, label: c.label })),
    { kind: 'staff', path: `${prefix}/counter/` },
    // Issue 13: the citizens' booking page, once the office takes bookings (its QR goes on the poster too).
    ...(office.engine.bookingOpen() ? [{ kind: 'booking' as const, path: `${prefix}/dat-lich/` }] : []),
  ];
  const disk = office.disk.status;
  return {
    office: { name: office.settings.officeName },
    origins: addresses.map((a) => `http://${a}:${port}`),
    devices,
    printer: office.printerStatus(),
    disk: { status: disk.status, since: disk.since },
    checklist: SETUP_STEPS.map((step) => ({ step, done: stepDone(office, step) })),
  };
}

const FIELD: Record<RecordedStep, 'testPrintAt' | 'displaySoundAt'> = { testPrint: 'testPrintAt', displaySound: 'displaySoundAt' };

/**
 * Records that a device did a step (the first time only: a display reports its sound at every
 * load, and a write per load would be for nothing). Not public config: no `config:changed`.
 */
export async function recordSetupStep(office: Office, step: RecordedStep, at: Date): Promise<void> {
  const field = FIELD[step];
  if (office.config.setup?.[field]) return;
  await office.updateConfig((d) => {
    d.setup = { ...d.setup, [field]: d.setup?.[field] ?? at.toISOString() };
  }, { public: false });
}
