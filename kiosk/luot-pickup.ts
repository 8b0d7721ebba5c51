// Results pickup at the kiosk (issue 15): the file code typed, scanned or read by the camera
// (<luot-code-entry>, fileCode mode), checked; a ready file gets a pickup ticket at once
// (`issued`, shown and printed as any ticket); a file not ready is said plainly, with the
// promised date, and no ticket is issued unless the citizen asks to see a clerk anyway.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ResultCheck } from '../shared/file-code.js';
import type { IssueResult } from '../shared/types.js';
import { checkResult, pickup } from './code-requests.js';
import type { IssueOutcome, KioskClient } from './kiosk-client.js';
import type { CodeDetail, LuotCodeEntry } from './luot-code-entry.js';
import { PICKUP_STRINGS } from './pickup-strings.js';
import type { Lang } from './strings.js';
import { kioskBase } from './styles.js';
import './luot-code-entry.js';

@customElement('luot-pickup')
export class LuotPickup extends LitElement {
  static override styles = [
    kioskBase,
    css`
      :host { display: flex; flex-direction: column; gap: 24px; align-items: center; width: 100%; }
      .answer { max-width: 1100px; width: 100%; box-sizing: border-box; padding: 32px 40px; border-radius: 24px;
        border: 4px solid var(--k-warn-line); background: var(--k-warn-bg); color: var(--k-warn-ink); }
      .answer p { margin: 0 0 12px; font-size: 38px; font-weight: 700; }
      .answer p.small { font-size: 30px; font-weight: 600; }
      .actions { display: flex; gap: 24px; flex-wrap: wrap; margin-top: 20px; }
      .actions button { flex: 1; min-height: 110px; padding: 0 36px; font-size: 34px; font-weight: 700; }
      .anyway { border: 4px solid var(--k-blue); background: #fff; color: var(--k-blue); }
      .home { border: 0; background: var(--k-blue); color: #fff; }
    `,
  ];

  @property({ attribute: false }) client!: KioskClient;
  @property() language: Lang = 'vi';
  @property({ type: Boolean }) camera = true;
  @state() private busy = false;
  @state() private error: { text: string } | null = null;
  /** The answer for a file that is not ready: shown instead of the keypad. */
  @state() private answer: ResultCheck | null = null;
  @query('luot-code-entry') private entry?: LuotCodeEntry;

  private issued = (result: IssueResult) =>
    this.dispatchEvent(new CustomEvent<IssueResult>('issued', { detail: result, bubbles: true, composed: true }));

  private async onCode(e: CustomEvent<CodeDetail>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    const check = await checkResult(this.client, e.detail.code);
    if (check.ok && check.result.status === 'ready') {
      await this.take(check.result.fileCode, false);
      return;
    }
    this.busy = false;
    this.entry?.reset();
    if (!check.ok) this.error = { text: this.say(check.error) };
    else this.answer = check.result;
  }

  private async take(fileCode: string, anyway: boolean): Promise<void> {
    this.busy = true;
    const outcome: IssueOutcome = await pickup(this.client, fileCode, anyway, this.issued);
    this.busy = false;
    if (outcome.kind === 'issued' || outcome.kind === 'busy') return;
    this.answer = null;
    this.error = { text: outcome.kind === 'offline' ? PICKUP_STRINGS[this.language].offline : this.say(outcome.error) };
  }

  private say(err: { message: string; messageEn: string }): string {
    return this.language === 'vi' ? err.message : err.messageEn || err.message;
  }

  private renderAnswer(a: ResultCheck) {
    const t = PICKUP_STRINGS[this.language];
    const lead = a.status === 'collected' ? t.collected(a.fileCode) : a.status === 'unknown' ? t.unknown(a.fileCode) : t.notReady(a.fileCode);
    return html`<div class="answer" role="alert" data-testid="pickup-answer" data-status=${a.status}>
      <p>${lead}</p>
      ${a.promisedDate ? html`<p data-testid="pickup-promised">${t.promised(a.promisedDate)}</p>` : nothing}
      <p class="small">${t.noTicket}</p>
      <div class="actions">
        <button class="home" data-testid="pickup-home"
          @click=${() => this.dispatchEvent(new CustomEvent('cancel', { bubbles: true, composed: true }))}>${t.back}</button>
        <button class="anyway" data-testid="pickup-anyway" ?disabled=${this.busy}
          @click=${() => void this.take(a.fileCode, true)}>${t.anyway}</button>
      </div>
    </div>`;
  }

  override render() {
    if (this.answer) return this.renderAnswer(this.answer);
    const t = PICKUP_STRINGS[this.language];
    return html`<luot-code-entry mode="fileCode" .language=${this.language} .heading=${t.title} ?camera=${this.camera}
      ?busy=${this.busy} .error=${this.error} @code=${this.onCode}></luot-code-entry>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-pickup': LuotPickup;
  }
}
