// The small screen at one counter (/display/?counter=3): its number and state, and after each
// finished ticket the citizen's rating of the service, recorded once against that ticket.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { DisplayFeed } from '../shared/client/display-feed.js';
import type { PublicCounter, PublicTicket, Snapshot } from '../shared/types.js';
import { CounterRating } from './counter-rating.js';
import { face } from './face.js';
import { COUNTER_STATUS_VI, ratingLevels } from './format.js';
import { counterParam, findCounter } from './counter-param.js';
import { VI, counterTitle } from './strings.js';

/** How long the rating buttons stay up after a ticket is finished. */
const RATING_MS = 60_000;
/** How long the thanks (or why the rating was not taken) stays. */
const THANKS_MS = 6_000;

type Outcome = { kind: 'thanks' | 'info'; text: string };

@customElement('luot-counter-display')
export class LuotCounterDisplay extends LitElement {
  static override styles = css`
    :host { display: flex; flex-direction: column; min-height: 100vh; box-sizing: border-box; padding: 3vmin;
      background: #081a33; color: #fff; font-family: var(--luot-font); line-height: 1.25; text-align: center; }
    header { display: flex; flex-direction: column; align-items: center; gap: 0.5vmin; }
    h1 { margin: 0; font-size: 10vmin; font-weight: 700; }
    .services { font-size: 3.6vmin; color: #c4d2e8; }
    .staff { font-size: 3.4vmin; color: #c4d2e8; }
    .now { flex: 1; display: flex; flex-direction: column; justify-content: center; align-items: center; gap: 2vmin; }
    .now .caption { font-size: 4.5vmin; color: #c4d2e8; text-transform: uppercase; letter-spacing: 0.05em; }
    .number { font-size: 26vmin; font-weight: 700; line-height: 1; color: #ffd23f; font-variant-numeric: tabular-nums; }
    .number.none { color: #8ea2c4; }
    .status { font-size: 5.5vmin; font-weight: 700; padding: 0.8vmin 4vmin; border-radius: 2vmin; background: #10294d; }
    .status.calling, .status.serving { background: #17663a; }
    .status.paused { background: #8a5a00; }
    .status.closed { background: #3c4a60; }
    .rating { display: flex; flex-direction: column; gap: 2.4vmin; align-items: stretch; padding: 3vmin; border-radius: 3vmin;
      background: #ffffff; color: #10192b; margin-top: 2vmin; }
    .rating h2 { margin: 0; font-size: 5.2vmin; }
    .rating .for { font-size: 3.6vmin; color: #3d4a5e; margin: 0; }
    .choices { display: grid; gap: 2vmin; grid-auto-flow: column; grid-auto-columns: 1fr; }
    .choices button { font: inherit; font-size: 4.2vmin; font-weight: 700; line-height: 1.2; color: #fff; border: 0; border-radius: 2.4vmin;
      padding: 2vmin 1.5vmin; min-height: 14vmin; cursor: pointer; display: flex; flex-direction: column; align-items: center;
      justify-content: center; gap: 1.2vmin; }
    @media (orientation: portrait) {
      .choices { grid-auto-flow: row; }
      .choices button { flex-direction: row; font-size: 4.6vmin; gap: 2vmin; }
    }
    .choices button:focus-visible { outline: 1vmin solid #ffd23f; outline-offset: 0.5vmin; }
    .face { width: 9vmin; height: 9vmin; flex: none; }
    .timer { height: 1.2vmin; background: #dfe5ee; border-radius: 1vmin; overflow: hidden; }
    .timer div { height: 100%; background: #0b4f9c; animation: shrink linear forwards; }
    @keyframes shrink { from { width: 100%; } to { width: 0; } }
    .outcome { font-size: 7vmin; font-weight: 700; padding: 4vmin; border-radius: 3vmin; background: #17663a; margin-top: 2vmin; }
    .outcome.info { background: #10294d; font-size: 5vmin; }
    .banner { background: #c8102e; color: #fff; font-size: 4.4vmin; font-weight: 700; padding: 1.4vmin; border-radius: 1.4vmin; margin-bottom: 2vmin; }
    .body { flex: 1; display: flex; flex-direction: column; }
    .body.rating-mode h1 { font-size: 7vmin; }
    .body.rating-mode .services, .body.rating-mode .staff { display: none; }
    .stale { filter: grayscale(1); opacity: 0.55; }
    .message { font-size: 6vmin; margin: auto; }
    .unpaired { margin: 1vmin 0 0; font-size: 2.2vmin; color: #8ea2c4; }
    .picker { margin: auto; display: flex; flex-direction: column; gap: 2vmin; width: min(100%, 150vmin); }
    .picker h1 { font-size: 7vmin; color: #ffd23f; }
    .picker p { margin: 0; font-size: 4.5vmin; }
    .picker ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 2vmin; grid-template-columns: repeat(auto-fill, minmax(36vmin, 1fr)); }
    .picker a { display: flex; flex-direction: column; justify-content: center; min-height: 14vmin; padding: 2vmin; border-radius: 2vmin;
      background: #10294d; color: #fff; font-size: 6vmin; font-weight: 700; text-decoration: none; }
    .picker a span { font-size: 3.4vmin; font-weight: 400; color: #c4d2e8; }
    .picker a:focus-visible { outline: 1vmin solid #ffd23f; outline-offset: 0.5vmin; }
  `;

