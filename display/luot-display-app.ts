// The wall display of the waiting hall: the number being called, every counter's number, the
// last calls, how many wait per service; announced aloud. Read from across the hall, so sizes
// are in vh (the same on a 1080p TV and a 768p one) and contrast is high.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { DisplayFeed } from '../shared/client/display-feed.js';
import { CLOSED_REASONS } from '../shared/i18n.js';
import type { CalledEvent, PublicCounter, RecentCall, Snapshot } from '../shared/types.js';
import { templateNamesCounter } from '../shared/voice.js';
import { Announcer } from './announcer.js';
import { record } from './test-hooks.js';
import { COUNTER_STATUS_VI, DEFAULT_TIME_ZONE, formatDateTimeVi, formatTimeVi } from './format.js';
import { VI, counterTitle } from './strings.js';
import { callInZone, isWholeOffice, parseZone, zoneView, type Zone } from './zone.js';

declare global {
  interface Window {
    /** Test hook: each call the "now calling" block rendered, with the time it reached the DOM (the newest few hundred). */
    __luotRendered?: { rev: number | null; number: string; counter: number; at: number }[];
  }
}

/** How long a new call flashes. */
const FLASH_MS = 6000;
/** When the audio device opens after the first paint. */
const AUDIO_AFTER_MS = 5000;

