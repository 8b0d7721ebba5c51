// The staff app's calls for results pickup (issue 15 §1) on top of ApiClient: the pickup figures
// per day (its shape in shared/types.ts).
import type { PickupDay } from '../shared/types.js';
import type { ApiClient } from './api.js';

export type { PickupDay };

export function pickupReport(api: ApiClient, q: { from: string; to: string }) {
  return api.request<{ days: PickupDay[] }>('GET', `/api/results/report?${new URLSearchParams(q)}`);
}
