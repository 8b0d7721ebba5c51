// The reports page's walk to the desk (issue 15): seconds from the call to the start of service,
// per service and per counter, split walk-in / priority / booked. Long walks mean a display or an
// announcement people cannot follow. Hidden for a period with no ticket started after a call.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { WalkFigures, WalkReport, WalkSplit } from '../shared/types.js';
import { LangController } from './controllers.js';
import { num } from './format.js';
import { getLang } from './strings.js';
import { base } from './styles.js';

const vi = {
  title: 'Thời gian đi tới quầy',
  hint: 'Từ lúc mời số (lần mời đầu) đến lúc bắt đầu phục vụ, tính bằng giây. Thời gian dài: công dân khó nghe hoặc khó thấy lời mời.',
  service: 'Lĩnh vực',
  counter: 'Quầy',
  count: 'Số lượt',
  avg: 'Trung bình',
  median: 'Trung vị',
  walkIn: 'Trực tiếp',
  priority: 'Ưu tiên',
  booked: 'Đặt lịch',
  total: 'Tổng',
};
const en: typeof vi = {
  title: 'Walk to the desk',
  hint: 'From the call (its first call) to the start of service, in seconds. Long walks: citizens cannot hear or see the call well.',
  service: 'Service',
  counter: 'Counter',
  count: 'Count',
  avg: 'Average',
  median: 'Median',
  walkIn: 'Walk-in',
  priority: 'Priority',
  booked: 'Booked',
  total: 'Total',
};
const w = (key: keyof typeof vi): string => (getLang() === 'en' ? en : vi)[key];

/** "45" or "45 (3)": an average in seconds and how many tickets it is over. */
function avgOf(f: WalkFigures): string {
  return f.count ? `${num(f.avgSec)} (${num(f.count)})` : '–';
}

@customElement('luot-walk-report')
export class LuotWalkReport extends LitElement {
  static override styles = [base, css`:host { display: block; } table { font-size: 0.92rem; } .hint { margin-top: 0; }`];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) walk: WalkReport | null = null;
  @property({ attribute: false }) serviceName: (id: string) => string = (id) => id;
  @property({ attribute: false }) counterName: (id: string) => string = (id) => id;

  private row(label: string, s: WalkSplit, head = false) {
    const a = s.all;
    return html`<tr>
      ${head ? html`<th scope="row">${label}</th>` : html`<td>${label}</td>`}
      <td class="n">${num(a.count)}</td><td class="n">${num(a.avgSec)}</td><td class="n">${num(a.medianSec)}</td><td class="n">${num(a.p90Sec)}</td>
      <td class="n">${avgOf(s.walkIn)}</td><td class="n">${avgOf(s.priority)}</td><td class="n">${avgOf(s.booked)}</td>
    </tr>`;
  }

  private table(first: string, rows: { label: string; split: WalkSplit }[], total: WalkSplit | null) {
    return html`<table>
      <thead><tr>
        <th>${first}</th><th class="n">${w('count')}</th><th class="n">${w('avg')}</th><th class="n">${w('median')}</th><th class="n">P90</th>
        <th class="n">${w('walkIn')}</th><th class="n">${w('priority')}</th><th class="n">${w('booked')}</th>
      </tr></thead>
      <tbody>
        ${rows.map((r) => this.row(r.label, r.split))}
        ${total ? this.row(w('total'), total, true) : nothing}
      </tbody>
    </table>`;
  }

  override render() {
    const walk = this.walk;
    if (!walk || walk.total.all.count === 0) return nothing;
    return html`<section class="card" data-testid="walk-report">
      <h2>${w('title')}</h2>
      <p class="muted hint">${w('hint')}</p>
      ${this.table(w('service'), walk.services.map((s) => ({ label: this.serviceName(s.serviceId), split: s })), walk.total)}
      ${this.table(w('counter'), walk.counters.map((c) => ({ label: this.counterName(c.counterId), split: c })), null)}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-walk-report': LuotWalkReport;
  }
}
