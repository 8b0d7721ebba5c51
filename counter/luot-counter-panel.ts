// The counter panel: this device's counter, its current ticket, the actions that make sense
// now (each with a keyboard shortcut), the waiting lists and today's figures.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { officePrefix } from '../shared/client/office-base.js';
import type { ApiError } from '../shared/errors.js';
import { completeSchema } from '../shared/schemas.js';
import type { CounterStatus, PublicCounter, StaffTicket, UserPublic } from '../shared/types.js';
import type { ApiClient } from './api.js';
import { LangController, LiveController, TickController } from './controllers.js';
import { loc } from './format.js';
import type { StaffClient } from './staff-client.js';
import { t, type StringKey } from './strings.js';
import { base } from './styles.js';
import { apiMessage, check } from './validation.js';
import type { LuotPauseDialog } from './luot-pause-dialog.js';
import type { LuotTargetDialog, TargetOption } from './luot-target-dialog.js';
import './luot-current-ticket.js';
import './luot-pause-dialog.js';
import './luot-target-dialog.js';
import './luot-today-stats.js';
import './luot-waiting-list.js';
import './luot-alarm-button.js';
import './luot-no-shows.js';
import './luot-results-ready.js';
import './luot-bookings-pending.js';

// Per office: counter ids are only unique within one (the default office's key is as before).
export const COUNTER_KEY = `luot.counterId${officePrefix()}`;
/** The same colours as the current ticket's state: amber while someone is being called. */
export const STATUS_CHIP: Record<CounterStatus, string> = { closed: '', idle: 'ok', calling: 'warn', serving: 'ok', paused: 'warn' };

type ActionId = 'callNext' | 'recall' | 'start' | 'complete' | 'noShow' | 'transfer' | 'pause';
interface Action {
  id: ActionId;
  key: string;
  label: StringKey;
  enabled: boolean;
  run: () => void;
  primary?: boolean;
}

type Outcome = { ok: true } | { ok: false; error: ApiError };

