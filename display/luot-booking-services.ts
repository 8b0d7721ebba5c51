// Step one of the booking page: the fields that take remote numbers or bookings, each with its
// one or two choices as big buttons.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { BookableService, BookingKind } from './booking-client.js';
import type { BookingStrings } from './booking-strings.js';
import { bookingStyles } from './booking-styles.js';

export interface ServiceChoice {
  serviceId: string;
  kind: BookingKind;
}

@customElement('luot-booking-services')
export class LuotBookingServices extends LitElement {
  static override styles = [
    bookingStyles,
    css`
      .name { margin: 0 0 0.6rem; font-size: 22px; font-weight: 700; }
      .name small { display: block; font-size: 15px; font-weight: 400; color: #3d4a5e; }
      .choices { display: grid; gap: 0.5rem; }
      .choices button { text-align: left; padding: 0.6rem 1rem; }
      .choices .hint { display: block; font-weight: 400; }
      .choices .hint.on-primary { color: #dfe8f5; }
    `,
  ];

  @property({ attribute: false }) services: BookableService[] = [];
  @property({ attribute: false }) t!: BookingStrings;

  private choose(serviceId: string, kind: BookingKind): void {
    this.dispatchEvent(new CustomEvent<ServiceChoice>('choose', { detail: { serviceId, kind }, bubbles: true, composed: true }));
  }

  override render() {
    const t = this.t;
    const open = this.services.filter((s) => s.remote || s.slots);
    if (!open.length) return html`<p class="card" role="status">${t.noServices}</p>`;
    return html`<h2>${t.chooseService}</h2>
      ${open.map(
        (s) => html`<section class="card" data-service=${s.id}>
          <p class="name">${t.lang === 'vi' ? s.name : s.nameEn || s.name}${t.lang === 'vi' && s.nameEn ? html`<small lang="en">${s.nameEn}</small>` : nothing}</p>
          <div class="choices">
            ${s.remote
              ? html`<button class="primary" data-kind="remote" @click=${() => this.choose(s.id, 'remote')}>
                  ${t.remote}<span class="hint on-primary">${t.remoteHint}</span></button>`
              : nothing}
            ${s.slots
              ? html`<button class="secondary" data-kind="slot" @click=${() => this.choose(s.id, 'slot')}>
                  ${t.slot}<span class="hint">${t.slotHint}</span></button>`
              : nothing}
          </div>
        </section>`,
      )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-booking-services': LuotBookingServices;
  }
}
