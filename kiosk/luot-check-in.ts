// Booking check-in at the kiosk (issue 13): the code typed on the keypad, typed by a scanner or
// read by the camera (<luot-code-entry>, digits mode), checked in over the kiosk's socket. A
// ticket goes up as `checked-in` (the app shows and prints it as for a walk-in); a refusal is
// said plainly, and a late arrival is offered a walk-in number.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { IssueResult } from '../shared/types.js';
import { CHECK_IN_STRINGS } from './check-in-strings.js';
import { checkIn } from './code-requests.js';
import type { KioskClient } from './kiosk-client.js';
import type { CodeDetail, LuotCodeEntry } from './luot-code-entry.js';
import type { Lang } from './strings.js';
import { kioskBase } from './styles.js';
import './luot-code-entry.js';

@customElement('luot-check-in')
export class LuotCheckIn extends LitElement {
  static override styles = [
    kioskBase,
    css`
      :host { display: flex; flex-direction: column; gap: 20px; align-items: center; width: 100%; }
      .walk-in { min-height: 96px; padding: 0 48px; border: 0; border-radius: 18px; background: var(--k-blue); color: #fff;
        font: inherit; font-size: 36px; font-weight: 700; cursor: pointer; }
    `,
  ];

  @property({ attribute: false }) client!: KioskClient;
  @property() language: Lang = 'vi';
  @property({ type: Boolean }) camera = true;
  @state() private busy = false;
  @state() private error: { text: string } | null = null;
  @state() private late = false;
  @query('luot-code-entry') private entry?: LuotCodeEntry;

  private async onCode(e: CustomEvent<CodeDetail>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.late = false;
    const t = CHECK_IN_STRINGS[this.language];
    const outcome = await checkIn(this.client, e.detail.code, (result: IssueResult) => {
      this.dispatchEvent(new CustomEvent<IssueResult>('checked-in', { detail: result, bubbles: true, composed: true }));
    });
    this.busy = false;
    if (outcome.kind === 'issued' || outcome.kind === 'busy') return;
    this.entry?.reset();
    if (outcome.kind === 'offline') {
      this.error = { text: t.offline };
      return;
    }
    const err = outcome.error;
    const code: string = err.code;
    this.late = code === 'booking_expired';
    // Known refusals in the kiosk's own plain words (the time to come back from the answer's
    // nextOpen); anything else as the server says it.
    const comeBack = err.nextOpen ? ` ${t.comeBack(err.nextOpen.slice(11, 16))}` : '';
    const text =
      code === 'booking_unknown' || code === 'not_found' ? t.unknown
        : code === 'booking_used' ? t.used
          : code === 'booking_early' ? `${t.early}${comeBack}`
            : code === 'booking_expired' ? t.expired
              : this.language === 'vi' ? err.message : err.messageEn || err.message;
    this.error = { text };
  }

  override render() {
    const t = CHECK_IN_STRINGS[this.language];
    return html`<luot-code-entry mode="digits" .language=${this.language} .heading=${t.title} ?camera=${this.camera}
        ?busy=${this.busy} .error=${this.error} @code=${this.onCode}></luot-code-entry>
      ${this.late
        ? html`<button class="walk-in" data-testid="walk-in"
            @click=${() => this.dispatchEvent(new CustomEvent('walk-in', { bubbles: true, composed: true }))}>${t.walkIn}</button>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-check-in': LuotCheckIn;
  }
}