@customElement('luot-counter-panel')
export class LuotCounterPanel extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      .top { display: flex; gap: 0.8rem; align-items: center; flex-wrap: wrap; margin-bottom: 0.8rem; }
      .top select { font-size: 1.05rem; font-weight: 600; max-width: 28rem; }
      .grid { display: grid; grid-template-columns: minmax(0, 1.3fr) minmax(0, 1fr); gap: 0.9rem; align-items: start; }
      @media (max-width: 900px) { .grid { grid-template-columns: 1fr; } }
      .main { display: flex; flex-direction: column; gap: 0.8rem; }
      .actions { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 0.5rem; }
      .actions button { min-height: 3.1rem; font-size: 1.02rem; display: flex; justify-content: space-between; align-items: center; text-align: left; }
      .actions button.primary { grid-column: span 3; min-height: 3.8rem; font-size: 1.25rem; }
      .complete { display: flex; gap: 0.6rem; align-items: end; flex-wrap: wrap; }
      .complete .field { flex: 1 1 14rem; }
      .side { display: flex; flex-direction: column; gap: 0.8rem; }
      .status { font-size: 0.95rem; }
      .holder { color: var(--luot-muted); }
      .msg { min-height: 2.4rem; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  private readonly liveCtl = new LiveController(this, () => this.client);
  private readonly tickCtl = new TickController(this, 15_000);
  @property({ attribute: false }) client!: StaffClient;
  @property({ attribute: false }) api!: ApiClient;
  @property({ attribute: false }) user!: UserPublic;
  /** The session expired: nothing may be sent until the password is given again. */
  @property({ type: Boolean }) locked = false;
  @state() private counterId: string | null = localStorage.getItem(COUNTER_KEY);
  @state() private busy = false;
  @state() private message: { kind: 'error' | 'notice' | 'info'; text: string } | null = null;
  @state() private fileCode = '';
  @state() private fileCodeError: string | null = null;
  @state() private refresh = 0;
  @query('luot-pause-dialog') private pauseDialog!: LuotPauseDialog;
  @query('luot-target-dialog') private targetDialog!: LuotTargetDialog;

  private readonly onKey = (e: KeyboardEvent) => this.shortcut(e);
  /** One shortcut typed ahead while an action is in flight (clerks press L then B quickly). */
  private pendingKey: string | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('keydown', this.onKey);
  }
  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('keydown', this.onKey);
  }

  private get counter(): PublicCounter | null {
    return this.client?.state?.counters.find((c) => c.id === this.counterId) ?? null;
  }

  private get ready(): boolean {
    return Boolean(this.client?.connected && this.client.state && !this.locked && !this.busy);
  }

  private chooseCounter(id: string) {
    this.counterId = id || null;
    if (id) localStorage.setItem(COUNTER_KEY, id);
    else localStorage.removeItem(COUNTER_KEY);
    this.message = null;
  }

  private async act<R extends Outcome>(request: () => Promise<R>, onOk?: (r: Extract<R, { ok: true }>) => void) {
    if (this.busy) return;
    this.busy = true;
    this.message = null;
    try {
      const r = await request();
      if (r.ok) onOk?.(r as Extract<R, { ok: true }>);
      else this.message = { kind: 'error', text: apiMessage(r.error) };
    } finally {
      this.busy = false;
    }
    // A shortcut pressed while the previous action was on its way runs now, if it still applies.
    const key = this.pendingKey;
    this.pendingKey = null;
    if (key) this.actions().find((a) => a.key === key && a.enabled)?.run();
  }

  private actions(): Action[] {
    const c = this.counter;
    const id = c?.id ?? '';
    const ok = this.ready && c !== null;
    const cur = c?.current ?? null;
    const called = cur?.state === 'called';
    const inService = called || cur?.state === 'serving';
    const paused = c?.status === 'paused';
    const client = this.client;
    return [
      {
        id: 'callNext', key: 'G', label: 'actCallNext', primary: true,
        enabled: ok && c!.status === 'idle',
        // "Nobody waiting" comes back as `ticket: null`, which is not an error.
        run: () => void this.act(() => client.callNext(id), (r) => {
          if (!r.ticket) this.message = { kind: 'info', text: t('nobodyToCall') };
        }),
      },
      { id: 'recall', key: 'L', label: 'actRecall', enabled: ok && called, run: () => void this.act(() => client.recall(id)) },
      { id: 'start', key: 'B', label: 'actStart', enabled: ok && called, run: () => void this.act(() => client.start(id)) },
      { id: 'complete', key: 'H', label: 'actComplete', enabled: ok && inService, run: () => this.complete() },
      {
        id: 'noShow', key: 'V', label: 'actNoShow', enabled: ok && called,
        run: () => void this.act(() => client.noShow(id), () => this.finished('doneNoShow', cur?.number ?? '')),
      },
      { id: 'transfer', key: 'C', label: 'actTransfer', enabled: ok && inService, run: () => this.targetDialog.open() },
      {
        id: 'pause', key: 'T', label: paused ? 'actResume' : 'actPause',
        enabled: ok && (paused || c!.status === 'idle'),
        run: () => (paused ? void this.act(() => client.resume(id)) : this.pauseDialog.open()),
      },
    ];
  }

  private complete() {
    const c = this.counter;
    if (!c) return;
    const v = check(completeSchema, { counterId: c.id, fileCode: this.fileCode });
    if (!v.ok) {
      this.fileCodeError = v.errors.fileCode ?? null;
      return;
    }
    this.fileCodeError = null;
    const number = c.current?.number ?? '';
    void this.act(() => this.client.complete(c.id, this.fileCode), () => {
      this.fileCode = '';
      this.finished('doneComplete', number);
    });
  }

  private finished(key: StringKey, number: string) {
    this.message = { kind: 'notice', text: t(key, { number }) };
    this.refresh++;
  }

  private shortcut(e: KeyboardEvent) {
    if (e.defaultPrevented || e.repeat || e.ctrlKey || e.altKey || e.metaKey) return;
    for (const el of e.composedPath()) {
      if (!(el instanceof HTMLElement)) continue;
      if (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT', 'DIALOG'].includes(el.tagName)) return;
    }
    const key = e.key.toUpperCase();
    const action = this.actions().find((a) => a.key === key);
    if (!action) return;
    e.preventDefault();
    if (this.busy) this.pendingKey = key;
    else if (action.enabled) action.run();
  }

  private onCallTicket(e: CustomEvent<StaffTicket>) {
    const c = this.counter;
    if (!c) return;
    void this.act(() => this.client.call(c.id, e.detail.id));
  }

  private onPause(e: CustomEvent<{ reason: string }>) {
    const c = this.counter;
    if (c) void this.act(() => this.client.pause(c.id, e.detail.reason));
  }

  private onTransfer(e: CustomEvent<{ kind: 'service' | 'counter'; id: string }>) {
    const c = this.counter;
    if (!c) return;
    const number = c.current?.number ?? '';
    const to = e.detail.kind === 'service' ? { toServiceId: e.detail.id } : { toCounterId: e.detail.id };
    void this.act(() => this.client.transfer(c.id, to), () => (this.message = { kind: 'notice', text: t('doneTransfer', { number }) }));
  }

  private transferOptions(): TargetOption[] {
    const s = this.client?.state;
    const c = this.counter;
    if (!s || !c) return [];
    return [
      ...s.services.filter((x) => x.active).map((x) => ({ value: `service:${x.id}`, label: loc(x.name), group: t('targetServices') })),
      ...s.counters
        .filter((x) => x.id !== c.id)
        .map((x) => ({ value: `counter:${x.id}`, label: `${loc(x.label)}${x.status === 'closed' ? ` (${t('status_closed')})` : ''}`, group: t('targetCounters') })),
    ];
  }

  private renderTop(c: PublicCounter | null) {
    const s = this.client?.state;
    const counters = s?.counters ?? [];
    const held = c && c.status !== 'closed';
    const mine = held && c.staffName === this.user.name;
    const ok = this.ready && c !== null;
    const canClose = ok && held && !c.current;
    return html`<div class="top">
      <label for="counter">${t('counterPick')}</label>
      <select id="counter" @change=${(e: Event) => this.chooseCounter((e.target as HTMLSelectElement).value)}>
        <option value="" ?selected=${!c}>${t('counterPickPlaceholder')}</option>
        ${counters.map(
          (x) => html`<option value=${x.id} ?selected=${x.id === this.counterId}>
            ${loc(x.label)} — ${x.serviceIds.map((id) => loc(s?.services.find((v) => v.id === id)?.name) || id).join(', ')}
          </option>`,
        )}
      </select>
      ${c
        ? html`<span class="chip status ${STATUS_CHIP[c.status]}" data-testid="counter-status">
              ${t(`status_${c.status}` as StringKey)}</span>
            ${held && !mine ? html`<span class="holder">${t('heldBy', { name: c.staffName ?? '?' })}</span>` : nothing}
            ${!held || !mine
              ? html`<button class="primary" ?disabled=${!ok} @click=${() => void this.act(() => this.client.openCounter(c.id))}>
                  ${held ? t('takeOver') : t('openCounter')}</button>`
              : html`<button ?disabled=${!canClose} @click=${() => void this.act(() => this.client.closeCounter(c.id))}>${t('closeCounter')}</button>`}`
        : nothing}
    </div>`;
  }

  override render() {
    const s = this.client?.state ?? null;
    const c = this.counter;
    const now = this.client?.serverNow() ?? Date.now();
    const actions = this.actions();
    const canCall = this.ready && c?.status === 'idle';
    const inService = c?.current?.state === 'called' || c?.current?.state === 'serving';
    const m = this.message;
    return html`
      ${this.renderTop(c)}
      ${!c
        ? html`<p class="info">${s ? t('chooseCounterFirst') : t('connecting')}</p>`
        : html`<div class="grid">
            <section class="main" aria-label=${t('currentTicket')}>
              <div class="card">
                <luot-current-ticket .counter=${c} .services=${s?.services ?? []} .now=${now}
                  .pickup=${(c.current && s?.pickups?.[c.current.id]) ?? null}></luot-current-ticket>
              </div>
              <div class="actions" role="group" aria-label=${t('actionsLabel')}>
                ${actions.map(
                  (a) => html`<button class=${a.primary ? 'primary' : ''} data-action=${a.id} ?disabled=${!a.enabled}
                    aria-keyshortcuts=${a.key} @click=${a.run}>
                    <span>${t(a.label)}${a.id === 'transfer' || (a.id === 'pause' && c.status !== 'paused') ? '…' : ''}</span><kbd>${a.key}</kbd>
                  </button>`,
                )}
              </div>
              <div class="complete">
                <div class="field">
                  <label for="file-code">${t('fileCode')} <span class="hint">${t('fileCodeHint')}</span></label>
                  <input id="file-code" maxlength="64" autocomplete="off" .value=${this.fileCode} ?disabled=${!inService || this.locked}
                    aria-invalid=${this.fileCodeError ? 'true' : 'false'}
                    @input=${(e: InputEvent) => (this.fileCode = (e.target as HTMLInputElement).value)}
                    @keydown=${(e: KeyboardEvent) => {
                      if (e.key === 'Enter' && this.ready && inService) this.complete();
                    }} />
                  ${this.fileCodeError ? html`<span class="err">${this.fileCodeError}</span>` : nothing}
                </div>
              </div>
              <div class="msg">
                ${m
                  ? html`<p class=${m.kind === 'error' ? 'alert' : m.kind === 'notice' ? 'notice' : 'info'} role=${m.kind === 'error' ? 'alert' : 'status'}>${m.text}</p>`
                  : nothing}
              </div>
            </section>
            <aside class="side">
              <luot-alarm-button .client=${this.client} .counterId=${c.id}></luot-alarm-button>
              <div class="card">
                <luot-today-stats .api=${this.api} .client=${this.client} .counterId=${c.id} .refresh=${this.refresh}></luot-today-stats>
              </div>
              <div class="card">
                <h2>${t('waitingTitle')}</h2>
                <luot-waiting-list .client=${this.client} .counter=${c} ?canCall=${canCall} .now=${now}
                  @call-ticket=${this.onCallTicket}></luot-waiting-list>
              </div>
              <luot-bookings-pending .client=${this.client} .serviceIds=${c.serviceIds}></luot-bookings-pending>
              <div class="card">
                <luot-no-shows .api=${this.api} .client=${this.client} .serviceIds=${c.serviceIds}></luot-no-shows>
              </div>
              ${s?.services.some((x) => x.pickup && c.serviceIds.includes(x.id))
                ? html`<div class="card"><luot-results-ready .api=${this.api}></luot-results-ready></div>`
                : nothing}
            </aside>
          </div>`}
      <luot-pause-dialog @pause=${this.onPause}></luot-pause-dialog>
      <luot-target-dialog .heading=${t('transferTitle', { number: c?.current?.number ?? '' })} .confirmLabel=${t('actTransfer')}
        .options=${this.transferOptions()} @choose=${this.onTransfer}></luot-target-dialog>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-counter-panel': LuotCounterPanel;
  }
}
