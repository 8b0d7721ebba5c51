// The reports page's numbers from home (issue 13): bookings made, checked in, no-shows and
// cancelled, the no-show rate, and how long booked citizens waited against walk-ins. Hidden for
// a period without bookings (or a server whose reports do not count them).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ReportRow, ReportSummary } from '../shared/types.js';
import { bt } from './booking-strings.js';
import { LangController } from './controllers.js';
import { num, percent } from './format.js';
import { base } from './styles.js';

type Counts = NonNullable<ReportRow['bookings']>;
const ZERO: Counts = { made: 0, checkedIn: 0, noShow: 0, cancelled: 0 };

/** No-shows among the bookings that were due (checked in or not come); null before any was due. */
export function noShowRate(b: Counts): number | null {
  const due = b.checkedIn + b.noShow;
  return due ? b.noShow / due : null;
}

@customElement('luot-booking-report')
export class LuotBookingReport extends LitElement {
  static override styles = [base, css`:host { display: block; } .kpis { display: flex; flex-wrap: wrap; gap: 1.2rem; margin-bottom: 0.6rem; }
    .kpis div { display: flex; flex-direction: column; } .kpis strong { font-size: 1.5rem; }`];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) summary: ReportSummary | null = null;
  @property({ attribute: false }) serviceName: (id: string) => string = (id) => id;

  override render() {
    const s = this.summary;
    const total = s?.total.bookings;
    if (!s || !total || total.made === 0) return nothing;
    const perService = new Map<string, Counts>();
    for (const r of s.rows) {
      if (!r.bookings) continue;
      const c = perService.get(r.serviceId) ?? { ...ZERO };
      for (const k of Object.keys(ZERO) as (keyof Counts)[]) c[k] += r.bookings[k];
      perService.set(r.serviceId, c);
    }
    const wait = (w: ReportRow['waitBooked']) => (w?.avgWaitMin === null || w?.avgWaitMin === undefined ? '—' : bt('minutes', { n: num(w.avgWaitMin, 1) }));
    return html`<section class="card" data-testid="booking-report">
      <h2>${bt('reportTitle')}</h2>
      <div class="kpis">
        <div><span>${bt('made')}</span><strong data-testid="bk-made">${num(total.made)}</strong></div>
        <div><span>${bt('checkedIn')}</span><strong data-testid="bk-checked-in">${num(total.checkedIn)}</strong></div>
        <div><span>${bt('noShow')}</span><strong data-testid="bk-no-show">${num(total.noShow)}</strong></div>
        <div><span>${bt('cancelled')}</span><strong>${num(total.cancelled)}</strong></div>
        <div><span>${bt('noShowRate')}</span><strong data-testid="bk-no-show-rate">${percent(noShowRate(total))}</strong></div>
        <div><span>${bt('waitBooked')}</span><strong data-testid="bk-wait-booked">${wait(s.total.waitBooked)}</strong></div>
        <div><span>${bt('waitWalkIn')}</span><strong data-testid="bk-wait-walk-in">${wait(s.total.waitWalkIn)}</strong></div>
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
