// The confirmation: the 6-digit code large with its QR for the kiosk, when to come, people
// ahead, the state as it changes, and cancelling (asked twice: a slip of the thumb must not
// give the place away).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { qrPath, type QrPath } from '../kiosk/qr.js';
import type { CitizenBooking } from './booking-client.js';
import { dayLabel, slotTime, type BookingStrings } from './booking-strings.js';
import { bookingStyles } from './booking-styles.js';
import { DEFAULT_TIME_ZONE, formatTimeVi } from './format.js';

@customElement('luot-booking-confirmation')
export class LuotBookingConfirmation extends LitElement {
  static override styles = [
    bookingStyles,
    css`
      .card { text-align: center; }
      .ok { color: #17663a; font-weight: 700; font-size: 22px; margin: 0 0 0.5rem; }
      .label { margin: 0; color: #3d4a5e; font-size: 16px; }
      .code { margin: 0.1rem 0 0.5rem; font-size: 64px; line-height: 1.05; font-weight: 700; letter-spacing: 0.08em;
        color: #0b4f9c; font-variant-numeric: tabular-nums; }
      svg { width: min(70vw, 240px); height: auto; display: block; margin: 0 auto; }
      .service { font-weight: 600; font-size: 20px; margin: 0.5rem 0 0; }
      .state { display: inline-block; margin-top: 0.6rem; padding: 0.2rem 0.9rem; border-radius: 999px; font-weight: 600;
        background: #e6edf7; color: #0b3a73; }
      .state[data-state='cancelled'], .state[data-state='noShow'], .state[data-state='expired'] { background: #f9e3e6; color: #7a0b1c; }
      .facts { display: grid; grid-template-columns: 1fr 1fr; gap: 0.6rem; margin-top: 0.9rem; }
      .fact { background: #f4f6fa; border-radius: 12px; padding: 0.6rem 0.4rem; }
      .fact .v { display: block; font-size: 30px; font-weight: 700; }
      .fact .k { font-size: 15px; color: #3d4a5e; }
      .ticket { font-size: 28px; font-weight: 700; margin: 0.75rem 0 0.25rem; }
      .actions { display: grid; gap: 0.5rem; }
      .track { display: flex; align-items: center; justify-content: center; box-sizing: border-box; min-height: 56px;
        border-radius: 12px; text-decoration: none; font-weight: 600; }
      .confirm { border: 2px solid #a30f26; border-radius: 12px; padding: 0.75rem; background: #fff5f6; }
      .confirm p { margin: 0 0 0.6rem; font-weight: 600; }
    `,
  ];

  @property({ attribute: false }) booking!: CitizenBooking;
  @property({ attribute: false }) t!: BookingStrings;
  @property() serviceName = '';
  @property() timeZone = DEFAULT_TIME_ZONE;
  @property({ type: Boolean }) busy = false;
  @property() error = '';
  @state() private qr: QrPath | null = null;
  @state() private asking = false;
  private qrFor = '';

  override willUpdate(): void {
    const code = this.booking.code;
    if (code !== this.qrFor) {
      this.qrFor = code;
      // Imported statically: the booking page has no size budget, and one chunk less keeps the
      // shared preload helper inside the kiosk's start-up chunk (test/build/size-budget.test.ts).
      this.qr = qrPath(code);
    }
  }

  private emit(name: 'cancel' | 'again'): void {
    this.asking = false;
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true }));
  }

  override render() {
    const t = this.t;
    const b = this.booking;
    const live = b.state === 'booked' || b.state === 'checkedIn';
    const when = b.at ? `${slotTime(b.at)} · ${dayLabel(b.at.slice(0, 10), t.lang as 'vi' | 'en')}` : null;
    return html`<div class="card" data-testid="confirmation" data-state=${b.state}>
        ${b.state === 'booked' ? html`<p class="ok" role="status">✓ ${t.confirmed}</p>` : nothing}
        <p class="label">${t.code}</p>
        <p class="code" data-testid="code">${b.code}</p>
        ${b.state === 'booked' && this.qr
          ? html`<svg viewBox="0 0 ${this.qr.size} ${this.qr.size}" role="img" aria-label="QR ${b.code}" data-testid="qr" shape-rendering="crispEdges">
              <rect width="100%" height="100%" fill="#fff"></rect><path d=${this.qr.d} fill="#000"></path></svg>
              <p class="hint">${t.codeHint}</p>`
          : nothing}
        <p class="service">${this.serviceName}</p>
        <div class="state" data-testid="state" data-state=${b.state}>${t.states[b.state] ?? b.state}</div>
        ${b.ticket ? html`<p class="ticket" data-testid="ticket">${t.ticket(b.ticket.number)}</p>` : nothing}
        ${live ? this.renderFacts(when) : nothing}
      </div>
      ${this.error ? html`<p class="error" role="alert" data-testid="cancel-error">${this.error}</p>` : nothing}
      <div class="actions">
        ${b.ticket && b.trackUrl ? html`<a class="secondary track" href=${b.trackUrl}>${t.trackTicket}</a>` : nothing}
        ${b.state === 'booked' ? this.renderCancel() : nothing}
        ${b.state === 'cancelled' ? html`<p role="status" data-testid="cancelled">${t.cancelled}</p>` : nothing}
        ${!live ? html`<button class="secondary" @click=${() => this.emit('again')}>${t.newBooking}</button>` : nothing}
      </div>
      ${live ? html`<p class="hint">${t.selfUpdating}</p>` : nothing}`;
  }

  private renderFacts(when: string | null) {
    const t = this.t;
    const b = this.booking;
    return html`<div class="facts">
      ${when ? html`<div class="fact"><span class="v" data-testid="slot">${slotTime(b.at!)}</span><span class="k">${t.slotAt}<br />${when.split(' · ')[1]}</span></div>` : nothing}
      ${b.expectedAt
        ? html`<div class="fact"><span class="v" data-testid="expected">${formatTimeVi(b.expectedAt, this.timeZone)}</span><span class="k">${t.expected}</span></div>`
        : nothing}
      ${b.ahead !== null ? html`<div class="fact"><span class="v" data-testid="ahead">${b.ahead}</span><span class="k">${t.ahead}</span></div>` : nothing}
    </div>`;
  }

  private renderCancel() {
    const t = this.t;
    if (!this.asking) {
      return html`<button class="link" data-testid="cancel" ?disabled=${this.busy} @click=${() => (this.asking = true)}>${t.cancel}</button>`;
    }
    return html`<div class="confirm" role="alertdialog" aria-labelledby="ask">
      <p id="ask">${t.cancelConfirm}</p>
      <div class="actions">
        <button class="danger" data-testid="cancel-yes" ?disabled=${this.busy} @click=${() => this.emit('cancel')}>${t.cancelYes}</button>
        <button class="secondary" data-testid="cancel-no" @click=${() => (this.asking = false)}>${t.cancelNo}</button>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-booking-confirmation': LuotBookingConfirmation;
  }
}
