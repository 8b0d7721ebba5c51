// The counter's current ticket, large enough to read from a step back, with its facts.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { PRIORITY_NAMES, STATE_NAMES } from '../shared/i18n.js';
import type { PublicCounter, PublicService, TicketPickup } from '../shared/types.js';
import { LangController } from './controllers.js';
import { clock, duration, elapsedMin, loc } from './format.js';
import { t } from './strings.js';
import { base } from './styles.js';
import './luot-booked-badge.js';

@customElement('luot-current-ticket')
export class LuotCurrentTicket extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      .box { display: grid; grid-template-columns: auto 1fr; gap: 0.4rem 1.5rem; align-items: center; min-height: 9.5rem; }
      .number {
        font-size: 5.5rem; font-weight: 700; line-height: 1; color: var(--luot-primary);
        font-variant-numeric: tabular-nums; letter-spacing: 0.02em; grid-row: span 2;
      }
      .service { font-size: 1.35rem; font-weight: 700; }
      dl { display: grid; grid-template-columns: repeat(4, auto); gap: 0.15rem 1.2rem; margin: 0; justify-content: start; }
      dt { font-size: 0.82rem; color: var(--luot-muted); }
      dd { margin: 0; font-weight: 700; font-size: 1.1rem; font-variant-numeric: tabular-nums; }
      .empty { font-size: 1.3rem; font-weight: 600; color: var(--luot-muted); }
      .state { font-size: 1rem; }
      .paused { color: var(--luot-warn); }
      /* Issue 15: the file to fetch, large enough to read while walking to the shelves. */
      .pickup { grid-column: 1 / -1; margin: 0.3rem 0 0; padding: 0.5rem 0.9rem; border-radius: 0.6rem;
        background: var(--luot-primary-soft, #e3ecf8); }
      .pickup .code { display: block; font-size: 2.6rem; font-weight: 800; letter-spacing: 0.03em; word-break: break-all;
        font-variant-numeric: tabular-nums; }
      .pickup .warn { color: var(--luot-warn); font-weight: 700; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) counter: PublicCounter | null = null;
  @property({ attribute: false }) services: PublicService[] = [];
  @property({ type: Number }) now = Date.now();
  /** Issue 15: the current ticket's file, when it is a pickup ticket. */
  @property({ attribute: false }) pickup: TicketPickup | null = null;

  override render() {
    const c = this.counter;
    if (!c) return html`<p class="empty">${t('chooseCounterFirst')}</p>`;
    const cur = c.current;
    if (!cur) {
      if (c.status === 'closed') return html`<div class="box"><p class="empty">${t('counterClosedHint')}</p></div>`;
      if (c.status === 'paused') {
        return html`<div class="box"><div>
          <p class="empty paused">${t('pausedSince', { min: duration(elapsedMin(c.since, this.now)) })}</p>
          ${c.pausedReason ? html`<p>${t('pauseReason')}: <strong>${c.pausedReason}</strong></p>` : nothing}
        </div></div>`;
      }
      return html`<div class="box"><p class="empty">${t('idleHint', { min: duration(elapsedMin(c.since, this.now)) })}</p></div>`;
    }
    const service = this.services.find((s) => s.id === cur.serviceId);
    const calledAt = cur.calledAt ?? null;
    const waited = calledAt ? Math.max(0, Math.floor((Date.parse(calledAt) - Date.parse(cur.issuedAt)) / 60_000)) : elapsedMin(cur.issuedAt, this.now);
    return html`<div class="box" aria-live="polite">
      <div class="number" data-testid="current-number">${cur.number}</div>
      <div>
        <div class="service">${loc(service?.name) || cur.serviceId}</div>
        <div class="row">
          <span class="chip state ${cur.state === 'serving' ? 'ok' : 'warn'}">${loc(STATE_NAMES[cur.state])}</span>
          ${cur.priority ? html`<span class="chip prio">${t('priority')}: ${loc(PRIORITY_NAMES[cur.priority])}</span>` : nothing}
          ${cur.booked ? html`<luot-booked-badge .ticket=${cur}></luot-booked-badge>` : nothing}
        </div>
      </div>
      <dl>
        <div><dt>${t('issuedAt')}</dt><dd>${clock(cur.issuedAt)}</dd></div>
        <div><dt>${t('waited')}</dt><dd>${duration(waited)}</dd></div>
        <div><dt>${t('callCount')}</dt><dd>${cur.callCount}</dd></div>
        <div><dt>${t('sinceCalled')}</dt><dd>${duration(elapsedMin(calledAt, this.now))}</dd></div>
      </dl>
      ${this.pickup
        ? html`<p class="pickup" data-testid="current-file-code">${t('pickupFile')}
            <span class="code">${this.pickup.fileCode}</span>
            ${this.pickup.ready ? nothing : html`<span class="warn">${t('pickupNotReady')}</span>`}</p>`
        : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-current-ticket': LuotCurrentTicket;
  }
}
