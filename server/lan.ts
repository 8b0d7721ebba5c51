// This machine's addresses on the office network: what a phone, the kiosk or a TV can open.
import { networkInterfaces } from 'node:os';

/** IPv4 addresses of the network interfaces, loopback left out, in the system's order. */
export function lanAddresses(): string[] {
  const found: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) found.push(a.address);
  }
  return found;
}

/** The first of them, or `localhost` on a machine with no network yet. */
export function lanAddress(): string {
  return lanAddresses()[0] ?? 'localhost';
}
