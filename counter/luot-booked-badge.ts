// The mark of a ticket issued at check-in for a booking (issue 13): "Từ xa", or "Hẹn 09:15" with
// the slot time, so the clerk sees at once why it stands ahead of walk-ins. Nothing for walk-ins.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { PublicTicket } from '../shared/types.js';
import { bt, slotClock } from './booking-strings.js';
import { LangController } from './controllers.js';

@customElement('luot-booked-badge')
export class LuotBookedBadge extends LitElement {
  static override styles = css`
    :host { display: inline; }
    span { display: inline-block; border-radius: 999px; padding: 0.05rem 0.6rem; font-size: 0.85rem; font-weight: 700;
      white-space: nowrap; background: #dcecff; color: #0b3a73; border: 1px solid #8db4e6; }
  `;

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) ticket: Pick<PublicTicket, 'booked' | 'slotAt'> | null = null;

  override render() {
    const tk = this.ticket;
    if (!tk?.booked) return nothing;
    const text = tk.booked === 'slot' && tk.slotAt ? bt('badgeSlot', { time: slotClock(tk.slotAt) }) : bt('badgeRemote');
    return html`<span data-testid="booked-badge" data-booked=${tk.booked}>${text}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-booked-badge': LuotBookedBadge;
  }
}
