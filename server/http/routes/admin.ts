// Configuration for admins: services, counters, users, settings. Every public change reaches
// kiosks and displays at once through the `config:changed` event.
import { randomBytes, randomUUID } from 'node:crypto';
import { Router } from 'express';
import {
  counterSchema, counterUpdateSchema, serviceSchema, serviceUpdateSchema, settingsUpdateSchema,
  userCreateSchema, userUpdateSchema,
} from '../../../shared/schemas.js';
import type { Counter, Service } from '../../../shared/types.js';
import { hashPassword, inOffice, isProvinceAdmin } from '../../auth.js';
import type { ConfigData, UserRecord } from '../../store/config.js';
import type { DeploymentData } from '../../store/deployment.js';
import { displayKeyHash } from '../../realtime/display.js';
import { luotError, parse } from '../../validate.js';
import type { HttpDeps } from '../app.js';
import { ok, requireRole } from '../respond.js';
import { publicUser } from './auth.js';

function checkServiceIds(d: ConfigData, ids: string[] | undefined): void {
  const known = new Set(d.services.map((s) => s.id));
  const bad = ids?.find((id) => !known.has(id));
  if (bad) throw luotError('invalid', 'unknownService', { field: 'serviceIds' });
}

/** A disabled admin cannot log in: only enabled province admins keep the deployment administrable. */
function isLastActiveAdmin(d: DeploymentData, u: UserRecord): boolean {
  const active = (x: UserRecord) => x.role === 'admin' && !x.disabled;
  return active(u) && d.users.filter(active).length <= 1;
}

/**
 * Accounts seen from an office: its own, and the province's (which work everywhere). An office
 * admin manages its own office's accounts only, and makes no province admin; a province admin
 * manages every account. A new account belongs to the office it was made in, except a province
 * admin (`admin`), which belongs to the province.
 */
function manages(actor: UserRecord, u: UserRecord, officeId: string): boolean {
  if (isProvinceAdmin(actor)) return true;
  return u.officeId === officeId && u.role !== 'admin';
}

function checkCounterNumber(d: ConfigData, c: Pick<Counter, 'id' | 'number'>): void {
  if (d.counters.some((o) => o.id !== c.id && o.number === c.number)) throw luotError('conflict', 'numberTaken', { field: 'number' });
}

/**
 * Fix: zod 4 applies `.default()` inside `.partial()`, so `serviceUpdateSchema` turned
 * `PUT /api/services/:id { active: false }` into `{ active: false, order: 0 }` and silently
 * reset the kiosk order. A partial update keeps only the keys the client actually sent.
 */
function sentKeys<T extends object>(patch: T, body: unknown): Partial<T> {
  const keys = new Set(body !== null && typeof body === 'object' ? Object.keys(body) : []);
  return Object.fromEntries(Object.entries(patch).filter(([k]) => keys.has(k))) as Partial<T>;
}

