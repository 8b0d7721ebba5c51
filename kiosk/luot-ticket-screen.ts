// The issued ticket: the number very large, the service, people ahead, the estimated wait, a QR
// code of the citizen's ticket page and what to do about the paper ticket. It goes back to the
// start screen by itself; longer, and only by its own button, when there is no paper ticket,
// since then the screen is the only place the citizen can read the number from. The number shows
// as soon as the ticket is durable; whether the paper came out follows (`ticket:print`, issue 10).
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { PRIORITY_NAMES } from '../shared/i18n-names.js';
import type { IssueResult, Localized, PrintStatus, TicketPrintEvent } from '../shared/types.js';
import { PRIORITY_ICONS, WARNING_ICON } from './icons.js';
import type { QrPath } from './qr.js';
import { STRINGS, pick, type Lang } from './strings.js';
import { kioskBase } from './styles.js';
import { afterPaint, numberShown } from './tap-timing.js';

/** How long the ticket stays when it was printed, and when it was not. */
export const TICKET_HOLD_MS = { printed: 10_000, noPaper: 30_000 };
/** A second tap of the one that took the ticket must not dismiss it at once. */
const TAP_GUARD_MS = 1200;
/**
 * "Printing" lasts while the countdown (the long one while printing) is above this: 6 s after the
 * ack with no word from the server (a slow printer, a lost push), the citizen is asked to note
 * the number, as for any trouble. The server's own attempt gives up after 4 s and says why, so a
 * healthy printer has answered well before.
 */
const PRINTING_UNTIL_S = TICKET_HOLD_MS.noPaper / 1000 - 6;

@customElement('luot-ticket-screen')
export class LuotTicketScreen extends LitElement {
  static override styles = [
    kioskBase,
    css`
      :host {
        display: block;
        height: 100%;
        min-height: 0;
      }
      section {
        box-sizing: border-box;
        height: 100%;
        display: grid;
        gap: 28px 56px;
        grid-template-columns: minmax(0, 1fr) auto;
        grid-template-rows: 1fr auto;
        grid-template-areas: 'main qr' 'foot foot';
        padding: 40px 56px;
        background: var(--k-paper);
        border-radius: 28px;
        box-shadow: 0 8px 30px rgba(16, 25, 43, 0.12);
      }
      @media (orientation: portrait) {
        section {
          grid-template-columns: 1fr;
          grid-template-rows: 1fr auto auto 1fr auto;
          grid-template-areas: '.' 'main' 'qr' '.' 'foot';
          text-align: center;
        }
        .facts {
          justify-content: center;
        }
        .qr {
          flex-direction: row;
          justify-content: center;
          text-align: left;
        }
        .qr p {
          max-width: 420px;
        }
      }
      .main {
        grid-area: main;
        display: flex;
        flex-direction: column;
        justify-content: center;
        gap: 18px;
        min-width: 0;
      }
      .label {
        margin: 0;
        font-size: 40px;
        font-weight: 600;
        color: var(--k-muted);
      }
      .number {
        margin: 0;
        font-size: 260px;
        line-height: 1;
        font-weight: 700;
        letter-spacing: 0.02em;
        color: var(--k-blue);
        outline: none;
        font-variant-numeric: tabular-nums;
      }
      .service {
        margin: 0;
        font-size: 48px;
        font-weight: 700;
      }
      .priority {
        align-self: flex-start;
        display: inline-flex;
        align-items: center;
        gap: 14px;
        padding: 8px 28px 8px 12px;
        border-radius: 999px;
        background: var(--k-priority);
        color: #fff;
        font-weight: 700;
      }
      @media (orientation: portrait) {
        .priority {
          align-self: center;
        }
      }
      .facts {
        display: flex;
        flex-wrap: wrap;
        gap: 20px;
        margin: 8px 0 0;
      }
      .fact {
        margin: 0;
        padding: 18px 30px;
        border-radius: 18px;
        background: var(--k-blue-soft);
        min-width: 300px;
      }
      .fact dt {
        font-size: 26px;
        color: var(--k-muted);
      }
      .fact dd {
        margin: 0;
        font-size: 44px;
        font-weight: 700;
      }
      .qr {
        grid-area: qr;
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: 16px;
        text-align: center;
      }
      .qr .code {
        width: 300px;
        height: 300px;
        background: #fff;
      }
      .qr .code svg {
        width: 100%;
        height: 100%;
        display: block;
      }
      .qr p {
        margin: 0;
        max-width: 320px;
        font-size: 26px;
        color: var(--k-muted);
      }
      .foot {
        grid-area: foot;
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 24px 40px;
      }
      @media (orientation: portrait) {
        .foot {
          flex-direction: column;
        }
        .foot .paper,
        .foot .note {
          flex: none;
        }
        .number {
          font-size: 300px;
        }
        .qr .code {
          width: 340px;
          height: 340px;
        }
      }
      .paper {
        flex: 1 1 600px;
        margin: 0;
        font-size: 32px;
        font-weight: 600;
      }
      .note {
        flex: 1 1 600px;
        display: flex;
        align-items: center;
        gap: 24px;
        margin: 0;
        padding: 22px 30px;
        border-radius: 18px;
        border: 4px solid var(--k-warn-line);
        background: var(--k-warn-bg);
        color: var(--k-warn-ink);
        text-align: left;
      }
      .note .icon {
        width: 72px;
        height: 72px;
      }
      .note strong {
        display: block;
        font-size: 38px;
      }
      .actions {
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: 10px;
      }
      .done {
        min-width: 320px;
        min-height: 96px;
        padding: 12px 48px;
        border: 0;
        background: var(--k-blue);
        color: #fff;
        font-size: 36px;
        font-weight: 700;
        box-shadow: 0 6px 0 var(--k-blue-dark);
      }
      .countdown {
        font-size: 24px;
        color: var(--k-muted);
      }
      /* "Printing…" shows only if the paper is not out by then: most tickets print within it,
         and a line shown for a split second and replaced is hard to read for an elderly citizen. */
      [data-printing] .paper {
        animation: later 0s 0.4s backwards;
      }
      @keyframes later {
        from {
          visibility: hidden;
        }
      }
      [data-printing] .countdown {
        visibility: hidden;
      }
    `,
  ];

