// Ticket numbers: prefix + zero-padded sequence (A001) or a plain running number (1001).
import type { Service } from './types.js';

export function formatTicketNumber(service: Pick<Service, 'prefix' | 'start' | 'digits'>, seq: number): string {
  const n = service.start + seq - 1;
  return service.prefix + String(n).padStart(service.digits, '0');
}
