// The supervisor's live board: load per service against its target, every counter's state,
// the printer, and any waiting ticket cancelled, moved or called to a chosen counter.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ApiError } from '../shared/errors.js';
import { CLOSED_REASONS, PRIORITY_NAMES } from '../shared/i18n.js';
import type { PrinterStatus, PublicCounter, StaffTicket } from '../shared/types.js';
import type { ApiClient } from './api.js';
import { LangController, LiveController, TickController } from './controllers.js';
import { duration, elapsedMin, loc } from './format.js';
import type { StaffClient } from './staff-client.js';
import { t, type StringKey } from './strings.js';
import { base } from './styles.js';
import { apiMessage } from './validation.js';
import { STATUS_CHIP } from './luot-counter-panel.js';
import type { LuotTargetDialog, TargetOption } from './luot-target-dialog.js';
import './luot-confirm-button.js';
import './luot-disk-banner.js';
import './luot-target-dialog.js';
import type { TicketSearch } from './luot-ticket-search.js';
import type { LuotTicketTimeline } from './luot-ticket-timeline.js';
import './luot-ticket-search.js';
import './luot-ticket-timeline.js';
import './luot-booked-badge.js';
import './luot-bookings-pending.js';
import './luot-no-shows.js';

type Outcome = { ok: true } | { ok: false; error: ApiError };