  @property({ attribute: false }) result!: IssueResult;
  @property({ attribute: false }) serviceName: Localized | null = null;
  @property() language: Lang = 'vi';
  /** The kiosk's last `ticket:print` (any ticket's: only this ticket's counts). */
  @property({ attribute: false }) printUpdate: TicketPrintEvent | null | undefined = null;
  @state() private qr: QrPath | null = null;
  @state() private secondsLeft = 0;
  /** False during the tap guard; exposed as data-ready for tests. */
  @state() private ready = false;
  private readyTimer: ReturnType<typeof setTimeout> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  /**
   * The ack's print state, or a later push for this ticket: the server pushes only for a ticket
   * its ack said `queued`, and after that ack, so a push is always the newer word.
   */
  get print(): { status: PrintStatus; message?: string } {
    const push = this.printUpdate;
    return push?.ticketId === this.result.ticket.id ? push : this.result.print;
  }

  /** Whether the citizen leaves with a paper ticket; when not, the screen is all they have. */
  get paper(): boolean {
    return this.print.status === 'printed';
  }


  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('result')) {
      this.ready = false;
      if (this.readyTimer) clearTimeout(this.readyTimer);
      this.readyTimer = setTimeout(() => (this.ready = true), TAP_GUARD_MS);
      this.secondsLeft = Math.round((this.paper ? TICKET_HOLD_MS.printed : TICKET_HOLD_MS.noPaper) / 1000);
      this.startTimer();
      this.qr = null;
      // Printed after all: the short hold, from now. Trouble keeps the long one, from the ack.
    } else if (changed.has('printUpdate') && this.paper) this.secondsLeft = TICKET_HOLD_MS.printed / 1000;
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('result')) void this.afterNumber(this.result);
  }

  /** The QR code comes after the frame with the number: the citizen reads the number first. */
  private async afterNumber(result: IssueResult): Promise<void> {
    await afterPaint();
    numberShown(result.ticket.number);
    try {
      const { qrPath } = await import('./qr.js');
      // A screen already left (the citizen tapped "Xong") needs no code.
      if (this.result === result && this.isConnected) this.qr = qrPath(result.trackUrl);
    } catch {
      // Without the QR code the ticket is still complete: the number is what matters.
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.result && !this.timer) this.startTimer();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopTimer();
    if (this.readyTimer) clearTimeout(this.readyTimer);
  }

  override firstUpdated(): void {
    // Screen readers start at the number; a pointer user sees no focus ring for this.
    this.renderRoot.querySelector<HTMLElement>('.number')?.focus({ preventScroll: true });
  }

  private startTimer(): void {
    this.stopTimer();
    this.timer = setInterval(() => {
      this.secondsLeft = Math.max(0, this.secondsLeft - 1);
      if (this.secondsLeft === 0) this.finish();
    }, 1000);
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private finish(): void {
    this.stopTimer();
    this.dispatchEvent(new CustomEvent('done', { bubbles: true, composed: true }));
  }

  private onTap = (e: Event): void => {
    if (!this.ready) return;
    const onButton = (e.target as HTMLElement | null)?.closest?.('button.done');
    // Without paper a stray tap must not take the number away; only the button does.
    if (this.paper || onButton) this.finish();
  };

  override render() {
    const t = STRINGS[this.language];
    const r = this.result;
    const priority = r.ticket.priority;
    const { status, message } = this.print;
    // `queued` without a reason: on its way (unless overdue). With one (no paper, printer off): trouble.
    const printing = status === 'queued' && !message && this.secondsLeft > PRINTING_UNTIL_S;
    const calm = status === 'printed' || printing;
    return html`<section @click=${this.onTap} aria-labelledby="label" data-print=${status} ?data-printing=${printing} ?data-ready=${this.ready}>
      <div class="main">
        <p class="label" id="label">${t.yourNumber}</p>
        <p class="number" data-testid="number" tabindex="-1">${r.ticket.number}</p>
        ${this.serviceName ? html`<p class="service" data-testid="service">${pick(this.serviceName, this.language)}</p>` : null}
        ${priority
          ? html`<span class="priority" data-testid="priority">${PRIORITY_ICONS[priority]}${t.priorityChosen(pick(PRIORITY_NAMES[priority], this.language))}</span>`
          : null}
        <dl class="facts">
          <div class="fact"><dt>${t.ahead}</dt><dd data-testid="ahead">${r.ahead}</dd></div>
          <div class="fact"><dt>${t.estimatedWait}</dt><dd data-testid="eta">${t.minutes(r.estimatedWaitMin)}</dd></div>
        </dl>
      </div>
      <div class="qr">
        <div class="code" role="img" aria-label=${t.qrAlt}>${this.qr
          ? html`<svg viewBox="0 0 ${this.qr.size} ${this.qr.size}" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff" /><path d=${this.qr.d} fill="#000" /></svg>`
          : null}</div>
        <p>${t.scanQr}</p>
      </div>
      <div class="foot">
        ${calm
          ? html`<p class="paper" data-testid="print-note">${printing ? t.printing : t.takePaper}</p>`
          : html`<p class="note" role="alert" data-testid="print-note">
              ${WARNING_ICON}
              <span>${status === 'disabled' ? t.noPaper : t.printTrouble}<strong>${t.noteNumber}</strong></span>
            </p>`}
        <div class="actions">
          <button class="done" data-testid="done">${calm ? t.done : t.noted}</button>
          <span class="countdown" data-testid="countdown">${t.returnsIn(this.secondsLeft)}</span>
        </div>
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-ticket-screen': LuotTicketScreen;
  }
}
