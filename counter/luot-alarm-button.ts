// The clerk's alarm button (issue 15): held for 1.5 s, with the button filling as it is held, so
// it is never set off by a brush of the hand; a big target that works whatever the counter's
// state (paused, closed, busy). Keyboard: hold Space or Enter.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LangController } from './controllers.js';
import type { StaffClient } from './staff-client.js';
import { t } from './strings.js';
import { base } from './styles.js';
import { apiMessage } from './validation.js';

export const ALARM_HOLD_MS = 1500;

@customElement('luot-alarm-button')
export class LuotAlarmButton extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      button { position: relative; overflow: hidden; width: 100%; min-height: 4.5rem; font-size: 1.3rem; font-weight: 700;
        border: 3px solid #b00; color: #b00; background: #fff; touch-action: none; user-select: none; }
      .fill { position: absolute; inset: 0 auto 0 0; width: 0; background: rgb(200 0 0 / 0.3); }
      .holding .fill { width: 100%; transition: width ${ALARM_HOLD_MS}ms linear; }
      span { position: relative; }
      .hint { display: block; font-size: 0.9rem; font-weight: 400; }
      p { margin: 0.4rem 0 0; font-weight: 600; }
      .err { color: #b00; }
    `,
  ];

  @property({ attribute: false }) client: StaffClient | null = null;
  @property() counterId = '';
  @state() private holding = false;
  @state() private note: { text: string; error: boolean } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    super();
    new LangController(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cancel();
  }

  private begin(): void {
    if (this.timer || !this.counterId) return;
    this.holding = true;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.holding = false;
      void this.raise();
    }, ALARM_HOLD_MS);
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.holding = false;
  }

  private async raise(): Promise<void> {
    const r = await this.client?.raiseAlarm(this.counterId);
    if (!r) return;
    this.note = r.ok ? { text: t('alarmSent'), error: false } : { text: apiMessage(r.error), error: true };
  }

  private onKeyDown(e: KeyboardEvent): void {
    if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) {
      e.preventDefault();
      this.begin();
    }
  }

  override render() {
    return html`<button class=${this.holding ? 'holding' : ''} data-action="alarm" aria-describedby="alarm-hint"
        @pointerdown=${() => this.begin()} @pointerup=${() => this.cancel()} @pointerleave=${() => this.cancel()}
        @pointercancel=${() => this.cancel()} @keydown=${this.onKeyDown} @keyup=${() => this.cancel()}
        @contextmenu=${(e: Event) => e.preventDefault()}>
        <div class="fill"></div>
        <span>${t('alarmButton')}<span class="hint" id="alarm-hint">${t('alarmHold')}</span></span>
      </button>
      ${this.note ? html`<p class=${this.note.error ? 'err' : ''} role="status">${this.note.text}</p>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-alarm-button': LuotAlarmButton;
  }
}
