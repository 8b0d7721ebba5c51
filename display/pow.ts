// Runs the booking proof of work in a Web Worker (pow-worker.ts) and reports progress as a share
// of the expected number of tries (2^bits; the share is capped below 1 while still searching).
import type { PowMessage } from './pow-worker.js';

export interface PowRun {
  result: Promise<string>;
  cancel(): void;
}

export function solvePow(challenge: string, bits: number, onProgress: (share: number) => void): PowRun {
  const worker = new Worker(new URL('./pow-worker.ts', import.meta.url), { type: 'module' });
  const expected = 2 ** bits;
  let reject: (e: Error) => void = () => {};
  const result = new Promise<string>((resolve, rej) => {
    reject = rej;
    worker.onmessage = (e: MessageEvent<PowMessage>) => {
      if (e.data.kind === 'done') {
        onProgress(1);
        worker.terminate();
        resolve(e.data.nonce);
      } else onProgress(Math.min(0.95, 1 - Math.exp(-e.data.tries / expected)));
    };
    worker.onerror = () => {
      worker.terminate();
      rej(new Error('pow worker failed'));
    };
  });
  worker.postMessage({ challenge, bits });
  return {
    result,
    cancel: () => {
      worker.terminate();
      reject(new Error('cancelled'));
    },
  };
}
