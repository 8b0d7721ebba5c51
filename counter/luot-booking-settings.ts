// Settings → Lấy số từ xa (issue 13): whether the office takes bookings, how citizens prove they
// are people (the phone's proof of work, or the PIN at the entrance), how booked tickets are
// called; each field's limits (luot-booking-service-settings); the entrance poster.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { OFFICE_BOOKING_DEFAULTS, type OfficeBooking } from '../shared/booking.js';
import { officeBookingSchema } from '../shared/schemas.js';
import type { ApiClient, SettingsRecord } from './api.js';
import { bt } from './booking-strings.js';
import { LangController } from './controllers.js';
import { base } from './styles.js';
import { apiMessage, check, errorFor, serverErrors, type FieldErrors } from './validation.js';
import { bookingPageUrl } from './luot-booking-poster.js';
import './luot-booking-poster.js';
import './luot-booking-service-settings.js';

@customElement('luot-booking-settings')
export class LuotBookingSettings extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      .layout { display: grid; gap: 0.8rem; grid-template-columns: repeat(auto-fit, minmax(24rem, 1fr)); align-items: start; }
      .wide { grid-column: 1 / -1; }
      form { display: grid; gap: 0.6rem; }
      .check { display: flex; gap: 0.5rem; align-items: center; font-weight: 400; }
      fieldset { border: 1px solid var(--line); border-radius: 8px; padding: 0.4rem 0.8rem 0.6rem; margin: 0; display: grid; gap: 0.3rem; }
      legend { font-weight: 700; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) api!: ApiClient;
  @state() private settings: SettingsRecord | null = null;
  @state() private draft: OfficeBooking = { ...OFFICE_BOOKING_DEFAULTS };
  @state() private errors: FieldErrors = {};
  @state() private message: { kind: 'error' | 'notice'; text: string } | null = null;
  @state() private busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const r = await this.api.settings();
    if (!r.ok) {
      this.message = { kind: 'error', text: apiMessage(r.error) };
      return;
    }
    this.settings = r.settings;
    this.draft = { ...OFFICE_BOOKING_DEFAULTS, ...(r.settings.booking ?? {}) };
  }

  private set<K extends keyof OfficeBooking>(key: K, value: OfficeBooking[K]): void {
    this.draft = { ...this.draft, [key]: value };
    this.message = null;
  }

  private async save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const d = { ...this.draft, pin: this.draft.pin?.trim() ? this.draft.pin.trim() : null };
    const v = check(officeBookingSchema, d);
    if (!v.ok) {
      this.errors = v.errors;
      return;
    }
    this.errors = {};
    this.busy = true;
    const r = await this.api.updateSettings({ booking: v.data });
    this.busy = false;
    if (!r.ok) {
      this.errors = serverErrors(r.error);
      this.message = { kind: 'error', text: apiMessage(r.error) };
      return;
    }
    this.settings = r.settings;
    this.draft = { ...OFFICE_BOOKING_DEFAULTS, ...(r.settings.booking ?? {}) };
    this.message = { kind: 'notice', text: bt('saved') };
  }

  private num(key: 'powBits' | 'interleaveEvery', label: string, hint = '') {
    const err = errorFor(this.errors, key);
    return html`<div class="field">
      <label for="bk-${key}">${label}${hint ? html` <span class="hint">${hint}</span>` : nothing}</label>
      <input id="bk-${key}" type="number" .value=${String(this.draft[key])} aria-invalid=${err ? 'true' : 'false'}
        @input=${(e: Event) => this.set(key, Number((e.target as HTMLInputElement).value))} />
      ${err ? html`<span class="err">${err}</span>` : nothing}
    </div>`;
  }

  override render() {
    const d = this.draft;
    const s = this.settings;
    const pinErr = errorFor(this.errors, 'pin');
    const saved = s?.booking;
    return html`<div class="layout">
      <section class="card">
        <h2>${bt('officeTitle')}</h2>
        <form @submit=${this.save} novalidate data-testid="booking-office-form">
          <label class="check"><input type="checkbox" name="enabled" .checked=${d.enabled}
            @change=${(e: Event) => this.set('enabled', (e.target as HTMLInputElement).checked)} /> ${bt('enabled')}</label>
          <fieldset>
            <legend>${bt('proof')}</legend>
            <label class="check"><input type="radio" name="proof" value="pow" .checked=${d.proof === 'pow'} @change=${() => this.set('proof', 'pow')} /> ${bt('proofPow')}</label>
            <label class="check"><input type="radio" name="proof" value="pin" .checked=${d.proof === 'pin'} @change=${() => this.set('proof', 'pin')} /> ${bt('proofPin')}</label>
          </fieldset>
          ${d.proof === 'pin'
            ? html`<div class="field">
                <label for="bk-pin">${bt('pin')} <span class="hint">${bt('pinHint')}</span></label>
                <input id="bk-pin" name="pin" inputmode="numeric" .value=${d.pin ?? ''} aria-invalid=${pinErr ? 'true' : 'false'}
                  @input=${(e: Event) => this.set('pin', (e.target as HTMLInputElement).value)} />
                ${pinErr ? html`<span class="err">${pinErr}</span>` : nothing}
              </div>`
            : this.num('powBits', bt('powBits'), bt('powBitsHint'))}
          <fieldset>
            <legend>${bt('policy')}</legend>
            <label class="check"><input type="radio" name="policy" value="strict" .checked=${d.policy === 'strict'} @change=${() => this.set('policy', 'strict')} /> ${bt('policyStrict')}</label>
            <label class="check"><input type="radio" name="policy" value="interleave" .checked=${d.policy === 'interleave'} @change=${() => this.set('policy', 'interleave')} /> ${bt('policyInterleave')}</label>
          </fieldset>
          ${d.policy === 'interleave' ? this.num('interleaveEvery', bt('interleaveEvery')) : nothing}
          ${this.message ? html`<p class=${this.message.kind === 'error' ? 'alert' : 'notice'} role="status">${this.message.text}</p>` : nothing}
          <div class="row"><button class="primary" ?disabled=${this.busy || !s}>${bt('save')}</button></div>
        </form>
      </section>
      <section class="card">
        <h2>${bt('poster')}</h2>
        ${s
          ? html`<luot-booking-poster .officeName=${s.officeName} .url=${bookingPageUrl(s.publicBaseUrl)} ?noPublicUrl=${!s.publicBaseUrl}
              .pin=${saved?.proof === 'pin' ? (saved.pin ?? null) : null}></luot-booking-poster>`
          : nothing}
      </section>
      <section class="card wide">
        <luot-booking-service-settings .api=${this.api}></luot-booking-service-settings>
      </section>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-booking-settings': LuotBookingSettings;
  }
}
