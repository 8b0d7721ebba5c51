// The kiosk's requests by code: a booking's check-in (issue 13) and a result's pickup (issue 15).
// Apart from KioskClient so that they load with the check-in and pickup screens, not in the
// kiosk's start-up script (which has a size budget: test/build/size-budget.test.ts).
import type { Result } from '../shared/errors.js';
import type { ResultCheck } from '../shared/file-code.js';
import type { IssueResult } from '../shared/types.js';
import { newRequestId, type IssueOutcome, type KioskClient } from './kiosk-client.js';

/**
 * Issue 13: a booking's 6-digit code checked in, the ticket printed as for a walk-in. The same
 * one-at-a-time and same-requestId retries as a tap (a lost ack must not check in twice).
 */
export function checkIn(client: KioskClient, code: string, onIssued?: (result: IssueResult) => void): Promise<IssueOutcome> {
  return client.requestTicket('booking:checkIn', { code, requestId: newRequestId() }, onIssued);
}

/** Issue 15: whether a file is ready for pickup; issues nothing. */
export function checkResult(client: KioskClient, fileCode: string): Promise<Result<{ result: ResultCheck }>> {
  return client.request<{ result: ResultCheck }>('result:check', { fileCode });
}

/** Issue 15: a pickup ticket for a ready file (or any file, `anyway`), as one tap for a ticket. */
export function pickup(client: KioskClient, fileCode: string, anyway: boolean, onIssued?: (result: IssueResult) => void): Promise<IssueOutcome> {
  return client.requestTicket('result:pickup', { fileCode, requestId: newRequestId(), ...(anyway ? { anyway } : {}) }, onIssued);
}
