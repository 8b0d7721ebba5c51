// The citizen's ticket page (/t/<token>), opened from the QR code on a phone: where the ticket
// stands, live. The public feed says when something that matters to this ticket moved; the
// page then refetches its own view (debounced: a busy hall moves many times a second).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { DisplayFeed } from '../shared/client/display-feed.js';
import { officeApi } from '../shared/client/office-base.js';
import type { Result } from '../shared/errors.js';
import { STATE_NAMES } from '../shared/i18n.js';
import type { PublicTicket, Snapshot, TicketView } from '../shared/types.js';
import { templateNamesCounter } from '../shared/voice.js';
import { face } from './face.js';
import { DEFAULT_TIME_ZONE, formatTimeVi, ratingLevels } from './format.js';
import { RESULT_VI } from './result-strings.js';
import { VI, counterInSentence } from './strings.js';

const REFETCH_DEBOUNCE_MS = 300;

@customElement('luot-ticket-page')
export class LuotTicketPage extends LitElement {
  static override styles = css`
    :host { display: block; max-width: 32rem; margin: 0 auto; padding: 1rem 1rem 2rem; font-size: 18px; line-height: 1.4;
      color: #10192b; text-align: center; }
    .office { font-size: 15px; color: #3d4a5e; margin: 0 0 0.75rem; }
    .card { background: #fff; border-radius: 16px; padding: 1.25rem 1rem; box-shadow: 0 2px 10px rgba(16, 25, 43, 0.12); }
    .label { margin: 0; font-size: 16px; color: #3d4a5e; }
    h1 { margin: 0; font-size: 88px; line-height: 1.05; font-weight: 700; color: #0b4f9c; font-variant-numeric: tabular-nums; }
    .service { margin: 0.25rem 0 0; font-size: 20px; font-weight: 600; }
    .issued { margin: 0.25rem 0 0; font-size: 15px; color: #3d4a5e; }
    .state { display: inline-block; margin-top: 0.75rem; padding: 0.2rem 0.9rem; border-radius: 999px; font-weight: 600;
      background: #e6edf7; color: #0b3a73; }
    .facts { display: grid; grid-template-columns: 1fr 1fr; gap: 0.75rem; margin-top: 1rem; }
    .fact { background: #f4f6fa; border-radius: 12px; padding: 0.75rem 0.5rem; }
    .fact .v { display: block; font-size: 40px; font-weight: 700; color: #10192b; }
    .fact .k { font-size: 15px; color: #3d4a5e; }
    .next { margin: 1rem 0 0; font-weight: 600; color: #17663a; }
    .called { margin-top: 1rem; padding: 1.25rem 1rem; border-radius: 16px; background: #ffd23f; color: #10192b;
      animation: pulse 1s ease-in-out 6 alternate; }
    .called h2 { margin: 0; font-size: 34px; line-height: 1.2; }
    .called p { margin: 0.5rem 0 0; font-size: 18px; }
    @keyframes pulse { from { box-shadow: 0 0 0 0 rgba(255, 210, 63, 0.9); } to { box-shadow: 0 0 0 14px rgba(255, 210, 63, 0); } }
    @media (prefers-reduced-motion: reduce) { .called { animation: none; } }
    .serving { margin-top: 1rem; padding: 1rem; border-radius: 16px; background: #e3f3e8; color: #0f4d2b; font-size: 22px; font-weight: 600; }
    .ended { margin-top: 1rem; padding: 1rem; border-radius: 16px; background: #f4f6fa; font-size: 19px; }
    .rating { margin-top: 1rem; text-align: left; }
    .rating h2 { font-size: 20px; margin: 0 0 0.75rem; text-align: center; }
    .choices { display: grid; gap: 0.5rem; }
    .choices button { font: inherit; font-weight: 600; display: flex; align-items: center; gap: 0.75rem; padding: 0.7rem 1rem;
      border-radius: 12px; border: 3px solid transparent; color: #fff; cursor: pointer; min-height: 52px; }
    .choices button[aria-pressed='true'] { border-color: #10192b; box-shadow: 0 0 0 3px #ffd23f inset; }
    .face { width: 30px; height: 30px; flex: none; }
    label { display: block; margin: 1rem 0 0.3rem; font-size: 16px; color: #3d4a5e; }
    textarea { box-sizing: border-box; width: 100%; min-height: 4.5rem; font: inherit; font-size: 16px; padding: 0.5rem;
      border: 1px solid #6b778c; border-radius: 8px; }
    .send { font: inherit; font-weight: 700; width: 100%; margin-top: 0.75rem; padding: 0.8rem; border: 0; border-radius: 12px;
      background: #0b4f9c; color: #fff; cursor: pointer; }
    .send[disabled] { background: #6b778c; cursor: default; }
    .thanks { margin-top: 1rem; font-weight: 600; color: #17663a; }
    .error { color: #a30f26; font-weight: 600; }
    .banner { background: #c8102e; color: #fff; font-weight: 600; padding: 0.5rem; border-radius: 8px; margin-bottom: 0.75rem; }
    .note { margin-top: 1rem; font-size: 14px; color: #3d4a5e; }
    .missing { margin-top: 2rem; }
    .missing h1 { font-size: 26px; color: #10192b; }
  `;

