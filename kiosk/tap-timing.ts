// How long a citizen waits for their number, measured in the page as issue 10 asks: from the
// pointerdown on a service to the frame that shows the number, beside the `ticket:issue` round
// trip inside it. Each tap leaves `performance` measures (only the newest are kept: a kiosk runs
// for months) and an entry in window.__luotTaps, bounded like the displays' test hooks.

export interface TapTiming {
  /** pointerdown → the frame with the number painted, ms. */
  tapToNumber: number;
  /** `ticket:issue` sent → its acknowledgement, ms (all attempts). */
  ack: number | null;
  number: string;
  at: number;
}

declare global {
  interface Window {
    __luotTaps?: TapTiming[];
  }
}

const LIMIT = 200;
const TAP = 'luot:tap';
const SENT = 'luot:issue-sent';
const ACKED = 'luot:issue-acked';
const NUMBER = 'luot:number';

let tapAt: number | null = null;
let ack: number | null = null;

export function tapStarted(): void {
  performance.clearMarks(TAP);
  tapAt = performance.mark(TAP).startTime;
  ack = null;
}

export function issueSent(): void {
  performance.clearMarks(SENT);
  performance.mark(SENT);
}

export function issueAcked(): void {
  performance.clearMarks(ACKED);
  performance.mark(ACKED);
  performance.clearMeasures('luot:issue-ack');
  ack = performance.measure('luot:issue-ack', SENT, ACKED).duration;
}

/** Called once the frame that shows `number` has been painted. */
export function numberShown(number: string): void {
  if (tapAt === null) return;
  performance.clearMarks(NUMBER);
  performance.mark(NUMBER);
  performance.clearMeasures('luot:tap-number');
  const tapToNumber = performance.measure('luot:tap-number', TAP, NUMBER).duration;
  tapAt = null;
  const list = (window.__luotTaps ??= []);
  list.push({ tapToNumber, ack, number, at: Date.now() });
  if (list.length > LIMIT) list.splice(0, list.length - LIMIT);
}

/** Resolves after the next frame has been painted: rAF runs just before it, a task just after. */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}
