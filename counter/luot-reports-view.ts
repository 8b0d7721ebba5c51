// Reports for supervisors: a period and optional filters, the figures the administrative-reform
// index asks for, charts per day and per service, a print layout and the CSV export.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { reportQuerySchema } from '../shared/schemas.js';
import type { ReportSummary } from '../shared/types.js';
import type { ApiClient, Figures, ReportQuery, StaffMember } from './api.js';
import { LangController, LiveController } from './controllers.js';
import { loc, minutes, num, percent, presetRange, shortDay, type RangePreset } from './format.js';
import type { StaffClient } from './staff-client.js';
import { t } from './strings.js';
import { base } from './styles.js';
import { apiMessage, check, type FieldErrors } from './validation.js';
import './luot-bar-chart.js';
import './luot-booking-report.js';
import './luot-walk-report.js';
import './luot-report-pickups.js';
import { saveFile } from './save-file.js';
import { RANGE_PRESETS, rangeErrors } from './report-range.js';


interface DayTotals {
  day: string;
  issued: number;
  served: number;
  noShows: number;
  cancelled: number;
}

@customElement('luot-reports-view')
export class LuotReportsView extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      .filters { display: flex; gap: 0.8rem; align-items: end; flex-wrap: wrap; margin-bottom: 0.8rem; }
      .presets { display: flex; gap: 0; border: 1px solid var(--luot-primary); border-radius: 8px; overflow: hidden; }
      .presets button { border: 0; border-radius: 0; border-right: 1px solid var(--luot-primary); }
      .presets button:last-child { border-right: 0; }
      .presets button[aria-pressed='true'] { background: var(--luot-primary); color: #fff; }
      .kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr)); gap: 0.5rem; margin-bottom: 0.8rem; }
      .kpi { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 0.45rem 0.7rem; }
      .kpi dt { font-size: 0.8rem; color: var(--luot-muted); font-weight: 600; }
      .kpi dd { margin: 0; font-size: 1.35rem; font-weight: 700; font-variant-numeric: tabular-nums; }
      .kpi dd small { display: block; font-size: 0.8rem; font-weight: 600; color: var(--luot-muted); }
      .charts { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0.8rem; margin-bottom: 0.8rem; }
      @media (max-width: 1100px) { .charts { grid-template-columns: 1fr; } }
      .tables { display: flex; flex-direction: column; gap: 0.8rem; }
      table { font-size: 0.92rem; }
      .print-only { display: none; }
      .period { font-weight: 600; }
      @media print {
        :host { font-size: 11pt; color: #000; }
        .no-print { display: none !important; }
        .print-only { display: block; }
        .card, .kpi { border: 0; padding: 0; box-shadow: none; background: none; }
        .kpis { grid-template-columns: repeat(4, 1fr); }
        .charts { grid-template-columns: 1fr 1fr; break-inside: avoid; }
        table { font-size: 9.5pt; }
        th, td { border: 1px solid #555; padding: 2pt 4pt; }
        th { color: #000; }
        section { break-inside: avoid; }
        .print-head h1 { font-size: 15pt; text-align: center; margin: 0; }
        .print-head p { text-align: center; margin: 2pt 0; }
        .signature { display: flex; justify-content: flex-end; margin-top: 18pt; }
        .signature div { text-align: center; width: 18em; }
      }
    `,
  ];

  private readonly langCtl = new LangController(this);
  private readonly liveCtl = new LiveController(this, () => this.client);
  @property({ attribute: false }) client!: StaffClient;
  @property({ attribute: false }) api!: ApiClient;
  @state() private preset: RangePreset = 'today';
  @state() private from = '';
  @state() private to = '';
  @state() private serviceId = '';
  @state() private counterId = '';
  @state() private userId = '';
  @state() private users: StaffMember[] = [];
  @state() private summary: ReportSummary | null = null;
  @state() private perService: { serviceId: string; figures: Figures }[] = [];
  @state() private loading = false;
  /** Days of aggregates the server is still building while a summary waits for them. */
  @state() private building: { done: number; total: number } | null = null;
  @state() private errors: FieldErrors = {};
  @state() private csvBusy = false;
  private loadSeq = 0;
  private started = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.api.staffUsers().then((r) => {
      if (r.ok) this.users = r.users;
    });
  }

  override willUpdate(): void {
    // The first range needs the office's day, which arrives with the live snapshot.
    if (!this.started && this.client?.state) {
      this.started = true;
      this.applyPreset('today');
    }
  }

  /** The office's service day, not this PC's calendar: the two differ across time zones and clock drift. */
  private today(): string {
    return this.client?.state?.serviceDay ?? new Date().toISOString().slice(0, 10);
  }

  private applyPreset(p: RangePreset) {
    this.preset = p;
    if (p !== 'custom') {
      const r = presetRange(p, this.today());
      this.from = r.from;
      this.to = r.to;
      void this.load();
    }
  }

  private query(): ReportQuery {
    return { from: this.from, to: this.to, serviceId: this.serviceId || undefined, counterId: this.counterId || undefined, userId: this.userId || undefined };
  }

  private validate(): ReportQuery | null {
    const q = this.query();
    const v = check(reportQuerySchema, q);
    const errors: FieldErrors = v.ok ? {} : { ...v.errors };
    if (!errors.from && !errors.to) Object.assign(errors, rangeErrors(q.from, q.to));
    this.errors = errors;
    return Object.keys(errors).length ? null : q;
  }

  private async load() {
    const q = this.validate();
    if (!q) return;
    const seq = ++this.loadSeq;
    this.loading = true;
    const r = await this.watchBuild(seq, this.api.summary(q));
    if (seq !== this.loadSeq) return;
    if (!r.ok) {
      this.loading = false;
      this.errors = { _: apiMessage(r.error) };
      return;
    }
    // Per-service figures come from the server per service: averages and 90th percentiles do
    // not add up across the per-day rows.
    const ids = q.serviceId ? [q.serviceId] : [...new Set(r.summary.rows.map((row) => row.serviceId))];
    const each = await Promise.all(ids.map(async (serviceId) => ({ serviceId, r: await this.api.summary({ ...q, serviceId }) })));
    if (seq !== this.loadSeq) return;
    this.summary = r.summary;
    this.perService = each.flatMap(({ serviceId, r: x }) => (x.ok ? [{ serviceId, figures: x.summary.total }] : []));
    this.loading = false;
  }

  /**
   * Waits for `pending`, showing how far the server's build of past days has come meanwhile: the
   * first report over a long period after an upgrade or a restore can take several seconds.
   */
  private async watchBuild<T>(seq: number, pending: Promise<T>): Promise<T> {
    let done = false;
    const poll = async () => {
      while (!done && seq === this.loadSeq) {
        await new Promise((r) => setTimeout(r, 400));
        if (done || seq !== this.loadSeq) break;
        const p = await this.api.reportProgress();
        if (!done && seq === this.loadSeq && p.ok) this.building = p.progress.total > 0 ? p.progress : null;
      }
    };
    void poll();
    try {
      return await pending;
    } finally {
      done = true;
      if (seq === this.loadSeq) this.building = null;
    }
  }

  private days(): DayTotals[] {
    const byDay = new Map<string, DayTotals>();
    for (const row of this.summary?.rows ?? []) {
      const d = byDay.get(row.day) ?? { day: row.day, issued: 0, served: 0, noShows: 0, cancelled: 0 };
      d.issued += row.issued;
      d.served += row.served;
      d.noShows += row.noShows;
      d.cancelled += row.cancelled;
      byDay.set(row.day, d);
    }
    return [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
  }

  private serviceName(id: string): string {
    return loc(this.client?.state?.services.find((s) => s.id === id)?.name) || id;
  }

  private async exportCsv() {
    const q = this.validate();
    if (!q) return;
    this.csvBusy = true;
    const r = await this.api.ticketsCsv(q);
    this.csvBusy = false;
    if (!r.ok) {
      this.errors = { _: apiMessage(r.error) };
      return;
    }
    saveFile(r);
  }

  private filterLine(): string {
    const parts: string[] = [];
    if (this.serviceId) parts.push(`${t('service')}: ${this.serviceName(this.serviceId)}`);
    const c = this.client?.state?.counters.find((x) => x.id === this.counterId);
    if (c) parts.push(`${t('counter')}: ${loc(c.label)}`);
    const u = this.users.find((x) => x.id === this.userId);
    if (u) parts.push(`${t('staffMember')}: ${u.name}`);
    return parts.join(' · ');
  }

  private select(id: string, label: string, value: string, options: { value: string; label: string }[], set: (v: string) => void) {
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <select id=${id} @change=${(e: Event) => {
        set((e.target as HTMLSelectElement).value);
        void this.load();
      }}>
        <option value="" ?selected=${value === ''}>${t('all')}</option>
        ${options.map((o) => html`<option value=${o.value} ?selected=${o.value === value}>${o.label}</option>`)}
      </select>
    </div>`;
  }

  private renderFilters() {
    const s = this.client?.state;
    const e = this.errors;
    return html`<div class="filters no-print">
      <div class="field">
        <span id="period-label" class="label"><strong>${t('period')}</strong></span>
        <div class="presets" role="group" aria-labelledby="period-label">
          ${RANGE_PRESETS.map((p) => html`<button aria-pressed=${this.preset === p.id ? 'true' : 'false'} @click=${() => this.applyPreset(p.id)}>${t(p.label)}</button>`)}
        </div>
      </div>
      ${this.preset === 'custom'
        ? html`<div class="field">
              <label for="from">${t('fromDay')}</label>
              <input id="from" type="date" .value=${this.from} aria-invalid=${e.from ? 'true' : 'false'}
                @change=${(ev: Event) => (this.from = (ev.target as HTMLInputElement).value)} />
              ${e.from ? html`<span class="err">${e.from}</span>` : nothing}
            </div>
            <div class="field">
              <label for="to">${t('toDay')}</label>
              <input id="to" type="date" .value=${this.to} aria-invalid=${e.to ? 'true' : 'false'}
                @change=${(ev: Event) => (this.to = (ev.target as HTMLInputElement).value)} />
              ${e.to ? html`<span class="err">${e.to}</span>` : nothing}
            </div>
            <button class="primary" @click=${() => void this.load()}>${t('show')}</button>`
        : nothing}
      ${this.select('f-service', t('service'), this.serviceId, (s?.services ?? []).map((x) => ({ value: x.id, label: loc(x.name) })), (v) => (this.serviceId = v))}
      ${this.select('f-counter', t('counter'), this.counterId, (s?.counters ?? []).map((x) => ({ value: x.id, label: loc(x.label) })), (v) => (this.counterId = v))}
      ${this.select('f-user', t('staffMember'), this.userId, this.users.map((u) => ({ value: u.id, label: `${u.name} (${u.username})` })), (v) => (this.userId = v))}
      <div class="row">
        <button @click=${() => void this.exportCsv()} ?disabled=${this.csvBusy}>${t('exportCsv')}</button>
        <button @click=${() => print()}>${t('printReport')}</button>
      </div>
    </div>`;
  }

  private kpis(f: Figures) {
    const kpi = (label: string, value: unknown, sub?: unknown) =>
      html`<div class="kpi"><dt>${label}</dt><dd>${value}${sub ? html`<small>${sub}</small>` : nothing}</dd></div>`;
    return html`<dl class="kpis" data-testid="kpis">
      ${kpi(t('issued'), num(f.issued))}
      ${kpi(t('served'), num(f.served))}
      ${kpi(t('noShows'), num(f.noShows))}
      ${kpi(t('cancelled'), num(f.cancelled))}
      ${kpi(t('avgWait'), minutes(f.avgWaitMin), `P90 ${minutes(f.p90WaitMin)}`)}
      ${kpi(t('avgServe'), minutes(f.avgServeMin), `P90 ${minutes(f.p90ServeMin)}`)}
      ${kpi(t('withinTarget'), percent(f.withinTarget))}
      ${kpi(t('ratings'), num(f.ratings), `${t('satisfied')} ${percent(f.satisfied)}`)}
    </dl>`;
  }

  override render() {
    const office = this.client?.state?.office.name;
    const sum = this.summary;
    const days = this.days();
    const services = [...this.perService].sort((a, b) => {
      const order = (id: string) => this.client?.state?.services.find((s) => s.id === id)?.order ?? 0;
      return order(a.serviceId) - order(b.serviceId);
    });
    const filters = this.filterLine();
    return html`
      <h1 class="no-print">${t('reportsTitle')}</h1>
      ${this.renderFilters()}
      <header class="print-only print-head">
        <p>${loc(office)}</p>
        <h1>${t('printTitle')}</h1>
        <p class="period">${t('periodLine', { from: shortDay(this.from), to: shortDay(this.to) })}</p>
        ${filters ? html`<p>${filters}</p>` : nothing}
      </header>
      ${this.errors._ ? html`<p class="alert" role="alert">${this.errors._}</p>` : nothing}
      <p class="no-print period" aria-live="polite">
        ${t('periodLine', { from: shortDay(this.from), to: shortDay(this.to) })}${filters ? ` · ${filters}` : ''}${this.loading ? ` · ${t('loading')}` : ''}
      </p>
      ${this.loading && this.building
        ? html`<p class="no-print" role="status" data-testid="report-building">
            ${t('reportBuilding', { done: this.building.done, total: this.building.total })}
            <progress max=${this.building.total} value=${this.building.done}></progress>
          </p>`
        : nothing}
      ${sum
        ? html`${sum.skippedLines
            ? html`<p class="alert" role="status" data-testid="skipped-lines">
                ${t('reportSkipped', { n: sum.skippedLines, days: sum.damagedDays.map((d) => shortDay(d.day)).join(', ') })}
              </p>`
            : nothing}
          ${this.kpis(sum.total)}
          <div class="charts">
            <section class="card">
              <h2>${t('chartPerDay')}</h2>
              <luot-bar-chart .label=${t('chartPerDay')} .categories=${days.map((d) => shortDay(d.day).slice(0, 5))}
                .series=${[
                  { name: t('issued'), color: '#0b4f9c', values: days.map((d) => d.issued) },
                  { name: t('served'), color: '#17663a', values: days.map((d) => d.served) },
                  { name: t('noShows'), color: '#c8102e', values: days.map((d) => d.noShows) },
                ]}></luot-bar-chart>
            </section>
            <section class="card">
              <h2>${t('chartPerService')}</h2>
              <luot-bar-chart orientation="horizontal" .label=${t('chartPerService')}
                .categories=${services.map((x) => this.serviceName(x.serviceId))}
                .series=${[
                  { name: t('issued'), color: '#0b4f9c', values: services.map((x) => x.figures.issued) },
                  { name: t('served'), color: '#17663a', values: services.map((x) => x.figures.served) },
                ]}></luot-bar-chart>
            </section>
          </div>
          <div class="tables">
            <section class="card">
              <h2>${t('tablePerService')}</h2>
              <table>
                <thead><tr>
                  <th>${t('service')}</th><th class="n">${t('issued')}</th><th class="n">${t('served')}</th>
                  <th class="n">${t('noShows')}</th><th class="n">${t('cancelled')}</th><th class="n">${t('avgWait')}</th>
                  <th class="n">P90</th><th class="n">${t('avgServe')}</th><th class="n">P90</th>
                  <th class="n">${t('withinTarget')}</th><th class="n">${t('ratings')}</th><th class="n">${t('satisfied')}</th>
                </tr></thead>
                <tbody>
                  ${services.map(({ serviceId, figures: f }) => html`<tr>
                    <td>${this.serviceName(serviceId)}</td><td class="n">${num(f.issued)}</td><td class="n">${num(f.served)}</td>
                    <td class="n">${num(f.noShows)}</td><td class="n">${num(f.cancelled)}</td><td class="n">${minutes(f.avgWaitMin)}</td>
                    <td class="n">${minutes(f.p90WaitMin)}</td><td class="n">${minutes(f.avgServeMin)}</td><td class="n">${minutes(f.p90ServeMin)}</td>
                    <td class="n">${percent(f.withinTarget)}</td><td class="n">${num(f.ratings)}</td><td class="n">${percent(f.satisfied)}</td>
                  </tr>`)}
                  <tr>
                    <th scope="row">${t('total')}</th><td class="n">${num(sum.total.issued)}</td><td class="n">${num(sum.total.served)}</td>
                    <td class="n">${num(sum.total.noShows)}</td><td class="n">${num(sum.total.cancelled)}</td><td class="n">${minutes(sum.total.avgWaitMin)}</td>
                    <td class="n">${minutes(sum.total.p90WaitMin)}</td><td class="n">${minutes(sum.total.avgServeMin)}</td><td class="n">${minutes(sum.total.p90ServeMin)}</td>
                    <td class="n">${percent(sum.total.withinTarget)}</td><td class="n">${num(sum.total.ratings)}</td><td class="n">${percent(sum.total.satisfied)}</td>
                  </tr>
                </tbody>
              </table>
            </section>
            <section class="card">
              <h2>${t('tablePerDay')}</h2>
              <table>
                <thead><tr>
                  <th>${t('day')}</th><th class="n">${t('issued')}</th><th class="n">${t('served')}</th>
                  <th class="n">${t('noShows')}</th><th class="n">${t('cancelled')}</th>
                </tr></thead>
                <tbody>
                  ${days.map((d) => html`<tr><td>${shortDay(d.day)}</td><td class="n">${num(d.issued)}</td><td class="n">${num(d.served)}</td>
                    <td class="n">${num(d.noShows)}</td><td class="n">${num(d.cancelled)}</td></tr>`)}
                </tbody>
              </table>
            </section>
          </div>
          <luot-booking-report .api=${this.api} .from=${sum.from} .to=${sum.to} .serviceId=${this.serviceId}
            .serviceName=${(id: string) => this.serviceName(id)}></luot-booking-report>
          <luot-report-pickups .api=${this.api} .from=${sum.from} .to=${sum.to}></luot-report-pickups>
          <luot-walk-report .walk=${sum.walk ?? null} .serviceName=${(id: string) => this.serviceName(id)}
            .counterName=${(id: string) => loc(this.client?.state?.counters.find((x) => x.id === id)?.label) || id}></luot-walk-report>
          <div class="print-only signature"><div><p>${t('printSignature')}</p><p class="muted">${t('printSignHint')}</p></div></div>`
        : this.loading ? nothing : html`<p class="muted">${t('noData')}</p>`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-reports-view': LuotReportsView;
  }
}
