// Today's figures for one counter, from GET /api/counters/:id/today.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ApiClient, Figures } from './api.js';
import { LangController } from './controllers.js';
import { minutes, num } from './format.js';
import type { StaffClient } from './staff-client.js';
import { t } from './strings.js';
import { base } from './styles.js';
import { apiMessage } from './validation.js';

@customElement('luot-today-stats')
export class LuotTodayStats extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      dl { display: grid; grid-template-columns: repeat(4, 1fr); gap: 0.5rem; margin: 0; }
      dl > div { background: var(--soft); border-radius: 8px; padding: 0.45rem 0.6rem; }
      dt { font-size: 0.8rem; color: var(--luot-muted); font-weight: 600; }
      dd { margin: 0; font-size: 1.35rem; font-weight: 700; font-variant-numeric: tabular-nums; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) api!: ApiClient;
  @property({ attribute: false }) client: StaffClient | null = null;
  @property() counterId: string | null = null;
  /** Changed by the panel after each finished ticket. */
  @property({ type: Number }) refresh = 0;
  @state() private figures: Figures | null = null;
  @state() private error: string | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.timer = setInterval(() => void this.load(), 60_000);
  }
  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.timer) clearInterval(this.timer);
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('counterId') || changed.has('refresh')) void this.load();
  }

  private async load() {
    const id = this.counterId;
    if (!id || !this.api?.token) return;
    const sent = Date.now();
    const r = await this.api.counterToday(id);
    if (id !== this.counterId) return;
    if (r.ok) {
      this.client?.setServerTime(r.serverTime, sent, Date.now());
      this.figures = r.figures;
      this.error = null;
    } else {
      this.error = apiMessage(r.error);
    }
  }

  override render() {
    const f = this.figures;
    return html`<h2>${t('todayTitle')}</h2>
      ${this.error ? html`<p class="err">${this.error}</p>` : nothing}
      <dl>
        <div><dt>${t('served')}</dt><dd data-testid="today-served">${num(f?.served)}</dd></div>
        <div><dt>${t('noShows')}</dt><dd data-testid="today-noshows">${num(f?.noShows)}</dd></div>
        <div><dt>${t('avgWait')}</dt><dd>${minutes(f?.avgWaitMin)}</dd></div>
        <div><dt>${t('avgServe')}</dt><dd>${minutes(f?.avgServeMin)}</dd></div>
      </dl>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-today-stats': LuotTodayStats;
  }
}
