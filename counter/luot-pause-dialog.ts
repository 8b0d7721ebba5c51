// Asks why the counter pauses: the supervisor board shows the reason next to the idle time.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { pauseSchema } from '../shared/schemas.js';
import { LangController } from './controllers.js';
import { t, type StringKey } from './strings.js';
import { base } from './styles.js';
import { check } from './validation.js';

const PRESETS: StringKey[] = ['pauseBreak', 'pauseMeeting', 'pauseSupport', 'pauseLookup'];

@customElement('luot-pause-dialog')
export class LuotPauseDialog extends LitElement {
  static override styles = [
    base,
    css`
      form { display: flex; flex-direction: column; gap: 0.7rem; }
      fieldset { border: 0; padding: 0; margin: 0; display: flex; flex-direction: column; gap: 0.35rem; }
      legend { font-weight: 600; margin-bottom: 0.3rem; }
      .opt { font-weight: 400; display: flex; gap: 0.5rem; align-items: center; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  @query('dialog') private dialog!: HTMLDialogElement;
  @state() private choice = '';
  @state() private other = '';
  @state() private error: string | null = null;

  open(): void {
    this.choice = t(PRESETS[0]!);
    this.other = '';
    this.error = null;
    this.dialog.showModal();
  }

  private submit(e: SubmitEvent) {
    e.preventDefault();
    const reason = this.choice === '__other' ? this.other.trim() : this.choice;
    const v = check(pauseSchema, { counterId: 'x', reason });
    if (!v.ok) {
      this.error = v.errors.reason ?? null;
      return;
    }
    this.dialog.close();
    this.dispatchEvent(new CustomEvent('pause', { detail: { reason } }));
  }

  override render() {
    return html`<dialog aria-labelledby="pause-title">
      <form @submit=${this.submit} novalidate>
        <h2 id="pause-title">${t('pauseTitle')}</h2>
        <fieldset>
          <legend>${t('pauseReason')}</legend>
          ${PRESETS.map(
            (key) => html`<label class="opt"><input type="radio" name="reason" .checked=${this.choice === t(key)}
              @change=${() => (this.choice = t(key))} />${t(key)}</label>`,
          )}
          <label class="opt"><input type="radio" name="reason" .checked=${this.choice === '__other'}
            @change=${() => (this.choice = '__other')} />${t('pauseOther')}</label>
          <input aria-label=${t('pauseOtherText')} maxlength="200" .value=${this.other} ?disabled=${this.choice !== '__other'}
            @input=${(e: InputEvent) => (this.other = (e.target as HTMLInputElement).value)} />
        </fieldset>
        ${this.error ? html`<p class="err" role="alert">${this.error}</p>` : nothing}
        <div class="row">
          <button class="primary">${t('pauseConfirm')}</button>
          <button type="button" @click=${() => this.dialog.close()}>${t('cancelAction')}</button>
        </div>
      </form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-pause-dialog': LuotPauseDialog;
  }
}
