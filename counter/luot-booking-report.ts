// The reports page's numbers from home (issue 13): bookings made, checked in, no-shows and
// cancelled, the no-show rate, and how long booked citizens waited against walk-ins, for the
// page's period and field. Hidden for a period without bookings.
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ApiClient } from './api.js';
import { bookingReport, type BookingCounts, type BookingReport, type WaitFigures } from './booking-api.js';
import { bt } from './booking-strings.js';
import { LangController } from './controllers.js';
import { num, percent } from './format.js';
import { base, kpis } from './styles.js';

const ZERO: BookingCounts = { made: 0, checkedIn: 0, noShow: 0, cancelled: 0 };

/** No-shows among the bookings that were due (checked in or not come); null before any was due. */
export function noShowRate(b: BookingCounts): number | null {
  const due = b.checkedIn + b.noShow;
  return due ? b.noShow / due : null;
}

/** The average over several days' figures, weighted by the tickets each day called. */
function averageWait(list: WaitFigures[]): number | null {
  const called = list.reduce((n, w) => n + (w.avgWaitMin === null ? 0 : w.called), 0);
  if (!called) return null;
  return list.reduce((s, w) => s + (w.avgWaitMin === null ? 0 : w.avgWaitMin * w.called), 0) / called;
}

@customElement('luot-booking-report')
export class LuotBookingReport extends LitElement {
  static override styles = [base, kpis];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) api!: ApiClient;
  @property() from = '';
  @property() to = '';
  @property() serviceId = '';
  @property({ attribute: false }) serviceName: (id: string) => string = (id) => id;
  @state() private report: BookingReport | null = null;
  private seq = 0;

  override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('from') || changed.has('to') || changed.has('serviceId')) && this.from && this.to) void this.load();
  }

  private async load(): Promise<void> {
    const seq = ++this.seq;
    const r = await bookingReport(this.api, { from: this.from, to: this.to, serviceId: this.serviceId || undefined });
    if (seq === this.seq) this.report = r.ok ? r.report : null;
  }

  override render() {
    const rows = this.report?.rows ?? [];
    const perService = new Map<string, BookingCounts>();
    const total = { ...ZERO };
    for (const r of rows) {
      const c = perService.get(r.serviceId) ?? { ...ZERO };
      for (const k of Object.keys(ZERO) as (keyof BookingCounts)[]) {
        c[k] += r.bookings[k];
        total[k] += r.bookings[k];
      }
      perService.set(r.serviceId, c);
    }
    if (total.made === 0) return nothing;
    // The server's total when it sends one (its waits come from every sample of the range).
    const waits = this.report?.total?.waits;
    const minutes = (m: number | null) => (m === null ? '—' : bt('minutes', { n: num(m, 1) }));
    return html`<section class="card" data-testid="booking-report">
      <h2>${bt('reportTitle')}</h2>
      <div class="kpis">
        <div><span>${bt('made')}</span><strong data-testid="bk-made">${num(total.made)}</strong></div>
        <div><span>${bt('checkedIn')}</span><strong data-testid="bk-checked-in">${num(total.checkedIn)}</strong></div>
        <div><span>${bt('noShow')}</span><strong data-testid="bk-no-show">${num(total.noShow)}</strong></div>
        <div><span>${bt('cancelled')}</span><strong data-testid="bk-cancelled">${num(total.cancelled)}</strong></div>
        <div><span>${bt('noShowRate')}</span><strong data-testid="bk-no-show-rate">${percent(noShowRate(total))}</strong></div>
        <div><span>${bt('waitBooked')}</span><strong data-testid="bk-wait-booked">${minutes(waits ? waits.booked.avgWaitMin : averageWait(rows.map((r) => r.waits.booked)))}</strong></div>
        <div><span>${bt('waitWalkIn')}</span><strong data-testid="bk-wait-walk-in">${minutes(waits ? waits.walkIn.avgWaitMin : averageWait(rows.map((r) => r.waits.walkIn)))}</strong></div>
      </div>
      <table>
        <thead><tr><th>${bt('service')}</th><th class="n">${bt('made')}</th><th class="n">${bt('checkedIn')}</th>
          <th class="n">${bt('noShow')}</th><th class="n">${bt('cancelled')}</th><th class="n">${bt('noShowRate')}</th></tr></thead>
        <tbody>
          ${[...perService].map(([id, c]) => html`<tr data-service=${id}><td>${this.serviceName(id)}</td><td class="n">${num(c.made)}</td>
            <td class="n">${num(c.checkedIn)}</td><td class="n">${num(c.noShow)}</td><td class="n">${num(c.cancelled)}</td>
            <td class="n">${percent(noShowRate(c))}</td></tr>`)}
        </tbody>
      </table>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-booking-report': LuotBookingReport;
  }
}
