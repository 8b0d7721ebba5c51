// One ticket's history for a supervisor answering a complaint: every event with its time,
// counter and staff member (GET /api/tickets/<id>/events). Opened on a ticket (the waiting
// list, the counters board) or on a number and a day (luot-ticket-search): several tickets with
// that number on the day (one per service using the prefix) are offered to choose from.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { TIMELINE_KINDS, type TicketTimeline, type TimelineCounter, type TimelineEntry } from '../shared/timeline.js';
import type { ApiClient } from './api.js';
import { LangController } from './controllers.js';
import { clock, loc, shortDay } from './format.js';
import { t, type StringKey } from './strings.js';
import { base } from './styles.js';
import { findTickets, ticketTimeline, type TicketMatch } from './timeline-api.js';
import { apiMessage } from './validation.js';

const KNOWN = new Set<string>(TIMELINE_KINDS);
const CHANNELS = new Set(['kiosk', 'rest']);

function counterText(c: TimelineCounter | null | undefined): string {
  if (!c) return '';
  return c.label ? loc(c.label) : c.number !== null ? String(c.number) : c.id;
}

/** The words of one entry's details; a kind this app does not know shows its event type. */
function details(e: TimelineEntry): string[] {
  const d = e.detail;
  const out: string[] = [];
  if (e.kind === 'issued' && d.channel) out.push(CHANNELS.has(d.channel) ? t(`tlChannel_${d.channel}` as StringKey) : d.channel);
  if (d.booking) out.push(d.booking.slotAt ? t('tlBookedSlot', { time: clock(d.booking.slotAt) }) : t('tlBookedRemote'));
  if (d.pickup) out.push(t(d.pickup.ready ? 'tlPickup' : 'tlPickupNotReady', { code: d.pickup.fileCode }));
  if (d.toCounter) out.push(t('tlTransferTo', { to: counterText(d.toCounter) }));
  if (d.fileCode) out.push(t('tlFileCode', { code: d.fileCode }));
  if (d.score !== undefined) out.push(t('tlScore', { score: d.score, scale: d.scale ?? '' }));
  if (d.comment) out.push(`“${d.comment}”`);
  if (d.queuedAt) out.push(t('tlQueuedAt', { time: clock(d.queuedAt) }));
  if (e.kind === 'other') out.push(e.type);
  return out;
}

@customElement('luot-ticket-timeline')
export class LuotTicketTimeline extends LitElement {
  static override styles = [
    base,
    css`
      dialog { width: min(52rem, 94vw); }
      header { display: flex; justify-content: space-between; align-items: start; gap: 1rem; }
      h2 { margin: 0; font-size: 1.5rem; }
      .summary { margin: 0.3rem 0 0.8rem; }
      td.time { font-variant-numeric: tabular-nums; font-weight: 700; white-space: nowrap; }
      td.what { font-weight: 700; }
      .matches { display: flex; flex-wrap: wrap; gap: 0.5rem; list-style: none; padding: 0; }
      .matches button { font-size: 1.1rem; min-height: 2.8rem; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) api!: ApiClient;
  @query('dialog') private dialog!: HTMLDialogElement;
  @state() private timeline: TicketTimeline | null = null;
  @state() private choices: TicketMatch[] | null = null;
  @state() private heading = '';
  @state() private loading = false;
  @state() private error: string | null = null;

  private show(heading: string) {
    this.heading = heading;
    this.timeline = null;
    this.choices = null;
    this.error = null;
    this.loading = true;
    if (!this.dialog.open) this.dialog.showModal();
  }

  /** A ticket's history; `day` absent: today's ticket. */
  async open(ticketId: string, number: string, day?: string): Promise<void> {
    this.show(t('tlTitle', { number }));
    const r = await ticketTimeline(this.api, ticketId, day);
    this.loading = false;
    if (r.ok) this.timeline = r;
    else this.error = apiMessage(r.error);
  }

  /** The history of the ticket with this number on `day`, or the choice when several have it. */
  async search(number: string, day: string): Promise<void> {
    this.show(t('tlTitle', { number }));
    const r = await findTickets(this.api, number, day);
    if (!r.ok) {
      this.loading = false;
      this.error = apiMessage(r.error);
      return;
    }
    if (r.tickets.length === 1) return this.open(r.tickets[0]!.id, r.tickets[0]!.number, r.serviceDay);
    this.loading = false;
    if (r.tickets.length === 0) this.error = t('tlNoMatch', { number, day: shortDay(r.serviceDay) });
    else this.choices = r.tickets;
  }

  private renderMatches(list: TicketMatch[]) {
    const first = list[0]!;
    return html`<p>${t('tlMatches', { n: list.length, number: first.number, day: shortDay(first.serviceDay) })}</p>
      <ul class="matches">
        ${list.map((m) => html`<li><button @click=${() => void this.open(m.id, m.number, m.serviceDay)}>
          ${m.number} — ${loc(m.serviceName) || m.serviceId} (${clock(m.issuedAt)})</button></li>`)}
      </ul>`;
  }

  private renderTimeline(tl: TicketTimeline) {
    const tk = tl.ticket;
    return html`<p class="summary muted">${t('tlSummary', { service: loc(tk.serviceName) || tk.serviceId, time: clock(tk.issuedAt), day: shortDay(tl.serviceDay) })}</p>
      <table>
        <thead><tr><th>${t('tlTime')}</th><th>${t('tlEvent')}</th><th>${t('tlWhere')}</th><th>${t('tlStaff')}</th><th>${t('tlDetail')}</th></tr></thead>
        <tbody>
          ${tl.events.map((e) => html`<tr data-kind=${e.kind}>
            <td class="time">${clock(e.at)}</td>
            <td class="what">${t(`tl_${KNOWN.has(e.kind) ? e.kind : 'other'}` as StringKey)}</td>
            <td>${counterText(e.counter) || '—'}</td>
            <td>${e.staff?.name ?? '—'}</td>
            <td>${details(e).join(' · ')}</td>
          </tr>`)}
        </tbody>
      </table>`;
  }

  override render() {
    return html`<dialog aria-labelledby="tl-title">
      <header>
        <h2 id="tl-title">${this.heading}</h2>
        <button type="button" @click=${() => this.dialog.close()}>${t('tlClose')}</button>
      </header>
      <div role="status" aria-live="polite">
        ${this.loading ? html`<p class="info">${t('tlLoading')}</p>` : nothing}
        ${this.error ? html`<p class="alert">${this.error}</p>` : nothing}
      </div>
      ${this.choices ? this.renderMatches(this.choices) : nothing}
      ${this.timeline ? this.renderTimeline(this.timeline) : nothing}
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-ticket-timeline': LuotTicketTimeline;
  }
}