  private feed = new DisplayFeed();
  /** The counter's number or id, as the address gives it. */
  private param = counterParam();
  /**
   * Ratings only from the screen paired with this counter (a phone opening this page has no key).
   * Made once the counter is known: the pairing is kept under its number, however it was named.
   */
  private ratings: CounterRating | null = null;
  @state() private snapshot: Snapshot | null = null;
  @state() private connected = false;
  /** The finished ticket the buttons rate; only one ever. */
  @state() private rating: { ticket: PublicTicket; counterId: string } | null = null;
  @state() private outcome: Outcome | null = null;
  @state() private sending = false;
  /** Tickets that were current here: only their completion (seen live) opens the rating. */
  private wasHere = new Set<string>();
  private offered = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private unsubscribe: (() => void)[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribe.push(
      this.feed.subscribe((s, connected) => {
        this.snapshot = s;
        this.connected = connected;
        const counter = this.counter();
        if (counter && !this.ratings) this.ratings = new CounterRating(counter.number);
        if (counter?.current) this.wasHere.add(counter.current.id);
        this.requestUpdate();
      }),
      this.feed.onTickets((tickets) => this.onTickets(tickets)),
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const u of this.unsubscribe) u();
    clearTimeout(this.timer);
    this.feed.close();
  }

  private counter(): PublicCounter | undefined {
    return findCounter(this.snapshot?.counters ?? [], this.param);
  }