@customElement('luot-display-app')
export class LuotDisplayApp extends LitElement {
  static override styles = css`
    :host {
      --bg: #081a33; --panel: #10294d; --line: #2a4a78; --fg: #ffffff; --muted: #c4d2e8;
      --accent: #ffd23f; --accent-fg: #0b1526; --ok: #5fe08f; --warn: #ffb347;
      display: flex; flex-direction: column; height: 100vh; overflow: hidden;
      background: var(--bg); color: var(--fg); font-family: var(--luot-font); line-height: 1.25;
    }
    header { flex: none; display: flex; align-items: center; justify-content: space-between; gap: 2vw;
      padding: 1.2vh 2vw; background: #051226; border-bottom: 0.4vh solid var(--accent); }
    .office { font-size: 3.6vh; font-weight: 700; margin: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .zone { font-size: 2.4vh; color: var(--muted); font-weight: 600; }
    .clock { font-size: 3.6vh; font-weight: 600; white-space: nowrap; font-variant-numeric: tabular-nums; }
    .banner { background: #c8102e; color: #fff; font-size: 3.4vh; font-weight: 700;
      padding: 1vh 2vw; text-align: center; }
    .stale-tag { display: inline-block; margin-left: 1.5vw; padding: 0.2vh 1vw; border-radius: 0.8vh;
      background: #ffb347; color: #1b1200; font-size: 2.6vh; font-weight: 700; vertical-align: middle; }

    main { flex: 1 1 0; display: grid; grid-template-columns: 44fr 56fr; grid-template-rows: 1fr auto; gap: 1.6vh 1.4vw;
      padding: 1.6vh 1.4vw; min-height: 0; }
    main.stale { filter: grayscale(1); opacity: 0.55; }
    section { background: var(--panel); border-radius: 1.4vh; min-height: 0; overflow: hidden; }
    h2 { margin: 0 0 1vh; font-size: 2.6vh; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; }

    .hero { display: flex; flex-direction: column; justify-content: center; align-items: center; text-align: center;
      background: var(--accent); color: var(--accent-fg); padding: 2vh 1vw; }
    .hero h2 { color: var(--accent-fg); font-size: 4.2vh; font-weight: 700; }
    .hero .number { font-size: 25vh; font-weight: 700; line-height: 1; letter-spacing: 0.02em; font-variant-numeric: tabular-nums; }
    .hero .to { font-size: 9vh; font-weight: 700; line-height: 1.15; display: flex; align-items: center; gap: 2vw; }
    .hero .to svg { width: 8vh; height: 8vh; flex: none; }
    .hero .recall { font-size: 3vh; font-weight: 700; background: var(--accent-fg); color: var(--accent);
      border-radius: 1vh; padding: 0.3vh 1.2vw; margin-top: 1vh; }
    .hero.empty { background: var(--panel); color: var(--muted); font-size: 4vh; }
    .hero.flash { animation: flash 0.75s steps(2, jump-none) 8; }
    @keyframes flash { from { background: #ffffff; } to { background: var(--accent); } }

    .board { display: grid; gap: 1.2vh 1vw; padding: 1.4vh 1vw; align-content: stretch; }
    .card { background: #0b2142; border: 0.3vh solid var(--line); border-radius: 1.2vh; padding: 0.8vh 1vw;
      display: grid; grid-template-rows: auto 1fr auto; align-items: center; min-height: 0; }
    .card .label { font-size: calc(var(--card) * 0.42); font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .card .num { font-size: var(--card); font-weight: 700; line-height: 1.05; color: var(--accent); font-variant-numeric: tabular-nums; }
    .card .num.none { color: #6f86ab; }
    .card .status { font-size: calc(var(--card) * 0.3); font-weight: 600; color: var(--muted); }
    .card.calling-now { border-color: var(--accent); background: #1b3a66; }
    .card.st-closed { opacity: 0.6; }
    .status.st-calling, .status.st-serving { color: var(--ok); }
    .status.st-paused { color: var(--warn); }

    .bottom { grid-column: 1 / -1; display: grid; grid-template-columns: 44fr 56fr; gap: 1.4vw; }
    .bottom section { padding: 1.2vh 1.2vw; }
    .recent ol { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(3, 1fr); gap: 0.8vh 1vw; }
    .recent li { display: flex; flex-direction: column; align-items: flex-start; white-space: nowrap; min-width: 0; }
    .recent .n { font-size: 5vh; font-weight: 700; line-height: 1.1; font-variant-numeric: tabular-nums; }
    .recent .c { font-size: 2.6vh; font-weight: 600; color: var(--muted); }
    .waiting ul { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(2, 1fr); gap: 0.6vh 1.6vw; }
    .waiting li { display: flex; justify-content: space-between; align-items: baseline; gap: 1vw; font-size: 2.8vh;
      border-bottom: 0.15vh solid var(--line); padding-bottom: 0.4vh; min-width: 0; }
    .waiting .name { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .waiting .count { font-weight: 700; font-size: 3.6vh; white-space: nowrap; font-variant-numeric: tabular-nums; }
    .waiting .count small { font-size: 2.2vh; font-weight: 400; color: var(--muted); }
    .waiting .closed { font-size: 2.2vh; color: var(--warn); white-space: nowrap; }
    .empty-note { font-size: 2.8vh; color: var(--muted); margin: 0; }
    .office-closed { flex: 1; display: grid; place-content: center; gap: 3vh; text-align: center; padding: 4vw; }
    .office-closed h1 { font-size: 8vh; margin: 0; }
    .office-closed p { font-size: 4vh; margin: 0; color: var(--muted); }

    footer { flex: none; background: #051226; border-top: 0.3vh solid var(--line); font-size: 3.4vh; height: 6vh; overflow: hidden;
      display: flex; align-items: center; white-space: nowrap; }
    footer span { display: inline-block; padding-left: 100%; animation: ticker var(--ticker-s, 30s) linear infinite; }
    @keyframes ticker { from { transform: translateX(0); } to { transform: translateX(-100%); } }
    @media (prefers-reduced-motion: reduce) {
      footer span { animation: none; padding-left: 2vw; }
      .hero.flash { animation: none; outline: 1vh solid #fff; outline-offset: -1vh; }
    }

    .connecting { flex: 1 1 0; display: grid; place-items: center; font-size: 5vh; color: var(--muted); }
    .sound { position: fixed; right: 2vw; bottom: 8vh; z-index: 2; display: flex; align-items: center; gap: 1vw;
      font: inherit; font-size: 3.2vh; font-weight: 700; padding: 1.4vh 2vw; border: 0.4vh solid #fff; border-radius: 1.4vh;
      background: #c8102e; color: #fff; cursor: pointer; box-shadow: 0 0.6vh 2vh rgba(0, 0, 0, 0.5); }
    .sound svg { width: 4vh; height: 4vh; }
  `;

