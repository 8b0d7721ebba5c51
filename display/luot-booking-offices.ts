// The province's `/dat-lich/`: the offices that take bookings, each a big link to its own page.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { BookingOfficeEntry } from './booking-client.js';
import type { BookingStrings } from './booking-strings.js';
import { bookingStyles } from './booking-styles.js';

@customElement('luot-booking-offices')
export class LuotBookingOffices extends LitElement {
  static override styles = [
    bookingStyles,
    css`
      ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.6rem; }
      a { display: flex; flex-direction: column; justify-content: center; min-height: 64px; padding: 0.6rem 1rem; border-radius: 12px;
        background: #fff; border: 2px solid #0b4f9c; color: #0b4f9c; font-weight: 700; font-size: 20px; text-decoration: none; }
      a small { font-weight: 400; font-size: 15px; color: #3d4a5e; }
    `,
  ];

  @property({ attribute: false }) offices: BookingOfficeEntry[] = [];
  @property({ attribute: false }) t!: BookingStrings;

  override render() {
    const t = this.t;
    if (!this.offices.length) return html`<p class="card" role="status">${t.noOffices}</p>`;
    return html`<h2>${t.offices}</h2>
      <ul>
        ${this.offices.map(
          (o) => html`<li><a href="/o/${encodeURIComponent(o.slug)}/dat-lich/" data-office=${o.slug}>
            ${t.lang === 'en' ? o.name.en || o.name.vi : o.name.vi}${t.lang === 'vi' && o.name.en ? html`<small lang="en">${o.name.en}</small>` : ''}</a></li>`,
        )}
      </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-booking-offices': LuotBookingOffices;
  }
}