  private onTickets(tickets: PublicTicket[]): void {
    const counter = this.counter();
    if (!counter) return;
    for (const t of tickets) {
      // Completed here, not a no-show or a transfer: those end in another state.
      if (t.state !== 'done' || t.counterId !== counter.id || !this.wasHere.has(t.id) || this.offered.has(t.id)) continue;
      if (!this.ratings?.paired) continue;
      this.offered.add(t.id);
      this.outcome = null;
      this.rating = { ticket: t, counterId: counter.id };
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.finish({ kind: 'thanks', text: VI.thanks }), RATING_MS);
    }
    // Only the last few tickets can still be completed here or come back: older ones are history,
    // and a screen that runs for months must not keep every ticket of every day.
    if (this.wasHere.size > 20) this.wasHere = new Set([...this.wasHere].slice(-10));
    if (this.offered.size > 20) this.offered = new Set([...this.offered].slice(-10));
  }

  private finish(outcome: Outcome): void {
    this.rating = null;
    this.outcome = outcome;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => (this.outcome = null), THANKS_MS);
  }

  private async rate(score: number): Promise<void> {
    const r = this.rating;
    if (!r || this.sending) return;
    this.sending = true;
    try {
      const out = await this.ratings!.rate(r.counterId, score);
      this.finish(
        out.ok ? { kind: 'thanks', text: VI.thanksRated }
        : out.offline ? { kind: 'info', text: VI.ratingOffline }
        : { kind: 'info', text: out.error.message },
      );
    } finally {
      this.sending = false;
    }
  }

  override render() {
    const s = this.snapshot;
    // Before the first snapshot "connecting" says it all; the banner is for a connection lost.
    const banner = this.connected || !s ? nothing : html`<div class="banner" role="alert" data-testid="offline">${VI.lost}</div>`;
    // Archived by the province: the notice alone, never the last number seen.
    if (this.feed.officeClosed) return html`<p class="message" role="alert" data-testid="closed">${VI.officeClosed}. ${VI.officeClosedHint}</p>`;
    if (!s) return html`${banner}<p class="message" role="status">${VI.connecting}</p>`;
    const c = this.counter();
    if (!c) return html`${banner}${this.renderPicker(s)}`;
    const services = c.serviceIds.map((id) => s.services.find((x) => x.id === id)?.name.vi).filter(Boolean);
    return html`
      ${banner}
      <div class="body ${this.connected ? '' : 'stale'} ${this.rating ? 'rating-mode' : ''}">
        <header>
          <h1 data-testid="label">${c.label.vi}</h1>
          ${services.length ? html`<div class="services">${services.join(' · ')}</div>` : nothing}
          ${c.staffName ? html`<div class="staff">${VI.staff(c.staffName)}</div>` : nothing}
        </header>
        <main class="now">
          ${this.rating && !c.current
            ? nothing
            : html`${this.rating ? nothing : html`<div class="caption">${VI.nowServing}</div>`}
              <div class="number ${c.current ? '' : 'none'}" data-testid="number"
                style=${this.rating ? 'font-size: 12vmin' : ''}>${c.current?.number ?? '—'}</div>
              <div class="status ${c.status}" data-testid="status">${COUNTER_STATUS_VI[c.status].vi}${c.status === 'paused' && c.pausedReason ? ` — ${c.pausedReason}` : ''}</div>`}
          ${this.rating ? this.renderRating(this.rating.ticket, s.display?.ratingScale ?? 3) : nothing}
          ${this.outcome ? html`<div class="outcome ${this.outcome.kind}" role="status" data-testid="outcome">${this.outcome.text}</div>` : nothing}
        </main>
        ${this.ratings?.paired ? nothing : html`<p class="unpaired" data-testid="unpaired">${VI.unpaired}</p>`}
      </div>
    `;
  }

  /** No such counter (or none named): what is wrong, and every counter of the office as a link. */
  private renderPicker(s: Snapshot) {
    return html`<section class="picker" role="alert" data-testid="no-counter">
      <h1>${this.param ? VI.noCounter(this.param) : VI.needCounter}</h1>
      <p>${VI.pickCounter}</p>
      <ul>
        ${[...s.counters].sort((a, b) => a.number - b.number).map((c) => {
          const title = counterTitle(c, false);
          const name = c.label.vi.trim();
          return html`<li><a href="?counter=${c.number}">${title}${name && name !== title ? html`<span>${name}</span>` : nothing}</a></li>`;
        })}
      </ul>
    </section>`;
  }

  private renderRating(ticket: PublicTicket, scale: 3 | 5) {
    return keyed(ticket.id, html`<section class="rating" data-testid="rating" aria-labelledby="rating-q">
      <h2 id="rating-q">${VI.ratingQuestion}</h2>
      <p class="for">${VI.ratingFor(ticket.number)}</p>
      <div class="choices">
        ${ratingLevels(scale).map((l) => html`<button style="background: ${l.color}" data-score=${l.score}
            ?disabled=${this.sending} @click=${() => this.rate(l.score)}>${face(l.mood)}<span>${l.label}</span></button>`)}
      </div>
      <div class="timer" aria-hidden="true"><div style="animation-duration: ${RATING_MS}ms"></div></div>
    </section>`);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-counter-display': LuotCounterDisplay;
  }
}
