// Booking a time: the days the office publishes, then that day's slots with places left (a
// full slot is shown but cannot be chosen, so the citizen sees the day is busy, not empty).
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { BookableService } from './booking-client.js';
import { dayLabel, slotTime, type BookingStrings } from './booking-strings.js';
import { bookingStyles } from './booking-styles.js';

@customElement('luot-booking-slots')
export class LuotBookingSlots extends LitElement {
  static override styles = [
    bookingStyles,
    css`
      .days { display: flex; gap: 0.5rem; overflow-x: auto; padding-bottom: 0.25rem; }
      .days button { flex: none; border: 2px solid #0b4f9c; background: #fff; color: #0b4f9c; padding: 0.4rem 0.9rem; }
      .days button[aria-pressed='true'] { background: #0b4f9c; color: #fff; }
      .slots { display: grid; grid-template-columns: repeat(auto-fill, minmax(6.5rem, 1fr)); gap: 0.5rem; }
      .slots button { border: 2px solid #17663a; background: #e3f3e8; color: #0f4d2b; display: flex; flex-direction: column;
        align-items: center; justify-content: center; padding: 0.4rem; }
      .slots button .time { font-size: 22px; font-weight: 700; }
      .slots button .left { font-size: 14px; font-weight: 400; }
      .slots button[disabled] { border-color: #c3c9d3; background: #f4f6fa; color: #6b778c; cursor: default; }
    `,
  ];

  @property({ attribute: false }) service!: BookableService;
  @property({ attribute: false }) t!: BookingStrings;
  @state() private day = '';

  override willUpdate(): void {
    const days = this.service.days;
    if (!days.some((d) => d.date === this.day)) this.day = (days.find((d) => d.slots.some((s) => s.left > 0)) ?? days[0])?.date ?? '';
  }

  private pick(at: string): void {
    this.dispatchEvent(new CustomEvent<{ at: string }>('pick', { detail: { at }, bubbles: true, composed: true }));
  }

  override render() {
    const t = this.t;
    const lang = t.lang as 'vi' | 'en';
    const day = this.service.days.find((d) => d.date === this.day);
    return html`<h2>${t.chooseDay}</h2>
      <div class="days" role="group" aria-label=${t.chooseDay}>
        ${this.service.days.map(
          (d) => html`<button data-date=${d.date} aria-pressed=${d.date === this.day ? 'true' : 'false'} @click=${() => (this.day = d.date)}>
            ${dayLabel(d.date, lang)}</button>`,
        )}
      </div>
      <h2>${t.chooseSlot}</h2>
      ${day && day.slots.some((s) => s.left > 0)
        ? html`<div class="slots">
            ${day.slots.map(
              (s) => html`<button data-at=${s.at} ?disabled=${s.left <= 0} @click=${() => this.pick(s.at)}>
                <span class="time">${slotTime(s.at)}</span><span class="left">${s.left > 0 ? t.placesLeft(s.left) : t.full}</span></button>`,
            )}
          </div>`
        : html`<p class="card" role="status">${t.noSlots}</p>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-booking-slots': LuotBookingSlots;
  }
}
