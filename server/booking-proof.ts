// Issue 13: the booking page's proof of being human, checked by the server: the office's PIN
// (shown at the entrance), or a proof of work on a challenge this server signed (so it needs no
// memory to check, and any process of the deployment can check another's), usable once. Once is
// the engine's rule (server/queue/bookings.ts `make`): the booking's event records the
// challenge's id, so every process and every restart knows it is spent. An in-process list of
// used challenges in front of it would spare one SHA-256 (powValid) per reuse, nothing more.
import { createHmac, randomBytes } from 'node:crypto';
import { powValid } from '../shared/booking-pow.js';
import type { BookingProofInfo, OfficeBooking } from '../shared/booking.js';
import { LuotError } from '../shared/errors.js';
import { MESSAGES } from '../shared/i18n.js';
import { sameSecret } from './realtime/kiosk.js';

/** A challenge is good for this long: the phone solves it in seconds, the citizen types for a minute or two. */
export const CHALLENGE_TTL_MS = 15 * 60_000;

type Proof = { nonce: string; challenge: string } | { pin: string };

/** A solved challenge, for the engine: its random part (spent once) and when it was issued. */
export interface SpentProof {
  id: string;
  issuedMs: number;
}

const proofError = () => new LuotError('proof_invalid', MESSAGES.proofInvalid.vi, MESSAGES.proofInvalid.en, { field: 'proof' });

export class BookingProof {
  constructor(
    private readonly officeId: string,
    private readonly secret: () => string,
    private readonly now: () => number,
  ) {}

  /** What the page is asked to prove. */
  offer(cfg: OfficeBooking): BookingProofInfo {
    if (cfg.proof === 'pin') return { kind: 'pin' };
    const expires = this.now() + CHALLENGE_TTL_MS;
    const body = `${cfg.powBits}.${expires}.${randomBytes(12).toString('base64url')}`;
    return { kind: 'pow', bits: cfg.powBits, challenge: `${body}.${this.sign(body)}` };
  }

  /**
   * Throws `proof_invalid` unless `proof` is what the office asks now. A solved challenge gives
   * what the booking command must carry, so that the engine refuses it a second time; a PIN
   * gives nothing (it is the same for everyone all day).
   */
  async check(cfg: OfficeBooking, proof: Proof): Promise<SpentProof | undefined> {
    if (cfg.proof === 'pin') {
      if (!('pin' in proof) || !cfg.pin || !sameSecret(proof.pin, cfg.pin)) throw proofError();
      return undefined;
    }
    if (!('challenge' in proof)) throw proofError();
    const parts = proof.challenge.split('.');
    if (parts.length !== 4) throw proofError();
    const [bits, expires, random, mac] = parts as [string, string, string, string];
    const body = parts.slice(0, 3).join('.');
    // Bits as signed: a challenge made before the office raised them still counts at its own.
    if (!sameSecret(mac, this.sign(body)) || Number(expires) < this.now() || Number(bits) < 8) throw proofError();
    if (!(await powValid(proof.challenge, proof.nonce, Number(bits)))) throw proofError();
    return { id: random, issuedMs: Number(expires) - CHALLENGE_TTL_MS };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret()).update(`booking-pow|${this.officeId}|${body}`).digest('base64url');
  }
}