@customElement('luot-supervisor-view')
export class LuotSupervisorView extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      .top { display: flex; gap: 0.8rem; align-items: center; flex-wrap: wrap; margin-bottom: 0.8rem; }
      .grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0.9rem; align-items: start; }
      .grid > .wide { grid-column: 1 / -1; }
      @media (max-width: 1000px) { .grid { grid-template-columns: 1fr; } }
      .num { font-weight: 700; font-variant-numeric: tabular-nums; }
      .nowrap { white-space: nowrap; }
      tr.over td { background: var(--danger-bg); }
      .over-text { color: var(--danger); font-weight: 700; }
      .acts { display: flex; gap: 0.3rem; flex-wrap: wrap; justify-content: flex-end; }
      .stat { font-size: 1.6rem; font-weight: 700; }
      .stats { display: flex; gap: 1.5rem; }
      .stats div { display: flex; flex-direction: column; }
      .stats span:first-child { font-size: 0.8rem; color: var(--luot-muted); font-weight: 600; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  private readonly liveCtl = new LiveController(this, () => this.client);
  private readonly tickCtl = new TickController(this, 15_000);
  @property({ attribute: false }) client!: StaffClient;
  @property({ attribute: false }) api!: ApiClient;
  @property({ type: Boolean }) locked = false;
  @state() private message: { kind: 'error' | 'notice'; text: string } | null = null;
  @state() private busy = false;
  @state() private printerRest: PrinterStatus | null = null;
  @query('#move') private moveDialog!: LuotTargetDialog;
  @query('#call') private callDialog!: LuotTargetDialog;
  @query('#timeline') private timeline!: LuotTicketTimeline;

  override connectedCallback(): void {
    super.connectedCallback();
    // The socket sends the printer's state on connect and on change; REST covers a board opened later.
    void this.api.printer().then((r) => {
      if (r.ok) this.printerRest = r.printer;
    });
  }

  private get ready(): boolean {
    return Boolean(this.client?.connected && !this.locked && !this.busy);
  }

  private async act(request: () => Promise<Outcome>, done: string) {
    this.busy = true;
    this.message = null;
    const r = await request();
    this.busy = false;
    this.message = r.ok ? { kind: 'notice', text: done } : { kind: 'error', text: apiMessage(r.error) };
  }

  private counterName(id: string | null): string {
    const c = this.client.state?.counters.find((x) => x.id === id);
    return c ? loc(c.label) : '';
  }

  private moveOptions(): TargetOption[] {
    const s = this.client.state;
    if (!s) return [];
    return [
      ...s.services.map((x) => ({ value: `service:${x.id}`, label: loc(x.name), group: t('targetServices') })),
      ...s.counters.map((x) => ({ value: `counter:${x.id}`, label: loc(x.label), group: t('targetCounters') })),
    ];
  }

  private callOptions(): TargetOption[] {
    return (this.client.state?.counters ?? []).map((c) => ({
      value: `counter:${c.id}`,
      label: `${loc(c.label)} — ${t(`status_${c.status}` as StringKey)}${c.staffName ? ` (${c.staffName})` : ''}`,
      group: t('targetCounters'),
      // The engine calls only at an open, unpaused counter with nobody at it.
      disabled: c.status !== 'idle',
    }));
  }

  private onMove(e: CustomEvent<{ kind: 'service' | 'counter'; id: string; subject: StaffTicket }>) {
    const { kind, id, subject } = e.detail;
    const to = kind === 'service' ? { toServiceId: id } : { toCounterId: id };
    void this.act(() => this.client.move(subject.id, to), t('doneMove', { number: subject.number }));
  }

  private onCallTo(e: CustomEvent<{ id: string; subject: StaffTicket }>) {
    const { id, subject } = e.detail;
    void this.act(() => this.client.call(id, subject.id), t('doneCallTo', { number: subject.number, counter: this.counterName(id) }));
  }

  /** A ticket's number that opens its history (a complaint at the desk). */
  private historyButton(id: string, number: string) {
    return html`<button class="link num" @click=${() => void this.timeline.open(id, number)}
      aria-label=${t('tlOpenAria', { number })}>${number}</button>`;
  }

  private printerChip(p: PrinterStatus | null) {
    if (!p) return html`<span class="chip">${t('printer')}: …</span>`;
    const cls = p.status === 'ok' ? 'ok' : p.status === 'disabled' ? '' : 'bad';
    return html`<span class="chip ${cls}" data-testid="printer-status">
      ${t('printer')}: ${t(`printer_${p.status}` as StringKey)}${p.pending ? ` · ${t('printerPending', { n: p.pending })}` : ''}${p.paperNearEnd ? ` · ${t('printerPaperLow')}` : ''}
      ${p.message && p.status !== 'ok' ? html` — ${p.message}` : nothing}
    </span>`;
  }

  private statusText(c: PublicCounter): string {
    return t(`status_${c.status}` as StringKey);
  }

  override render() {
    const s = this.client?.state;
    if (!s) return html`<p class="info">${t('connecting')}</p>`;
    const now = this.client.serverNow();
    const waitingAll = s.services.flatMap((svc) => (s.waiting[svc.id] ?? []).map((tk) => ({ tk, svc })));
    const open = s.counters.filter((c) => c.status !== 'closed').length;
    const m = this.message;
    return html`
      <luot-disk-banner .client=${this.client} show="damage"></luot-disk-banner>
      <div class="top">
        <h1>${t('supTitle')}</h1>
        <div class="stats">
          <div><span>${t('supWaitingTotal')}</span><span class="stat">${waitingAll.length}</span></div>
          <div><span>${t('supCountersOpen')}</span><span class="stat">${open}/${s.counters.length}</span></div>
        </div>
        ${this.printerChip(this.client.live.printer ?? this.printerRest)}
        <luot-ticket-search .today=${s.serviceDay}
          @ticket-search=${(e: CustomEvent<TicketSearch>) => void this.timeline.search(e.detail.number, e.detail.day)}></luot-ticket-search>
      </div>
      <div role="status" aria-live="polite">
        ${m ? html`<p class=${m.kind === 'error' ? 'alert' : 'notice'}>${m.text}</p>` : nothing}
      </div>
      <div class="grid">
        <section class="card" aria-labelledby="svc-h">
          <h2 id="svc-h">${t('supServices')}</h2>
          <table>
            <thead><tr>
              <th>${t('service')}</th><th class="n">${t('waiting')}</th><th class="n">${t('longestWait')}</th>
              <th class="n">${t('target')}</th><th>${t('kioskState')}</th>
            </tr></thead>
            <tbody>
              ${s.services.map((svc) => {
                const list = s.waiting[svc.id] ?? [];
                const longest = list.reduce((mx, tk) => Math.max(mx, elapsedMin(tk.issuedAt, now)), 0);
                const over = list.length > 0 && longest > svc.targetWaitMin;
                return html`<tr class=${over ? 'over' : ''} data-service=${svc.id}>
                  <td>${loc(svc.name)}</td>
                  <td class="n num">${list.length}</td>
                  <td class="n ${over ? 'over-text' : ''}">${list.length ? duration(longest) : '—'}${over ? html` <span class="sr-only">${t('overTarget')}</span>` : nothing}</td>
                  <td class="n">${duration(svc.targetWaitMin)}</td>
                  <td>${svc.open ? html`<span class="chip ok">${t('open')}</span>` : html`<span class="chip">${svc.closedReason ? loc(CLOSED_REASONS[svc.closedReason]) : t('closed')}</span>`}</td>
                </tr>`;
              })}
            </tbody>
          </table>
        </section>
        <section class="card" aria-labelledby="ctr-h">
          <h2 id="ctr-h">${t('supCounters')}</h2>
          <table>
            <thead><tr>
              <th>${t('counter')}</th><th>${t('state')}</th><th>${t('staffMember')}</th><th>${t('currentTicket')}</th>
              <th class="n">${t('since')}</th><th><span class="sr-only">${t('actionsLabel')}</span></th>
            </tr></thead>
            <tbody>
              ${s.counters.map(
                (c) => html`<tr data-counter=${c.id}>
                  <td class="nowrap">${loc(c.label)}</td>
                  <td><span class="chip ${STATUS_CHIP[c.status]}">${this.statusText(c)}</span>
                    ${c.pausedReason ? html`<div class="muted">${c.pausedReason}</div>` : nothing}</td>
                  <td>${c.staffName ?? '—'}</td>
                  <td class="num">${c.current ? this.historyButton(c.current.id, c.current.number) : '—'}</td>
                  <td class="n">${c.status === 'closed' || !c.since ? '—' : duration(elapsedMin(c.since, now))}</td>
                  <td>${c.current
                    ? html`<luot-confirm-button small label=${t('cancelTicket')} confirmLabel=${t('confirmCancel')}
                        describe=${t('cancelTicketAria', { number: c.current.number })} ?disabled=${!this.ready}
                        @confirm=${() => void this.act(() => this.client.cancel(c.current!.id), t('doneCancel', { number: c.current!.number }))}></luot-confirm-button>`
                    : nothing}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </section>
        <section class="card wide" aria-labelledby="wait-h">
          <h2 id="wait-h">${t('supWaiting')}</h2>
          ${waitingAll.length === 0
            ? html`<p class="muted">${t('nobodyWaiting')}</p>`
            : html`<table>
                <thead><tr>
                  <th>${t('number')}</th><th>${t('service')}</th><th>${t('priority')}</th><th class="n">${t('waited')}</th>
                  <th>${t('note')}</th><th><span class="sr-only">${t('actionsLabel')}</span></th>
                </tr></thead>
                <tbody>
                  ${waitingAll.map(({ tk, svc }) => {
                    const min = elapsedMin(tk.issuedAt, now);
                    return html`<tr data-ticket=${tk.number}>
                      <td class="num">${this.historyButton(tk.id, tk.number)}</td>
                      <td>${loc(svc.name)}</td>
                      <td>${tk.priority ? html`<span class="chip prio">${loc(PRIORITY_NAMES[tk.priority])}</span>` : tk.booked ? '' : '—'}
                        ${tk.booked ? html`<luot-booked-badge .ticket=${tk}></luot-booked-badge>` : nothing}</td>
                      <td class="n ${min > svc.targetWaitMin ? 'over-text' : ''}">${duration(min)}</td>
                      <td>${tk.targetCounterId ? `→ ${this.counterName(tk.targetCounterId)}` : tk.transfers ? t('transferred') : ''}</td>
                      <td><div class="acts">
                        <button class="small" ?disabled=${!this.ready} @click=${() => this.callDialog.open(tk)}
                          aria-label=${t('callToAria', { number: tk.number })}>${t('callTo')}</button>
                        <button class="small" ?disabled=${!this.ready} @click=${() => this.moveDialog.open(tk)}
                          aria-label=${t('moveAria', { number: tk.number })}>${t('move')}</button>
                        <luot-confirm-button small label=${t('cancelTicket')} confirmLabel=${t('confirmCancel')}
                          describe=${t('cancelTicketAria', { number: tk.number })} ?disabled=${!this.ready}
                          @confirm=${() => void this.act(() => this.client.cancel(tk.id), t('doneCancel', { number: tk.number }))}></luot-confirm-button>
                      </div></td>
                    </tr>`;
                  })}
                </tbody>
              </table>`}
        </section>
        <luot-bookings-pending class="wide" .client=${this.client}></luot-bookings-pending>
        <section class="card"><luot-no-shows .api=${this.api} .client=${this.client}></luot-no-shows></section>
      </div>
      <luot-target-dialog id="move" .heading=${t('moveTitle')} .confirmLabel=${t('move')} .options=${this.moveOptions()}
        @choose=${this.onMove}></luot-target-dialog>
      <luot-target-dialog id="call" .heading=${t('callToTitle')} .confirmLabel=${t('callTo')} .fieldLabel=${t('counter')} .options=${this.callOptions()}
        @choose=${this.onCallTo}></luot-target-dialog>
      <luot-ticket-timeline id="timeline" .api=${this.api}></luot-ticket-timeline>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-supervisor-view': LuotSupervisorView;
  }
}