  private token = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? '');
  private feed = new DisplayFeed();
  @state() private view: TicketView | null = null;
  @state() private missing = false;
  @state() private loadError = false;
  @state() private connected = false;
  @state() private snapshot: Snapshot | null = null;
  @state() private choice: number | null = null;
  @state() private comment = '';
  @state() private ratingState: 'idle' | 'sending' | 'done' | 'error' = 'idle';
  @state() private ratingError = '';
  private key = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private loading: Promise<void> | null = null;
  private again = false;
  private unsubscribe: (() => void)[] = [];
  private resultRev = -1;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    this.unsubscribe.push(
      this.feed.subscribe((s, connected) => {
        const reconnected = connected && !this.connected;
        this.snapshot = s;
        this.connected = connected;
        const key = s && this.view ? relevantKey(s, this.view.ticket) : '';
        // Issue 15: a file marked ready changes no queue; a page waiting for its result asks again
        // on any change of the office (its files are marked ready on the same journal).
        const waitingResult = !!s && this.view?.result?.status === 'not_ready' && s.rev !== this.resultRev;
        if (waitingResult) this.resultRev = s!.rev;
        if (reconnected || key !== this.key || waitingResult) {
          this.key = key;
          this.refetchSoon();
        }
      }),
      this.feed.onTickets((tickets) => {
        if (this.view && tickets.some((t) => t.id === this.view!.ticket.id)) this.refetchSoon();
      }),
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const u of this.unsubscribe) u();
    clearTimeout(this.timer);
    this.feed.close();
  }

  private refetchSoon(): void {
    if (this.missing) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(), REFETCH_DEBOUNCE_MS);
  }

  /** One request at a time; a change seen meanwhile asks for one more after it. */
  private async load(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      try {
        const res = await fetch(officeApi(`/api/tickets/${encodeURIComponent(this.token)}`));
        const r = (await res.json()) as Result<TicketView>;
        if (r.ok) this.show(r);
        else if (r.error.code === 'not_found' || r.error.code === 'invalid') this.missing = true;
        else this.loadError = true;
      } catch {
        this.loadError = true;
      }
    })();
    await this.loading;
    this.loading = null;
    if (this.again) {
      this.again = false;
      await this.load();
    }
  }

  private show(v: TicketView): void {
    const before = this.view?.ticket;
    this.view = v;
    this.loadError = false;
    if (this.snapshot) this.key = relevantKey(this.snapshot, v.ticket);
    const t = v.ticket;
    const newlyCalled = t.state === 'called' && before && (before.state !== 'called' || before.callCount !== t.callCount);
    if (newlyCalled) {
      document.title = VI.calledTitle(this.counterText(v));
      // Chrome refuses vibrate() (with a console error) before the page has had a tap.
      if (navigator.userActivation?.hasBeenActive) navigator.vibrate?.([400, 200, 400, 200, 400]);
    } else if (t.state !== 'called') document.title = VI.numberTitle(t.number);
  }

  /** "quầy số 3", or the counter's name when the office calls counters by name. */
  private counterText(v: TicketView): string {
    const template = this.snapshot?.display?.announcementTemplate;
    return counterInSentence(v.counter ?? undefined, template ? templateNamesCounter(template) : false);
  }

  private async sendRating(): Promise<void> {
    if (this.choice === null || this.ratingState === 'sending') return;
    this.ratingState = 'sending';
    try {
      const res = await fetch(officeApi(`/api/tickets/${encodeURIComponent(this.token)}/rating`), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ score: this.choice, ...(this.comment.trim() ? { comment: this.comment.trim() } : {}) }),
      });
      const r = (await res.json()) as Result<object>;
      if (r.ok || r.error.code === 'conflict') {
        this.ratingState = 'done';
        if (this.view) this.view = { ...this.view, rated: true };
      } else {
        this.ratingState = 'error';
        this.ratingError = r.error.message;
      }
    } catch {
      this.ratingState = 'error';
      this.ratingError = VI.sendFailed;
    }
  }

  override render() {
    const banner = this.connected || this.missing || !this.snapshot ? nothing : html`<div class="banner" role="alert">${VI.lost}</div>`;
    if (this.missing) {
      return html`<main class="missing">
        <h1>${VI.missingTitle}</h1>
        <p role="alert" data-testid="missing">${VI.missing}</p>
        <p>${VI.missingHint}</p>
      </main>`;
    }
    const v = this.view;
    if (!v) {
      return html`${banner}<main><p role="status">${this.loadError ? VI.loadRetry : VI.loading}</p></main>`;
    }
    const t = v.ticket;
    const tz = this.snapshot?.display?.timeZone ?? DEFAULT_TIME_ZONE;
    return html`
      ${banner}
      <main>
        ${this.snapshot ? html`<p class="office">${this.snapshot.office.name.vi}</p>` : nothing}
        <div class="card">
          <p class="label">${VI.yourNumber}</p>
          <h1 data-testid="number">${t.number}</h1>
          <p class="service">${v.service?.name.vi ?? ''}</p>
          <p class="issued">${VI.issuedAt(formatTimeVi(t.issuedAt, tz))}</p>
          <div class="state" data-testid="state">${STATE_NAMES[t.state].vi}</div>
          ${this.renderState(v)}
          ${this.renderResult(v)}
        </div>
        <p class="note">${VI.selfUpdating}</p>
      </main>
    `;
  }

  private renderResult(v: TicketView) {
    const r = v.result;
    if (!r) return nothing;
    if (r.status === 'ready') {
      return html`<div class="called" role="alert" data-testid="result" data-status="ready">
        <h2>${RESULT_VI.ready}</h2><p>${RESULT_VI.readyHint(r.fileTail)}</p></div>`;
    }
    return html`<div class="facts" data-testid="result" data-status=${r.status}>
      <p>${r.status === 'collected' ? RESULT_VI.collected(r.fileTail) : RESULT_VI.notReady(r.fileTail)}
      ${r.status === 'not_ready' && r.promisedDate ? RESULT_VI.promised(r.promisedDate) : nothing}</p></div>`;
  }

  private renderState(v: TicketView) {
    const t = v.ticket;
    switch (t.state) {
      case 'waiting':
        return html`<div class="facts">
            <div class="fact"><span class="v" data-testid="ahead">${v.ahead}</span><span class="k">${VI.ahead}</span></div>
            <div class="fact"><span class="v" data-testid="wait">${v.ahead === 0 ? '—' : `~${v.estimatedWaitMin}`}</span><span class="k">${VI.waitEstimate}</span></div>
          </div>
          ${v.ahead === 0 ? html`<p class="next">${VI.next}</p>` : nothing}`;
      case 'called':
        return html`<div class="called" role="alert" data-testid="called">
          <h2>${VI.called(this.counterText(v))}</h2>
          ${t.callCount > 1 ? html`<p>${VI.calledTimes(t.callCount)}</p>` : nothing}
        </div>`;
      case 'serving':
        return html`<div class="serving">${VI.serving(this.counterText(v))}</div>`;
      case 'done':
        return html`<div class="ended">${VI.done}</div>${this.renderRating(v)}`;
      case 'no_show':
        return html`<div class="ended">${VI.noShow}</div>`;
      case 'cancelled':
        return html`<div class="ended">${VI.cancelled}</div>`;
      case 'expired':
        return html`<div class="ended">${VI.expired}</div>`;
    }
  }

  private renderRating(v: TicketView) {
    if (v.rated || this.ratingState === 'done') {
      return html`<p class="thanks" role="status" data-testid="rated">${VI.rated}</p>`;
    }
    const scale = this.snapshot?.display?.ratingScale ?? 3;
    return html`<section class="rating" aria-labelledby="rate-q">
      <h2 id="rate-q">${VI.rateQuestion}</h2>
      <div class="choices">
        ${ratingLevels(scale).map((l) => html`<button style="background: ${l.color}" data-score=${l.score}
          aria-pressed=${this.choice === l.score ? 'true' : 'false'} @click=${() => (this.choice = l.score)}>${face(l.mood)}${l.label}</button>`)}
      </div>
      <label for="comment">${VI.comment}</label>
      <textarea id="comment" maxlength="500" .value=${this.comment} @input=${(e: Event) => (this.comment = (e.target as HTMLTextAreaElement).value)}></textarea>
      <button class="send" data-testid="send-rating" ?disabled=${this.choice === null || this.ratingState === 'sending'} @click=${() => this.sendRating()}>${VI.sendRating}</button>
      ${this.ratingState === 'error' ? html`<p class="error" role="alert">${this.ratingError}</p>` : nothing}
    </section>`;
  }
}

/** What of the public state moves this ticket's view: its queue's length and wait, its counter. */
function relevantKey(s: Snapshot, t: PublicTicket): string {
  const service = s.services.find((x) => x.id === t.serviceId);
  const at = s.counters.filter((c) => c.current?.id === t.id).map((c) => `${c.id}:${c.status}:${c.current!.callCount}`);
  return `${service?.waiting}:${service?.estimatedWaitMin}|${at.join()}`;
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-ticket-page': LuotTicketPage;
  }
}
