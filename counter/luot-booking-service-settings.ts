// Each field's booking rules (issue 13): remote numbers and booked times on or off, slot length
// and places, how far ahead, the per-phone limit, the check-in window. One row per service,
// saved on its own (only `booking` is sent: the rest of the service is left as it is).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { SERVICE_BOOKING_DEFAULTS, type ServiceBooking } from '../shared/booking.js';
import { serviceBookingSchema } from '../shared/schemas.js';
import type { Service } from '../shared/types.js';
import type { ApiClient } from './api.js';
import { bt, type BookingKey } from './booking-strings.js';
import { LangController } from './controllers.js';
import { loc } from './format.js';
import { base } from './styles.js';
import { apiMessage, check } from './validation.js';

type NumKey = 'slotMinutes' | 'capacity' | 'daysAhead' | 'perPhonePerDay' | 'checkInBeforeMin' | 'checkInAfterMin';
const NUMS: { key: NumKey; label: BookingKey }[] = [
  { key: 'slotMinutes', label: 'slotMinutes' },
  { key: 'capacity', label: 'capacity' },
  { key: 'daysAhead', label: 'daysAhead' },
  { key: 'perPhonePerDay', label: 'perPhone' },
  { key: 'checkInBeforeMin', label: 'before' },
  { key: 'checkInAfterMin', label: 'after' },
];

@customElement('luot-booking-service-settings')
export class LuotBookingServiceSettings extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      td input[type='number'] { width: 5rem; }
      td.c { text-align: center; }
      .msg { font-size: 0.85rem; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) api!: ApiClient;
  @state() private services: Service[] = [];
  @state() private drafts: Record<string, ServiceBooking> = {};
  @state() private rowMessage: Record<string, { kind: 'error' | 'notice'; text: string }> = {};

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const r = await this.api.services();
    if (!r.ok) return;
    this.services = [...r.services].sort((a, b) => a.order - b.order);
    this.drafts = Object.fromEntries(this.services.map((s) => [s.id, { ...SERVICE_BOOKING_DEFAULTS, ...(s.booking ?? {}) }]));
  }

  private set(id: string, patch: Partial<ServiceBooking>): void {
    this.drafts = { ...this.drafts, [id]: { ...this.drafts[id]!, ...patch } };
    const { [id]: _, ...rest } = this.rowMessage;
    this.rowMessage = rest;
  }

  private async save(s: Service): Promise<void> {
    const v = check(serviceBookingSchema, this.drafts[s.id]);
    if (!v.ok) {
      this.rowMessage = { ...this.rowMessage, [s.id]: { kind: 'error', text: Object.entries(v.errors).map(([k, m]) => `${k}: ${m}`).join('; ') } };
      return;
    }
    const r = await this.api.updateService(s.id, { booking: v.data });
    this.rowMessage = { ...this.rowMessage, [s.id]: r.ok ? { kind: 'notice', text: bt('saved') } : { kind: 'error', text: apiMessage(r.error) } };
  }

  override render() {
    return html`<h2>${bt('servicesTitle')}</h2>
      <table data-testid="booking-services">
        <thead><tr>
          <th>${bt('service')}</th><th>${bt('remote')}</th><th>${bt('slots')}</th>
          ${NUMS.map((n) => html`<th class="n">${bt(n.label)}</th>`)}<th></th>
        </tr></thead>
        <tbody>
          ${this.services.map((s) => {
            const d = this.drafts[s.id]!;
            const msg = this.rowMessage[s.id];
            return html`<tr data-service=${s.id}>
              <td><strong>${loc(s.name)}</strong></td>
              <td class="c"><input type="checkbox" name="remote" aria-label="${bt('remote')} — ${loc(s.name)}" .checked=${d.remote}
                @change=${(e: Event) => this.set(s.id, { remote: (e.target as HTMLInputElement).checked })} /></td>
              <td class="c"><input type="checkbox" name="slots" aria-label="${bt('slots')} — ${loc(s.name)}" .checked=${d.slots}
                @change=${(e: Event) => this.set(s.id, { slots: (e.target as HTMLInputElement).checked })} /></td>
              ${NUMS.map(
                (n) => html`<td class="n"><input type="number" name=${n.key} aria-label="${bt(n.label)} — ${loc(s.name)}" .value=${String(d[n.key])}
                  @input=${(e: Event) => this.set(s.id, { [n.key]: Number((e.target as HTMLInputElement).value) })} /></td>`,
              )}
              <td><button class="small primary" data-testid="save-booking" @click=${() => void this.save(s)}>${bt('save')}</button>
                ${msg ? html`<div class="msg ${msg.kind === 'error' ? 'alert' : 'notice'}" role="status">${msg.text}</div>` : nothing}</td>
            </tr>`;
          })}
        </tbody>
      </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-booking-service-settings': LuotBookingServiceSettings;
  }
}