  private feed = new DisplayFeed();
  private zone: Zone = parseZone(location.search);
  /** `?sound=0`: a second screen in a hall where another one already speaks. */
  private soundOn = new URLSearchParams(location.search).get('sound') !== '0';
  private audioReported = false;
  private announcer = new Announcer();
  @state() private snapshot: Snapshot | null = null;
  @state() private connected = false;
  @state() private now = new Date();
  /** The call flashing now (see callKey). */
  @state() private flashKey: string | null = null;
  /** Revs of the calls that came live, by callKey: snapshot calls have none. */
  private liveRevs = new Map<string, number>();
  /** When the data on screen was last known to be current. */
  private liveAt: Date | null = null;
  private template = '';
  private timers: ReturnType<typeof setInterval>[] = [];
  private flashTimer: ReturnType<typeof setTimeout> | undefined;
  private lastRenderedKey: string | null = null;
  private unsubscribe: (() => void)[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    window.__luotRendered ??= [];
    this.unsubscribe.push(
      this.feed.subscribe((s, connected) => {
        this.snapshot = s;
        this.connected = connected;
        if (s && connected) this.liveAt = new Date();
        if (s?.display) this.applySettings(s);
        // The feed mutates the same state object for deltas: Lit must be told.
        this.requestUpdate();
      }),
      this.feed.onAnnounce((call) => this.onCall(call)),
      this.feed.onVoice((version) => this.announcer.useVoice(version)),
      this.announcer.onChange(() => {
        // Once a page: the home page's checklist ticks when a wall display can be heard.
        if (!this.audioReported && this.announcer.soundAllowed) {
          this.audioReported = true;
          this.feed.reportAudio(true);
        }
        this.requestUpdate();
      }),
    );
    this.timers.push(setInterval(() => {
      const t = new Date();
      if (t.getMinutes() !== this.now.getMinutes() || t.getHours() !== this.now.getHours()) this.now = t;
    }, 1000));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const t of this.timers) clearInterval(t);
    for (const u of this.unsubscribe) u();
    clearTimeout(this.flashTimer);
    this.feed.close();
  }

  private applySettings(s: Snapshot): void {
    const d = s.display!;
    this.announcer.settings = {
      template: d.announcementTemplate, recallTemplate: d.recallTemplate, reading: d.numberReading,
      repeat: d.announcementRepeat, volume: d.announcementVolume, mode: d.voiceMode,
    };
    if (d.announcementTemplate !== this.template && this.soundOn) this.announcer.preload();
    this.template = d.announcementTemplate;
  }

  private onCall(call: CalledEvent): void {
    const s = this.feed.state;
    if (!s || !callInZone(this.zone, s, call)) return;
    const key = callKey(call);
    this.liveRevs.set(key, call.rev);
    if (this.liveRevs.size > 50) this.liveRevs.delete(this.liveRevs.keys().next().value!);
    this.flashKey = key;
    clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => (this.flashKey = null), FLASH_MS);
    const counterName = s.counters.find((c) => c.id === call.counterId)?.label.vi;
    if (this.soundOn) this.announcer.enqueue({ rev: call.rev, number: call.ticket.number, counter: call.counterNumber, counterName, recall: call.recall });
  }

  protected override firstUpdated(changed: PropertyValues): void {
    super.firstUpdated(changed);
    // The audio device opens once the board has settled (nothing is said before the first live
    // call, which opens it itself if it comes sooner): its one long task must not hold up the
    // start. Where sound needs a tap, the button shows from then on.
    if (!this.soundOn) return;
    const start = () => this.announcer.start();
    this.timers.push(setTimeout(() => ('requestIdleCallback' in window ? requestIdleCallback(start, { timeout: 2000 }) : start()), AUDIO_AFTER_MS));
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const block = this.renderRoot.querySelector<HTMLElement>('.hero[data-key]');
    const key = block?.dataset.key ?? null;
    if (block && key !== this.lastRenderedKey) {
      this.lastRenderedKey = key;
      record(window.__luotRendered!, {
        rev: this.liveRevs.get(key!) ?? null,
        number: block.dataset.number ?? '',
        counter: Number(block.dataset.counter),
        at: Date.now(),
      });
    }
  }

  override render() {
    // Archived by the province: no figures, old or new, only the notice.
    if (this.feed.officeClosed) {
      return html`<section class="office-closed" role="alert" data-testid="closed">
        <h1>${VI.officeClosed}</h1><p>${VI.officeClosedHint}</p>
      </section>`;
    }
    const s = this.snapshot;
    const tz = s?.display?.timeZone ?? DEFAULT_TIME_ZONE;
    const stale = s !== null && !this.connected;
    const zoneText = isWholeOffice(this.zone) ? null : this.zoneLabel(s);
    return html`
      ${!stale ? nothing : html`<div class="banner" role="alert" data-testid="offline">
        ${VI.lost}${this.liveAt ? VI.staleSince(formatTimeVi(this.liveAt.toISOString(), tz)) : nothing}
      </div>`}
      <header>
        <div style="min-width: 0">
          <h1 class="office">${s?.office.name.vi ?? VI.officeFallback}</h1>
          ${zoneText ? html`<div class="zone">${zoneText}</div>` : nothing}
        </div>
        <div class="clock" data-testid="clock">
          ${formatDateTimeVi(this.now, tz)}${stale ? html`<span class="stale-tag" data-testid="stale">${VI.stale}</span>` : nothing}
        </div>
      </header>
      ${s ? this.renderMain(s, stale, tz) : html`<div class="connecting" role="status">${VI.connecting}</div>`}
      <footer>${s?.display?.ticker.vi ? html`<span style="--ticker-s: ${Math.max(20, s.display.ticker.vi.length * 0.35)}s">${s.display.ticker.vi}</span>` : nothing}</footer>
      ${this.soundOn && this.announcer.ready && !this.announcer.soundAllowed
        ? html`<button class="sound" data-testid="sound" @click=${() => this.announcer.unlock()}>${speakerIcon}${VI.soundOn}</button>`
        : nothing}
    `;
  }

  private zoneLabel(s: Snapshot | null): string {
    const parts: string[] = [];
    if (this.zone.counters) parts.push(VI.zoneCounters([...this.zone.counters].sort((a, b) => a - b).join(', ')));
    if (this.zone.services) {
      const names = [...this.zone.services].map((id) => s?.services.find((x) => x.id === id)?.name.vi ?? id);
      parts.push(names.join(', '));
    }
    return VI.zone(parts.join(' · '));
  }

  private renderMain(s: Snapshot, stale: boolean, tz: string) {
    const view = zoneView(s, this.zone);
    const top = view.calls[0] ?? null;
    // A recall is a new call of the same ticket: the list shows each ticket once, newest first.
    const seen = new Set<string>();
    const recent = view.calls.filter((r) => !seen.has(r.ticket.id) && seen.add(r.ticket.id)).slice(1, 7);
    const counterOf = (id: string) => s.counters.find((c) => c.id === id);
    const topCounter = top ? counterOf(top.counterId) : undefined;
    return html`
      <main class=${stale ? 'stale' : ''}>
        ${top && topCounter ? this.renderCalling(top, topCounter) : html`<section class="hero empty">${VI.nobodyCalled}</section>`}
        ${this.renderBoard(view.counters, topCounter?.id ?? null)}
        <div class="bottom">
          <section class="recent">
            <h2>${VI.recent}</h2>
            ${recent.length
              ? html`<ol>${recent.map((r) => html`<li data-testid="recent">
                  <span class="n">${r.ticket.number}</span>
                  <span class="c">→ ${this.counterName(counterOf(r.counterId))} · ${formatTimeVi(r.at, tz)}</span></li>`)}</ol>`
              : html`<p class="empty-note">—</p>`}
          </section>
          <section class="waiting">
            <h2>${VI.waiting}</h2>
            <ul>${view.services.map((sv) => html`<li data-service=${sv.id}>
              <span class="name">${sv.name.vi}</span>
              ${sv.open || sv.waiting > 0
                ? html`<span class="count" data-testid="waiting">${sv.waiting}${sv.waiting > 0 && sv.estimatedWaitMin > 0 ? html` <small>${VI.waitMin(sv.estimatedWaitMin)}</small>` : nothing}</span>`
                : html`<span class="closed">${sv.closedReason ? CLOSED_REASONS[sv.closedReason].vi : VI.serviceStopped}</span>`}
            </li>`)}</ul>
          </section>
        </div>
      </main>
    `;
  }

  /** "Quầy 3", or the counter's name where the office's template calls counters by name. */
  private counterName(counter: PublicCounter | undefined): string {
    if (!counter) return '?';
    return counterTitle(counter, templateNamesCounter(this.template));
  }

  private renderCalling(top: RecentCall, counter: PublicCounter) {
    const key = callKey(top);
    // Keyed: a new call gets a fresh element, so the flash animation starts over.
    return keyed(key, html`<section class="hero ${this.flashKey === key ? 'flash' : ''}" data-testid="calling"
        data-key=${key} data-number=${top.ticket.number} data-counter=${counter.number}>
      <h2>${VI.calling}</h2>
      <div class="number" data-testid="calling-number">${top.ticket.number}</div>
      <div class="to">${arrowIcon}<span>${this.counterName(counter)}</span></div>
      ${top.recall ? html`<div class="recall">${VI.recall}</div>` : nothing}
    </section>`);
  }

  private renderBoard(counters: PublicCounter[], highlight: string | null) {
    const n = Math.max(1, counters.length);
    const cols = n <= 4 ? 2 : n <= 9 ? 3 : n <= 16 ? 4 : 5;
    const rows = Math.ceil(n / cols);
    // The number fills about half of a card's height; the card height is what the rows leave.
    const card = `${Math.min(9, 30 / rows).toFixed(2)}vh`;
    return html`<section class="board" aria-label=${VI.counters}
        style="grid-template-columns: repeat(${cols}, 1fr); grid-template-rows: repeat(${rows}, 1fr); --card: ${card}">
      ${counters.map((c) => html`<div class="card st-${c.status} ${c.id === highlight ? 'calling-now' : ''}" data-counter=${c.number}>
        <div class="label">${c.label.vi}</div>
        <div class="num ${c.current ? '' : 'none'}" data-testid="counter-number">${c.current?.number ?? '—'}</div>
        <div class="status st-${c.status}">${COUNTER_STATUS_VI[c.status].vi}${c.status === 'paused' && c.pausedReason ? ` · ${c.pausedReason}` : ''}</div>
      </div>`)}
    </section>`;
  }
}

/** One call (a recall is another): the ticket and the moment. Recent calls carry no rev. */
function callKey(c: { ticket: { id: string }; at: string }): string {
  return `${c.ticket.id}@${c.at}`;
}

const arrowIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M4 11h12.2l-5.6-5.6L12 4l8 8-8 8-1.4-1.4 5.6-5.6H4z"/></svg>`;
const speakerIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M3 9v6h4l5 5V4L7 9H3zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4zM14 3.2v2.1a7 7 0 0 1 0 13.4v2.1a9 9 0 0 0 0-17.6z"/></svg>`;

declare global {
  interface HTMLElementTagNameMap {
    'luot-display-app': LuotDisplayApp;
  }
}
