// Issue 13: the booking page's proof of being human, checked by the server: the office's PIN
// (shown at the entrance), or a proof of work on a challenge this server signed (so it needs no
// memory to check, and any process of the deployment can check another's), usable once.
import { createHmac, randomBytes } from 'node:crypto';
import { powValid } from '../shared/booking-pow.js';
import type { BookingProofInfo, OfficeBooking } from '../shared/booking.js';
import { LuotError } from '../shared/errors.js';
import { MESSAGES } from '../shared/i18n.js';
import { sameSecret } from './realtime/kiosk.js';

/** A challenge is good for this long: the phone solves it in seconds, the citizen types for a minute or two. */
export const CHALLENGE_TTL_MS = 15 * 60_000;

type Proof = { nonce: string; challenge: string } | { pin: string };

const proofError = () => new LuotError('proof_invalid', MESSAGES.proofInvalid.vi, MESSAGES.proofInvalid.en, { field: 'proof' });

export class BookingProof {
  /** Challenges already used, until they expire (this process; another process has its own). */
  private readonly used = new Map<string, number>();

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

  /** Throws `proof_invalid` unless `proof` is what the office asks now. Marks a challenge used. */
  check(cfg: OfficeBooking, proof: Proof): Promise<void> | void {
    if (cfg.proof === 'pin') {
      if (!('pin' in proof) || !cfg.pin || !sameSecret(proof.pin, cfg.pin)) throw proofError();
      return;
    }
    if (!('challenge' in proof)) throw proofError();
    const parts = proof.challenge.split('.');
    if (parts.length !== 4) throw proofError();
    const [bits, expires, , mac] = parts as [string, string, string, string];
    const body = parts.slice(0, 3).join('.');
    const now = this.now();
    // Bits as signed: a challenge made before the office raised them still counts at its own.
    if (!sameSecret(mac, this.sign(body)) || Number(expires) < now || Number(bits) < 8) throw proofError();
    for (const [c, until] of this.used) if (until < now) this.used.delete(c);
    if (this.used.has(proof.challenge)) throw proofError();
    return powValid(proof.challenge, proof.nonce, Number(bits)).then((ok) => {
      if (!ok || this.used.has(proof.challenge)) throw proofError();
      this.used.set(proof.challenge, Number(expires));
    });
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret()).update(`booking-pow|${this.officeId}|${body}`).digest('base64url');
  }
}
