// The waiting lists of a counter's services, in this counter's calling order (shared/queue-order.ts),
// then the tickets meant for another counter; any ticket can be called out of turn.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { counterList } from '../shared/client/staff-live.js';
import { PRIORITY_NAMES } from '../shared/i18n.js';
import type { Counter, StaffTicket } from '../shared/types.js';
import { LangController, LiveController } from './controllers.js';
import { duration, elapsedMin, loc } from './format.js';
import type { StaffClient } from './staff-client.js';
import { t } from './strings.js';
import { base } from './styles.js';
import './luot-booked-badge.js';

const SHOWN = 8;

@customElement('luot-waiting-list')
export class LuotWaitingList extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      section + section { margin-top: 0.8rem; }
      h3 { display: flex; justify-content: space-between; gap: 0.5rem; font-size: 0.98rem; }
      ol { list-style: none; margin: 0; padding: 0; }
      li { display: grid; grid-template-columns: 4.6rem 1fr auto auto; gap: 0.5rem; align-items: center; padding: 0.22rem 0; border-bottom: 1px solid var(--line); }
      .num { font-weight: 700; font-size: 1.1rem; font-variant-numeric: tabular-nums; }
      .wait { font-variant-numeric: tabular-nums; white-space: nowrap; }
      .late { color: var(--danger); font-weight: 700; }
      .tags { display: flex; gap: 0.25rem; flex-wrap: wrap; }
      .none { color: var(--luot-muted); font-size: 0.92rem; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  private readonly liveCtl = new LiveController(this, () => this.client);
  @property({ attribute: false }) client: StaffClient | null = null;
  @property({ attribute: false }) counter: Counter | null = null;
  @property({ type: Boolean }) canCall = false;
  @property({ type: Number }) now = Date.now();
  @state() private expanded = new Set<string>();

  private call(ticket: StaffTicket) {
    this.dispatchEvent(new CustomEvent('call-ticket', { detail: ticket, bubbles: true, composed: true }));
  }

  private toggle(key: string) {
    const next = new Set(this.expanded);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    this.expanded = next;
  }

  private list(key: string, title: string, tickets: StaffTicket[], target: number | null) {
    const all = this.expanded.has(key);
    const shown = all ? tickets : tickets.slice(0, SHOWN);
    const counters = this.client?.state?.counters ?? [];
    return html`<section aria-label=${title}>
      <h3><span>${title}</span><span class="muted">${t('waitingCount', { n: tickets.length })}</span></h3>
      ${tickets.length === 0
        ? html`<p class="none">${t('nobodyWaiting')}</p>`
        : html`<ol>
            ${shown.map((tk) => {
              const min = elapsedMin(tk.issuedAt, this.now);
              const elsewhere = tk.targetCounterId !== null && tk.targetCounterId !== this.counter?.id;
              const to = elsewhere ? counters.find((c) => c.id === tk.targetCounterId) : null;
              return html`<li data-ticket=${tk.number}>
                <span class="num">${tk.number}</span>
                <span class="tags">
                  ${tk.priority ? html`<span class="chip prio">${loc(PRIORITY_NAMES[tk.priority])}</span>` : nothing}
                  ${tk.booked ? html`<luot-booked-badge .ticket=${tk}></luot-booked-badge>` : nothing}
                  ${tk.transfers > 0 ? html`<span class="chip">${t('transferred')}</span>` : nothing}
                  ${to ? html`<span class="chip">→ ${loc(to.label)}</span>` : nothing}
                </span>
                <span class="wait ${target !== null && min > target ? 'late' : ''}">${duration(min)}</span>
                <button class="small" ?disabled=${!this.canCall || elsewhere} @click=${() => this.call(tk)}
                  aria-label=${t('callTicketAria', { number: tk.number })}>${t('callThis')}</button>
              </li>`;
            })}
          </ol>
          ${tickets.length > SHOWN
            ? html`<button class="link" @click=${() => this.toggle(key)}>${all ? t('showLess') : t('showAll', { n: tickets.length })}</button>`
            : nothing}`}
    </section>`;
  }

  override render() {
    const s = this.client?.state;
    const c = this.counter;
    if (!s || !c) return nothing;
    // Tickets sent to this counter by name, from services it does not otherwise serve.
    const sentHere = counterList(s, c.id, null);
    return html`
      ${sentHere.length ? this.list('__here', t('sentToThisCounter'), sentHere, null) : nothing}
      ${c.serviceIds.map((id) => {
        const service = s.services.find((x) => x.id === id);
        return this.list(id, loc(service?.name) || id, counterList(s, c.id, id), service?.targetWaitMin ?? null);
      })}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-waiting-list': LuotWaitingList;
  }
}
