// Issue 15 §1, results pickup: the payloads of the kiosk's socket events and of the REST routes.
// Apart from shared/schemas.ts only so that engineers adding to both at once do not collide;
// the kiosk imports types from here, never values (zod stays out of its start-up script).
import { z } from 'zod';
import { FILE_CODE_MAX } from './file-code.js';

/** Normalised by the engine (shared/file-code.ts); here only its size is bounded. */
const fileCode = z.string().max(FILE_CODE_MAX + 16);

export const resultCheckSchema = z.object({ fileCode });
export type ResultCheckPayload = z.infer<typeof resultCheckSchema>;

export const pickupSchema = z.object({
  fileCode,
  requestId: z.string().min(8).max(64).optional(),
  /** The citizen asks to see a clerk though the file is not ready. */
  anyway: z.boolean().optional(),
});
export type PickupPayload = z.infer<typeof pickupSchema>;

/** At most this many codes per request: a day's list of a large centre, with room. */
export const RESULTS_PER_REQUEST = 2000;

export const resultsMarkSchema = z.object({
  fileCodes: z.array(fileCode).min(1).max(RESULTS_PER_REQUEST),
  /** false takes the mark back (`POST /api/results/unready` is the same with false). */
  ready: z.boolean().optional(),
});

export const resultPromiseSchema = z.object({
  fileCode,
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
});
