// The province report: the offices side by side over a period (issued, served, no-shows, waits,
// share within target, satisfaction), as bar charts and a table, with the CSV the server writes.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ProvinceReport } from '../shared/types.js';
import type { ApiClient } from './api.js';
import { LangController } from './controllers.js';
import { distinctNames, loc, minutes, num, percent, presetRange, shortDay, type RangePreset } from './format.js';
import { t, type StringKey } from './strings.js';
import { base } from './styles.js';
import { apiMessage, type FieldErrors } from './validation.js';
import './luot-bar-chart.js';
import { saveFile } from './save-file.js';
import { RANGE_PRESETS, rangeErrors } from './report-range.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The province's calendar day: offices of one province share Viet Nam's time zone. */
function provinceToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** A share as a whole percentage for the charts, whose axis counts in whole units. */
const pct = (x: number | null) => (x === null ? 0 : Math.round(x * 100));

@customElement('luot-province-report')
export class LuotProvinceReport extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      .filters { display: flex; gap: 0.8rem; align-items: end; flex-wrap: wrap; margin-bottom: 0.8rem; }
      .presets { display: flex; border: 1px solid var(--luot-primary); border-radius: 8px; overflow: hidden; }
      .presets button { border: 0; border-radius: 0; border-right: 1px solid var(--luot-primary); }
      .presets button:last-child { border-right: 0; }
      .presets button[aria-pressed='true'] { background: var(--luot-primary); color: #fff; }
      .charts { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0.8rem; margin-bottom: 0.8rem; }
      @media (max-width: 1100px) { .charts { grid-template-columns: 1fr; } }
      .period { font-weight: 600; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) api!: ApiClient;
  @state() private preset: RangePreset = 'month';
  @state() private from = '';
  @state() private to = '';
  @state() private report: ProvinceReport | null = null;
  @state() private loading = false;
  @state() private errors: FieldErrors = {};
  @state() private csvBusy = false;
  private loadSeq = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    this.applyPreset(this.preset);
  }

  private applyPreset(p: RangePreset) {
    this.preset = p;
    if (p === 'custom') return;
    const r = presetRange(p, provinceToday());
    this.from = r.from;
    this.to = r.to;
    void this.load();
  }

  private validate(): boolean {
    const errors: FieldErrors = {};
    if (!DAY.test(this.from)) errors.from = t('vDay');
    if (!DAY.test(this.to)) errors.to = t('vDay');
    this.errors = errors.from || errors.to ? errors : rangeErrors(this.from, this.to);
    return Object.keys(this.errors).length === 0;
  }

  private async load() {
    if (!this.validate()) return;
    const seq = ++this.loadSeq;
    this.loading = true;
    const r = await this.api.provinceReport(this.from, this.to);
    if (seq !== this.loadSeq) return;
    this.loading = false;
    if (!r.ok) {
      this.errors = { _: apiMessage(r.error) };
      return;
    }
    this.report = { from: r.from, to: r.to, offices: r.offices };
  }

  private async exportCsv() {
    if (!this.validate()) return;
    this.csvBusy = true;
    const r = await this.api.provinceReportCsv(this.from, this.to);
    this.csvBusy = false;
    if (!r.ok) {
      this.errors = { _: apiMessage(r.error) };
      return;
    }
    saveFile(r);
  }

  private dayInput(id: 'from' | 'to', label: StringKey) {
    const err = this.errors[id];
    return html`<div class="field">
      <label for=${id}>${t(label)}</label>
      <input id=${id} type="date" .value=${this[id]} aria-invalid=${err ? 'true' : 'false'}
        @change=${(e: Event) => (this[id] = (e.target as HTMLInputElement).value)} />
      ${err ? html`<span class="err">${err}</span>` : nothing}
    </div>`;
  }

  override render() {
    const rep = this.report;
    const rows = rep?.offices ?? [];
    const names = distinctNames(rows.map((o) => loc(o.name) || o.slug));
    return html`<h1>${t('provReportTitle')}</h1>
      <div class="filters">
        <div class="field">
          <span id="period-label"><strong>${t('period')}</strong></span>
          <div class="presets" role="group" aria-labelledby="period-label">
            ${RANGE_PRESETS.map((p) => html`<button aria-pressed=${this.preset === p.id ? 'true' : 'false'} @click=${() => this.applyPreset(p.id)}>${t(p.label)}</button>`)}
          </div>
        </div>
        ${this.preset === 'custom'
          ? html`${this.dayInput('from', 'fromDay')}${this.dayInput('to', 'toDay')}
              <button class="primary" @click=${() => void this.load()}>${t('show')}</button>`
          : nothing}
        <button @click=${() => void this.exportCsv()} ?disabled=${this.csvBusy}>${t('exportCsv')}</button>
      </div>
      ${this.errors._ ? html`<p class="alert" role="alert">${this.errors._}</p>` : nothing}
      <p class="period" aria-live="polite">
        ${t('periodLine', { from: shortDay(this.from), to: shortDay(this.to) })}${this.loading ? ` · ${t('loading')}` : ''}
      </p>
      ${rep && rows.length
        ? html`<div class="charts">
              <section class="card">
                <h2>${t('provChartVolume')}</h2>
                <luot-bar-chart orientation="horizontal" .label=${t('provChartVolume')} .categories=${names}
                  .series=${[
                    { name: t('issued'), color: '#0b4f9c', values: rows.map((o) => o.issued) },
                    { name: t('served'), color: '#17663a', values: rows.map((o) => o.served) },
                    { name: t('noShows'), color: '#c8102e', values: rows.map((o) => o.noShow) },
                  ]}></luot-bar-chart>
              </section>
              <section class="card">
                <h2>${t('provChartQuality')}</h2>
                <luot-bar-chart orientation="horizontal" .label=${t('provChartQuality')} .categories=${names}
                  .series=${[
                    { name: `${t('withinTarget')} (%)`, color: '#0b4f9c', values: rows.map((o) => pct(o.withinTargetShare)) },
                    { name: `${t('satisfied')} (%)`, color: '#b36b00', values: rows.map((o) => pct(o.satisfaction)) },
                  ]}></luot-bar-chart>
              </section>
            </div>
            <section class="card">
              <table data-testid="province-table">
                <thead><tr>
                  <th>${t('provOffice')}</th><th class="n">${t('issued')}</th><th class="n">${t('served')}</th>
                  <th class="n">${t('noShows')}</th><th class="n">${t('avgWait')}</th><th class="n">${t('withinTarget')}</th>
                  <th class="n">${t('ratings')}</th><th class="n">${t('satisfied')}</th>
                </tr></thead>
                <tbody>
                  ${rows.map((o) => html`<tr data-office=${o.slug}>
                    <td>${loc(o.name) || o.slug}</td><td class="n">${num(o.issued)}</td><td class="n">${num(o.served)}</td>
                    <td class="n">${num(o.noShow)}</td><td class="n">${minutes(o.avgWaitMin)}</td><td class="n">${percent(o.withinTargetShare)}</td>
                    <td class="n">${num(o.ratings)}</td><td class="n">${percent(o.satisfaction)}</td>
                  </tr>`)}
                </tbody>
              </table>
            </section>`
        : this.loading ? nothing : html`<p class="muted">${t('noData')}</p>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-province-report': LuotProvinceReport;
  }
}
