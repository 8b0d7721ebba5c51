// The citizen's details and the proof of being human: the office's PIN, or a proof of work that
// starts in a Web Worker as soon as the form shows (usually done before the name is typed).
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Proof, ProofOffer } from './booking-client.js';
import type { BookingStrings } from './booking-strings.js';
import { bookingStyles } from './booking-styles.js';
import { solvePow, type PowRun } from './pow.js';

export interface BookingDetails {
  phone: string;
  name: string;
  proof: Proof;
}

/** Spaces, dots and dashes out; +84 as the leading 0. Null when it is not a Vietnamese number. */
export function normalizePhone(raw: string): string | null {
  const p = raw.replace(/[\s.\-()]/g, '').replace(/^\+?84/, '0');
  return /^0\d{9,10}$/.test(p) ? p : null;
}

@customElement('luot-booking-form')
export class LuotBookingForm extends LitElement {
  static override styles = [
    bookingStyles,
    css`
      label { display: block; margin: 0.9rem 0 0.3rem; font-weight: 600; }
      input { box-sizing: border-box; width: 100%; font: inherit; font-size: 22px; padding: 0.6rem 0.75rem; min-height: 56px;
        border: 2px solid #6b778c; border-radius: 10px; }
      input[aria-invalid='true'] { border-color: #a30f26; }
      .pow { margin: 1rem 0; }
      progress { width: 100%; height: 14px; }
      .summary { font-weight: 600; margin: 0 0 0.5rem; }
      .primary { margin-top: 1.25rem; }
    `,
  ];

  @property({ attribute: false }) t!: BookingStrings;
  @property({ attribute: false }) proofOffer!: ProofOffer;
  @property() summary = '';
  @property({ type: Boolean }) busy = false;
  @property() error = '';
  @state() private phone = '';
  @state() private name = '';
  @state() private pin = '';
  @state() private tried = false;
  @state() private powShare = 0;
  @state() private powFailed = false;
  private powNonce: Promise<string> | null = null;
  private run: PowRun | null = null;

  override willUpdate(changed: PropertyValues<this>): void {
    // A new challenge (first show, or the server refused an old one): solve it afresh.
    if (changed.has('proofOffer')) this.startPow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.run?.cancel();
  }

  private startPow(): void {
    this.run?.cancel();
    this.run = null;
    this.powNonce = null;
    this.powShare = 0;
    this.powFailed = false;
    const offer = this.proofOffer;
    if (offer?.kind !== 'pow') return;
    const run = solvePow(offer.challenge, offer.bits, (share) => {
      if (this.run === run) this.powShare = share;
    });
    this.run = run;
    this.powNonce = run.result;
    run.result.catch(() => {
      if (this.run === run) this.powFailed = true;
    });
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    this.tried = true;
    const phone = normalizePhone(this.phone);
    const name = this.name.trim().normalize('NFC');
    if (!phone || !name || (this.proofOffer.kind === 'pin' && !this.pin.trim())) return;
    let proof: Proof;
    if (this.proofOffer.kind === 'pin') proof = { pin: this.pin.trim() };
    else {
      const challenge = this.proofOffer.challenge;
      try {
        proof = { nonce: await this.powNonce!, challenge };
      } catch {
        return;
      }
    }
    this.dispatchEvent(new CustomEvent<BookingDetails>('details', { detail: { phone, name, proof }, bubbles: true, composed: true }));
  }

  override render() {
    const t = this.t;
    const phoneBad = this.tried && !normalizePhone(this.phone);
    const nameBad = this.tried && !this.name.trim();
    const pinBad = this.tried && this.proofOffer.kind === 'pin' && !this.pin.trim();
    return html`<h2>${t.yourDetails}</h2>
      <form class="card" novalidate @submit=${this.submit}>
        <p class="summary" data-testid="summary">${this.summary}</p>
        <label for="phone">${t.phone}</label>
        <input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" aria-invalid=${phoneBad ? 'true' : 'false'}
          aria-describedby="phone-hint" .value=${this.phone} @input=${(e: Event) => (this.phone = (e.target as HTMLInputElement).value)} />
        <p class="hint ${phoneBad ? 'error' : ''}" id="phone-hint">${phoneBad ? t.phoneInvalid : t.phoneHint}</p>
        <label for="name">${t.name}</label>
        <input id="name" name="name" autocomplete="name" maxlength="80" aria-invalid=${nameBad ? 'true' : 'false'}
          .value=${this.name} @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)} />
        ${nameBad ? html`<p class="hint error">${t.nameInvalid}</p>` : nothing}
        ${this.proofOffer.kind === 'pin'
          ? html`<label for="pin">${t.pin}</label>
              <input id="pin" name="pin" inputmode="numeric" autocomplete="off" maxlength="12" aria-invalid=${pinBad ? 'true' : 'false'}
                aria-describedby="pin-hint" .value=${this.pin} @input=${(e: Event) => (this.pin = (e.target as HTMLInputElement).value)} />
              <p class="hint ${pinBad ? 'error' : ''}" id="pin-hint">${pinBad ? t.pinInvalid : t.pinHint}</p>`
          : this.renderPow()}
        ${this.error ? html`<p class="error" role="alert" data-testid="form-error">${this.error}</p>` : nothing}
        <button class="primary" type="submit" data-testid="submit" ?disabled=${this.busy || this.powFailed}>
          ${this.busy ? t.submitting : t.submit}</button>
      </form>`;
  }

  private renderPow() {
    const t = this.t;
    if (this.powFailed) return html`<p class="error pow" role="alert">${t.powFailed}</p>`;
    const done = this.powShare >= 1;
    return html`<div class="pow" data-testid="pow" data-done=${done ? 'true' : 'false'}>
      <p class="hint" role="status">${done ? `✓ ${t.powDone}` : t.powWorking}</p>
      <progress max="100" .value=${Math.round(this.powShare * 100)} aria-label=${t.powWorking}></progress>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-booking-form': LuotBookingForm;
  }
}
