// Today's bookings not yet checked in (the staff snapshot's `bookingsPending`, issue 13): who is
// still expected and when, for the supervisor and the counters. Names only; phones stay on the
// supervisor's full list.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { PendingBooking } from '../shared/booking.js';
import type { Service } from '../shared/types.js';
import { bt, slotClock } from './booking-strings.js';
import { LangController, LiveController } from './controllers.js';
import { loc } from './format.js';
import type { StaffClient } from './staff-client.js';
import { base } from './styles.js';

@customElement('luot-bookings-pending')
export class LuotBookingsPending extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      h2 { font-size: 1.1rem; margin: 0 0 0.5rem; }
      td.code { font-variant-numeric: tabular-nums; font-weight: 700; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  private readonly live = new LiveController(this, () => this.client);
  @property({ attribute: false }) client!: StaffClient;
  /** Only these services (a counter's); all when empty. */
  @property({ attribute: false }) serviceIds: string[] = [];

  override render() {
    const st = this.client?.state;
    const all = st?.bookingsPending;
    if (!st || !all) return nothing;
    const list = (this.serviceIds.length ? all.filter((b) => this.serviceIds.includes(b.serviceId)) : all)
      .slice()
      .sort((a, b) => (a.at ?? '~').localeCompare(b.at ?? '~'));
    const name = (id: string) => {
      const s = st.services.find((x) => x.id === id) as Pick<Service, 'name'> | undefined;
      return s ? loc(s.name) : id;
    };
    return html`<section class="card" data-testid="bookings-pending">
      <h2>${bt('pendingTitle')} <span class="chip">${list.length}</span></h2>
      ${list.length
        ? html`<table>
            <thead><tr><th>${bt('time')}</th><th>${bt('code')}</th><th>${bt('name')}</th><th>${bt('service')}</th></tr></thead>
            <tbody>
              ${list.map(
                (b: PendingBooking) => html`<tr data-code=${b.code}>
                  <td>${b.at ? slotClock(b.at) : bt('pendingRemote')}</td>
                  <td class="code">${b.code}</td>
                  <td>${b.name}</td>
                  <td>${name(b.serviceId)}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p class="muted">${bt('pendingNone')}</p>`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-bookings-pending': LuotBookingsPending;
  }
}