export function adminRoutes(deps: HttpDeps): Router {
  const { office, now } = deps;
  const r = Router();
  const admin = requireRole(office, 'office_admin', now);
  const find = <T extends { id: string }>(list: T[], id: string, key: 'serviceNotFound' | 'counterNotFound' | 'userNotFound'): T => {
    const item = list.find((x) => x.id === id);
    if (!item) throw luotError('not_found', key);
    return item;
  };

  // Services and counters are readable by any staff member (the panels need them).
  r.get('/services', requireRole(office, 'staff', now), (_req, res) => ok(res, { services: office.config.services }));
  r.get('/counters', requireRole(office, 'staff', now), (_req, res) => ok(res, { counters: office.config.counters }));

  r.post('/services', admin, async (req, res) => {
    const s = parse(serviceSchema, req.body) as Service;
    await office.updateConfig((d) => {
      if (d.services.some((o) => o.id === s.id)) throw luotError('conflict', 'idTaken', { field: 'id' });
      d.services.push(s);
    });
    ok(res, { service: s }, 201);
  });
  r.put('/services/:id', admin, async (req, res) => {
    const patch = sentKeys(parse(serviceUpdateSchema, req.body), req.body);
    const service = await office.updateConfig((d) => Object.assign(find(d.services, req.params.id as string, 'serviceNotFound'), patch));
    ok(res, { service });
  });
  r.delete('/services/:id', admin, async (req, res) => {
    const id = req.params.id as string;
    if ((office.engine.publicService(id)?.waiting ?? 0) > 0) throw luotError('conflict', 'serviceInUse');
    await office.updateConfig((d) => {
      find(d.services, id, 'serviceNotFound');
      d.services = d.services.filter((s) => s.id !== id);
      for (const c of d.counters) c.serviceIds = c.serviceIds.filter((x) => x !== id);
    });
    ok(res);
  });

  r.post('/counters', admin, async (req, res) => {
    const c = parse(counterSchema, req.body);
    await office.updateConfig((d) => {
      if (d.counters.some((o) => o.id === c.id)) throw luotError('conflict', 'idTaken', { field: 'id' });
      checkServiceIds(d, c.serviceIds);
      checkCounterNumber(d, c);
      d.counters.push(c);
    });
    ok(res, { counter: c }, 201);
  });
  r.put('/counters/:id', admin, async (req, res) => {
    const patch = sentKeys(parse(counterUpdateSchema, req.body), req.body);
    const counter = await office.updateConfig((d) => {
      const c = find(d.counters, req.params.id as string, 'counterNotFound');
      checkServiceIds(d, patch.serviceIds);
      if (patch.number !== undefined) checkCounterNumber(d, { id: c.id, number: patch.number });
      return Object.assign(c, patch);
    });
    ok(res, { counter });
  });
  // A new key for the counter's display: the old one (and any phone that copied it) stops rating.
  r.post('/counters/:id/display-key', admin, async (req, res) => {
    const id = req.params.id as string;
    const key = randomBytes(18).toString('base64url');
    const counter = await office.updateConfig((d) => {
      const c = find(d.counters, id, 'counterNotFound');
      d.displayKeys = { ...d.displayKeys, [c.id]: displayKeyHash(key) };
      return c;
    }, { public: false });
    ok(res, { displayKey: key, path: `/display/?counter=${counter.number}&key=${key}` }, 201);
  });
  r.delete('/counters/:id', admin, async (req, res) => {
    const id = req.params.id as string;
    if (office.engine.publicCounter(id)?.status !== 'closed' && office.engine.publicCounter(id)) throw luotError('conflict', 'counterInUse');
    await office.updateConfig((d) => {
      find(d.counters, id, 'counterNotFound');
      d.counters = d.counters.filter((c) => c.id !== id);
      // A counter made later under the same id must not inherit the old screen's key.
      if (d.displayKeys) delete d.displayKeys[id];
    });
    ok(res);
  });

  const visible = (actor: UserRecord, u: UserRecord) => (isProvinceAdmin(actor) ? inOffice(u, office.id) : u.officeId === office.id || (u.officeId ?? null) === null);
  const userOf = (d: DeploymentData, actor: UserRecord, id: string): UserRecord => {
    const u = findUser(d.users, id);
    if (!visible(actor, u)) throw luotError('not_found', 'userNotFound');
    if (!manages(actor, u, office.id)) throw luotError('forbidden', 'forbidden');
    return u;
  };
  const findUser = (list: UserRecord[], id: string) => find(list, id, 'userNotFound');

  r.get('/users', admin, (req, res) => ok(res, { users: office.accounts.users.filter((u) => visible(req.user!, u)).map(publicUser) }));
  r.post('/users', admin, async (req, res) => {
    const u = parse(userCreateSchema, req.body);
    if (u.role === 'admin' && !isProvinceAdmin(req.user!)) throw luotError('forbidden', 'forbidden');
    const hash = await hashPassword(u.password);
    const user = await office.updateAccounts((d) => {
      if (d.users.some((o) => o.username === u.username)) throw luotError('conflict', 'usernameTaken', { field: 'username' });
      const rec: UserRecord = {
        id: randomUUID(), username: u.username, name: u.name, role: u.role, hash, mustChangePassword: false,
        officeId: u.role === 'admin' ? null : office.id,
      };
      d.users.push(rec);
      return rec;
    });
    ok(res, { user: publicUser(user) }, 201);
  });
  r.put('/users/:id', admin, async (req, res) => {
    const patch = parse(userUpdateSchema, req.body);
    if (patch.role === 'admin' && !isProvinceAdmin(req.user!)) throw luotError('forbidden', 'forbidden');
    const hash = patch.password ? await hashPassword(patch.password) : null;
    const self = req.params.id === req.user!.id;
    const user = await office.updateAccounts((d) => {
      const u = self ? findUser(d.users, req.user!.id) : userOf(d, req.user!, req.params.id as string);
      const demoted = patch.role !== undefined && patch.role !== 'admin';
      if ((demoted || patch.disabled === true) && isLastActiveAdmin(d, u)) throw luotError('conflict', 'lastAdmin');
      if (patch.name) u.name = patch.name;
      if (patch.role && !(self && !isProvinceAdmin(req.user!))) {
        // A province admin made an office account works in this office; an office account made
        // province admin works everywhere.
        if (patch.role === 'admin') u.officeId = null;
        else if (u.role === 'admin') u.officeId = office.id;
        u.role = patch.role;
      }
      if (patch.disabled !== undefined) u.disabled = patch.disabled;
      // A password set by an admin is a temporary one: the user chooses their own at next login.
      if (hash) Object.assign(u, { hash, mustChangePassword: !self });
      return { ...u };
    });
    if (user.disabled) deps.deployment.endSessions({ userId: user.id }, 'account_disabled');
    else if (hash) deps.deployment.endSessions({ userId: user.id }, self ? 'password_changed' : 'password_reset');
    ok(res, { user: publicUser(user) });
  });
  r.delete('/users/:id', admin, async (req, res) => {
    const id = req.params.id as string;
    await office.updateAccounts((d) => {
      const u = userOf(d, req.user!, id);
      if (isLastActiveAdmin(d, u)) throw luotError('conflict', 'lastAdmin');
      d.users = d.users.filter((x) => x.id !== u.id);
    });
    deps.deployment.endSessions({ userId: id }, 'user_removed');
    ok(res);
  });

  // The kiosk PIN goes in and never comes back out: GET says only whether one is set.
  const adminSettings = () => ({ ...office.settings, kioskPin: null, kioskPinSet: Boolean(office.config.kioskPinHash) });
  r.get('/settings', admin, (_req, res) => ok(res, { settings: adminSettings() }));
  r.put('/settings', admin, async (req, res) => {
    const { kioskPin, ...patch } = sentKeys(parse(settingsUpdateSchema, req.body), req.body);
    const pinHash = kioskPin ? await hashPassword(kioskPin) : kioskPin;
    await office.updateConfig((d) => {
      Object.assign(d.settings, patch);
      if (pinHash !== undefined) d.kioskPinHash = pinHash;
    });
    deps.onSettingsChanged?.();
    ok(res, { settings: adminSettings() });
  });
  return r;
}
