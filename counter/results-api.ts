// The staff app's calls for results pickup (issue 15 §1) on top of ApiClient: the pickup figures
// per day. The shape mirrors server/pickup-report.ts (README, issue 15 §1).
import type { ApiClient } from './api.js';

export interface PickupDay {
  day: string;
  /** Pickup tickets issued, and those for a file not ready (the citizen saw a clerk anyway). */
  pickups: number;
  notReady: number;
  /** Pickups of files with a promised date, and of those the files ready on or before it. */
  promised: number;
  readyByPromise: number;
  avgWaitPickupMin: number | null;
  avgWaitSubmissionMin: number | null;
}

export function pickupReport(api: ApiClient, q: { from: string; to: string }) {
  return api.request<{ days: PickupDay[] }>('GET', `/api/results/report?${new URLSearchParams(q)}`);
}
