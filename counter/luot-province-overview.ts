// "Toàn tỉnh": every office at a glance for the province admin, pushed live by /province. Large
// figures meant to be read across a room. When the link drops the last figures stay visible but
// greyed, under a banner with the time they are from: they are never shown as live.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { OfficeSummary } from '../shared/types.js';
import { LangController } from './controllers.js';
import { duration, loc, num } from './format.js';
import type { ProvinceFeed } from './province-feed.js';
import { getLang, t, type StringKey } from './strings.js';
import { base } from './styles.js';

const PRINTER_LABEL: Record<OfficeSummary['live']['printer'], StringKey> = {
  ok: 'provPrinterOk',
  warning: 'provPrinterWarning',
  error: 'provPrinterError',
  none: 'provPrinterNone',
};
const PRINTER_CHIP: Record<OfficeSummary['live']['printer'], string> = { ok: 'ok', warning: 'warn', error: 'bad', none: '' };

function clockOf(ms: number): string {
  return new Date(ms).toLocaleTimeString(getLang() === 'en' ? 'en-GB' : 'vi-VN', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

@customElement('luot-province-overview')
export class LuotProvinceOverview extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      .totals { display: flex; gap: 1.5rem; flex-wrap: wrap; font-size: 1.1rem; margin-bottom: 0.8rem; }
      .totals strong { font-size: 1.6rem; font-variant-numeric: tabular-nums; }
      .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(19rem, 1fr)); gap: 0.8rem; }
      .office { display: grid; gap: 0.45rem; border-left: 6px solid var(--luot-ok, #17663a); }
      .office.alerting { border-left-color: var(--danger); }
      .office h2 { font-size: 1.2rem; margin: 0; }
      .big { display: flex; align-items: baseline; gap: 0.5rem; }
      .big .n { font-size: 3rem; font-weight: 800; line-height: 1; font-variant-numeric: tabular-nums; }
      .line { display: flex; justify-content: space-between; gap: 0.5rem; font-size: 1.05rem; }
      .line b { font-variant-numeric: tabular-nums; }
      .over { color: var(--danger); }
      ul.alerts { margin: 0; padding-left: 1.2rem; color: var(--danger); font-weight: 600; }
      .stale .office { filter: grayscale(1); opacity: 0.6; }
      .banner { background: #b00020; color: #fff; padding: 0.6rem 1rem; border-radius: 8px; font-weight: 700; margin-bottom: 0.8rem; }
      .links { display: flex; gap: 0.8rem; flex-wrap: wrap; font-size: 0.95rem; }
      details { margin-top: 1rem; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) feed!: ProvinceFeed;
  @state() private tick = 0;
  private off: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.feed) this.follow();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('feed') && this.isConnected) this.follow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.off?.();
    this.off = null;
  }

  private follow() {
    this.off?.();
    // The feed mutates itself: a counter makes Lit see each notification as a change.
    this.off = this.feed.subscribe(() => this.tick++);
  }

  private card(o: OfficeSummary) {
    const l = o.live;
    const over = l.targetWaitMin !== null && l.longestWaitMin > l.targetWaitMin;
    return html`<section class="card office ${o.alerts.length ? 'alerting' : ''}" data-office=${o.slug}>
      <h2>${loc(o.name)}</h2>
      <div class="big"><span class="n" data-testid="waiting">${num(l.waiting)}</span><span>${t('provWaiting')}</span></div>
      <div class="line">
        <span>${t('provLongestWait')}</span>
        <b class=${over ? 'over' : ''} data-testid="longest">${duration(l.longestWaitMin)}${l.targetWaitMin !== null ? html` / ${duration(l.targetWaitMin)}` : nothing}</b>
      </div>
      <div class="line"><span>${t('provCountersOpen')}</span><b data-testid="counters">${num(l.countersOpen)} / ${num(l.countersTotal)}</b></div>
      <div class="line">
        <span>${t('provPrinter')}</span>
        <span class="chip ${PRINTER_CHIP[l.printer]}">${t(PRINTER_LABEL[l.printer])}</span>
      </div>
      ${l.disk === 'failing' ? html`<div class="line"><span>${t('provDisk')}</span><span class="chip bad">${t('provDiskFailing')}</span></div>` : nothing}
      ${o.alerts.length
        ? html`<ul class="alerts" data-testid="alerts">${o.alerts.map((a) => html`<li>${getLang() === 'en' ? a.en : a.vi}</li>`)}</ul>`
        : nothing}
      <div class="links">
        <a href="/o/${o.slug}/counter/#supervisor">${t('provOpenOffice')}</a>
        <a href="/o/${o.slug}/display/" target="_blank" rel="noopener">${t('provOpenDisplay')}</a>
      </div>
    </section>`;
  }

  override render() {
    const f = this.feed;
    const offices = f?.offices;
    if (!offices) {
      return html`<h1>${t('provTitle')}</h1>
        ${f?.refused ? html`<p class="alert" role="alert">${f.refused.message}</p>` : html`<p class="muted" role="status">${t('connecting')}</p>`}`;
    }
    const open = offices.filter((o) => !o.archived);
    const archived = offices.filter((o) => o.archived);
    const stale = !f.connected;
    return html`<h1>${t('provTitle')}</h1>
      ${stale
        ? html`<div class="banner" role="alert" data-testid="province-offline">
            ${t('provOffline', { time: f.receivedAt ? clockOf(f.receivedAt) : '—' })}
          </div>`
        : nothing}
      <div class=${stale ? 'stale' : ''} data-live=${stale ? 'false' : 'true'}>
        <p class="totals" aria-live="polite">
          <span>${t('provOffices')}: <strong>${num(open.length)}</strong></span>
          <span>${t('provWaitingTotal')}: <strong data-testid="waiting-total">${num(open.reduce((n, o) => n + o.live.waiting, 0))}</strong></span>
          <span>${t('provAlerting')}: <strong>${num(open.filter((o) => o.alerts.length).length)}</strong></span>
        </p>
        <div class="grid">${open.map((o) => this.card(o))}</div>
      </div>
      ${archived.length
        ? html`<details><summary>${t('provArchivedList', { n: archived.length })}</summary>
            <ul>${archived.map((o) => html`<li>${loc(o.name)} (${o.slug})</li>`)}</ul></details>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-province-overview': LuotProvinceOverview;
  }
}
