// The reports page's pickup figures (issue 15 §1): pickups per day, the share of pickups whose
// file was ready by its promised date (among those with one), and the waits of pickup numbers
// against those of submissions. Hidden for a period with neither pickups nor submissions.
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ApiClient } from './api.js';
import { LangController } from './controllers.js';
import { minutes, num, percent, shortDay } from './format.js';
import { pt } from './pickup-report-strings.js';
import { pickupReport, type PickupDay } from './results-api.js';
import { base, kpis } from './styles.js';

/** "1/3 (33%)": the count and the share, or a dash when no pickup had a promised date. */
function byPromise(d: Pick<PickupDay, 'promised' | 'readyByPromise'>): string {
  if (!d.promised) return '—';
  return `${pt('readyByPromiseOf', { n: num(d.readyByPromise), of: num(d.promised) })} (${percent(d.readyByPromise / d.promised)})`;
}

@customElement('luot-report-pickups')
export class LuotReportPickups extends LitElement {
  static override styles = [base, kpis];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) api!: ApiClient;
  @property() from = '';
  @property() to = '';
  @state() private days: PickupDay[] = [];
  private seq = 0;

  override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('from') || changed.has('to')) && this.from && this.to) void this.load();
  }

  private async load(): Promise<void> {
    const seq = ++this.seq;
    const r = await pickupReport(this.api, { from: this.from, to: this.to });
    // Staff below supervisor get 403: the section stays hidden for them.
    if (seq === this.seq) this.days = r.ok ? r.days : [];
  }

  override render() {
    const days = this.days.filter((d) => d.pickups > 0 || d.avgWaitSubmissionMin !== null);
    if (!days.length) return nothing;
    const total = days.reduce((t, d) => ({ pickups: t.pickups + d.pickups, notReady: t.notReady + d.notReady,
      promised: t.promised + d.promised, readyByPromise: t.readyByPromise + d.readyByPromise }),
      { pickups: 0, notReady: 0, promised: 0, readyByPromise: 0 });
    return html`<section class="card" data-testid="pickup-report">
      <h2>${pt('title')}</h2>
      <div class="kpis">
        <div><span>${pt('pickups')}</span><strong data-testid="pk-pickups">${num(total.pickups)}</strong></div>
        <div><span>${pt('notReady')}</span><strong data-testid="pk-not-ready">${num(total.notReady)}</strong></div>
        <div><span>${pt('readyByPromise')}</span><strong data-testid="pk-by-promise">${byPromise(total)}</strong></div>
      </div>
      <table>
        <thead><tr><th>${pt('day')}</th><th class="n">${pt('pickups')}</th><th class="n">${pt('notReady')}</th>
          <th class="n">${pt('readyByPromise')}</th><th class="n">${pt('waitPickup')}</th><th class="n">${pt('waitSubmission')}</th></tr></thead>
        <tbody>
          ${days.map((d) => html`<tr data-day=${d.day}><td>${shortDay(d.day)}</td><td class="n">${num(d.pickups)}</td>
            <td class="n">${num(d.notReady)}</td><td class="n">${byPromise(d)}</td>
            <td class="n">${minutes(d.avgWaitPickupMin)}</td><td class="n">${minutes(d.avgWaitSubmissionMin)}</td></tr>`)}
        </tbody>
      </table>
      <p class="muted">${pt('note')}</p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-report-pickups': LuotReportPickups;
  }
}
