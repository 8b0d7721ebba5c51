// Today's no-shows with "Gọi lại sau / Put back" (issue 15): a citizen called while away turns
// up later; staff put the ticket back in its queue with the same number. Where it goes and how
// often is the office's rule (settings.putBack), applied by the server.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { NoShowTicket } from '../shared/types.js';
import type { ApiClient } from './api.js';
import { LangController } from './controllers.js';
import { clock } from './format.js';
import type { StaffClient } from './staff-client.js';
import { t } from './strings.js';
import { base } from './styles.js';
import { apiMessage } from './validation.js';

@customElement('luot-no-shows')
export class LuotNoShows extends LitElement {
  static override styles = [
    base,
    css`
      ul { list-style: none; margin: 0; padding: 0; }
      li { display: flex; align-items: center; gap: 0.75rem; padding: 0.4rem 0; border-bottom: 1px solid #eee; }
      .number { font-size: 1.4rem; font-weight: 700; min-width: 5rem; }
      .when { color: #555; flex: 1; }
      button { min-height: 2.75rem; }
    `,
  ];

  @property({ attribute: false }) api: ApiClient | null = null;
  @property({ attribute: false }) client: StaffClient | null = null;
  /** Only these services' tickets (a counter's); all when empty. */
  @property({ attribute: false }) serviceIds: string[] = [];
  @state() private tickets: NoShowTicket[] = [];
  @state() private maxTimes = 0;
  @state() private message: { text: string; error: boolean } | null = null;
  private off: (() => void) | null = null;
  private lastRev = -1;

  constructor() {
    super();
    new LangController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    // A no-show made or put back anywhere changes the list: reread at each new revision, at most every 2 s.
    let timer: ReturnType<typeof setTimeout> | null = null;
    this.off = this.client?.subscribe((s) => {
      if (!s || s.rev === this.lastRev || timer) return;
      timer = setTimeout(() => {
        timer = null;
        void this.load();
      }, 2000);
    }) ?? null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.off?.();
  }

  private async load(): Promise<void> {
    if (!this.api) return;
    this.lastRev = this.client?.state?.rev ?? -1;
    const r = await this.api.noShows();
    if (!r.ok) return;
    this.tickets = r.tickets;
    this.maxTimes = r.maxTimes;
  }

  private async putBack(tk: NoShowTicket): Promise<void> {
    const r = await this.client?.putBack(tk.id);
    if (!r) return;
    this.message = r.ok ? { text: t('putBackDone', { number: tk.number }), error: false } : { text: apiMessage(r.error), error: true };
    await this.load();
  }

  override render() {
    const list = this.serviceIds.length ? this.tickets.filter((x) => this.serviceIds.includes(x.serviceId)) : this.tickets;
    return html`<h2>${t('noShowsTitle')}</h2>
      ${list.length === 0
        ? html`<p class="info">${t('noShowsEmpty')}</p>`
        : html`<ul>
            ${list.map(
              (x) => html`<li data-ticket=${x.number}>
                <span class="number">${x.number}</span>
                <span class="when">${clock(x.calledAt)}</span>
                <button data-action="putBack" ?disabled=${x.putBacks >= this.maxTimes} @click=${() => this.putBack(x)}>${t('putBack')}</button>
              </li>`,
            )}
          </ul>`}
      ${this.message ? html`<p class=${this.message.error ? 'alert' : 'info'} role="status">${this.message.text}</p>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-no-shows': LuotNoShows;
  }
}
