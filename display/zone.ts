// A wall display for one zone of the hall: `?counters=1,2` (counter numbers) and/or
// `?services=dat-dai,ho-tich`. Filtering is client-side; the feed is the same for every display.
import type { PublicCounter, PublicService, RecentCall, Snapshot } from '../shared/types.js';

export interface Zone {
  counters: ReadonlySet<number> | null;
  services: ReadonlySet<string> | null;
}

function list(value: string | null): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

export function parseZone(search: string): Zone {
  const q = new URLSearchParams(search);
  const counters = list(q.get('counters')).map(Number).filter((n) => Number.isInteger(n) && n > 0);
  const services = list(q.get('services'));
  return {
    counters: counters.length ? new Set(counters) : null,
    services: services.length ? new Set(services) : null,
  };
}

export function isWholeOffice(zone: Zone): boolean {
  return zone.counters === null && zone.services === null;
}

export interface ZoneView {
  counters: PublicCounter[];
  services: PublicService[];
  calls: RecentCall[];
}

export function counterInZone(zone: Zone, c: Pick<PublicCounter, 'number' | 'serviceIds'>): boolean {
  if (zone.counters) return zone.counters.has(c.number);
  if (zone.services) return c.serviceIds.some((id) => zone.services!.has(id));
  return true;
}

/** A call belongs to the zone when its counter does and, with a service filter, its service too. */
export function callInZone(zone: Zone, snapshot: Snapshot, call: { counterId: string; ticket: { serviceId: string } }): boolean {
  if (zone.services && !zone.services.has(call.ticket.serviceId)) return false;
  if (!zone.counters) return true;
  const c = snapshot.counters.find((x) => x.id === call.counterId);
  return c !== undefined && zone.counters.has(c.number);
}

export function zoneView(snapshot: Snapshot, zone: Zone): ZoneView {
  const counters = snapshot.counters.filter((c) => counterInZone(zone, c));
  const served = new Set(counters.flatMap((c) => c.serviceIds));
  const services = snapshot.services.filter((s) =>
    zone.services ? zone.services.has(s.id) : zone.counters ? served.has(s.id) : s.active,
  );
  const calls = snapshot.recentCalls.filter((r) => callInZone(zone, snapshot, r));
  return { counters, services, calls };
}
