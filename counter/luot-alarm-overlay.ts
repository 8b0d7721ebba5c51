// The staff alarm over every staff view of the office (issue 15): which counter, who raised it,
// who is coming, with a sound until somebody answers. A colleague answers "Tôi đến hỗ trợ"; the
// clerk who raised it or a supervisor ends it. Staff app only: public screens never get alarms.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ApiError } from '../shared/errors.js';
import type { StaffAlarm } from '../shared/types.js';
import { AlarmSound } from './alarm-sound.js';
import { LangController } from './controllers.js';
import { clock, loc } from './format.js';
import type { StaffClient } from './staff-client.js';
import { t } from './strings.js';
import { base } from './styles.js';
import { apiMessage } from './validation.js';

@customElement('luot-alarm-overlay')
export class LuotAlarmOverlay extends LitElement {
  static override styles = [
    base,
    css`
      .overlay { position: fixed; inset: 0; z-index: 1000; background: rgb(120 0 0 / 0.88); display: grid; place-items: center; padding: 1rem; }
      .box { background: #fff; color: #111; border: 0.5rem solid #c00; border-radius: 1rem; max-width: 44rem; width: 100%; padding: 1.5rem; }
      h1 { color: #c00; font-size: 2.6rem; margin: 0 0 0.5rem; letter-spacing: 0.05em; }
      .alarm + .alarm { border-top: 2px solid #ddd; margin-top: 1rem; padding-top: 1rem; }
      .who { font-size: 1.8rem; font-weight: 700; margin: 0; }
      .since { font-size: 1.1rem; color: #444; margin: 0.25rem 0 0.75rem; }
      ul { font-size: 1.3rem; margin: 0 0 1rem; padding-left: 1.2rem; }
      .buttons { display: flex; gap: 1rem; flex-wrap: wrap; }
      button { min-height: 4rem; font-size: 1.3rem; padding: 0 1.5rem; }
      .err { color: #b00; font-weight: 600; }
    `,
  ];

  @property({ attribute: false }) client: StaffClient | null = null;
  @property() userId = '';
  @property({ type: Boolean }) supervisor = false;
  @state() private alarms: StaffAlarm[] = [];
  @state() private error = '';
  private off: (() => void) | null = null;
  private bound: StaffClient | null = null;
  private readonly sound = new AlarmSound();

  constructor() {
    super();
    new LangController(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.off?.();
    this.off = null;
    this.bound = null;
    this.sound.stop();
  }

  override willUpdate(): void {
    if (this.client === this.bound && this.off) return;
    this.off?.();
    this.bound = this.client;
    this.off = this.client?.onAlarms((a) => (this.alarms = a)) ?? null;
  }

  override updated(): void {
    // Sounds on the panels of those who may help, until somebody has answered; never on the
    // panel of the clerk who raised it (the visitor in front of them would hear it).
    const calling = this.alarms.some((a) => a.userId !== this.userId && a.answers.length === 0);
    if (calling) this.sound.start();
    else this.sound.stop();
    this.toggleAttribute('sounding', calling);
  }

  private async act(run: () => Promise<{ ok: true } | { ok: false; error: ApiError }> | undefined) {
    this.error = '';
    const r = await run();
    if (r && !r.ok) this.error = apiMessage(r.error);
  }

  private renderAlarm(a: StaffAlarm) {
    const counter = loc(a.counterLabel);
    const mine = a.userId === this.userId;
    const answered = a.answers.some((r) => r.userId === this.userId);
    return html`<div class="alarm" data-alarm=${a.id}>
      <p class="who">${t('alarmAt', { counter, name: a.staffName })}</p>
      <p class="since">${t('alarmSince', { time: clock(a.raisedAt) })}</p>
      <ul aria-live="polite">
        ${a.answers.length === 0
          ? html`<li>${t('alarmNoAnswer')}</li>`
          : a.answers.map((r) => html`<li class="answer">${t('alarmAnswered', { name: r.staffName })}</li>`)}
      </ul>
      <div class="buttons">
        ${!mine && !answered
          ? html`<button class="primary" data-action="answer" @click=${() => this.act(() => this.client?.answerAlarm(a.id))}>${t('alarmAnswer')}</button>`
          : nothing}
        ${mine || this.supervisor
          ? html`<button class="danger" data-action="end" @click=${() => this.act(() => this.client?.endAlarm(a.id))}>${t('alarmEnd')}</button>`
          : nothing}
      </div>
    </div>`;
  }

  override render() {
    if (this.alarms.length === 0) return nothing;
    return html`<div class="overlay">
      <section class="box" role="alertdialog" aria-modal="true" aria-labelledby="alarm-title">
        <h1 id="alarm-title">${t('alarmTitle')}</h1>
        ${this.alarms.map((a) => this.renderAlarm(a))}
        ${this.error ? html`<p class="err" role="alert">${this.error}</p>` : nothing}
      </section>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-alarm-overlay': LuotAlarmOverlay;
  }
}
