// Chooses where a ticket goes: a service's queue or a named counter (transfer, move, call to).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { LangController } from './controllers.js';
import { t } from './strings.js';
import { base } from './styles.js';

export interface TargetOption {
  /** `service:<id>` or `counter:<id>`. */
  value: string;
  label: string;
  group: string;
  disabled?: boolean;
}

@customElement('luot-target-dialog')
export class LuotTargetDialog extends LitElement {
  static override styles = [
    base,
    css`
      form { display: flex; flex-direction: column; gap: 0.7rem; }
      select { font-size: 1.05rem; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  @property() heading = '';
  @property() confirmLabel = '';
  @property() fieldLabel = '';
  @property({ attribute: false }) options: TargetOption[] = [];
  @query('dialog') private dialog!: HTMLDialogElement;
  @state() private value = '';
  @state() private error: string | null = null;
  /** What the caller is acting on (a ticket id), handed back with the choice. */
  private subject: unknown = null;

  open(subject: unknown = null): void {
    this.subject = subject;
    this.value = '';
    this.error = null;
    this.dialog.showModal();
  }

  private submit(e: SubmitEvent) {
    e.preventDefault();
    if (!this.value) {
      this.error = t('vTarget');
      return;
    }
    this.dialog.close();
    const [kind, id] = this.value.split(':') as ['service' | 'counter', string];
    this.dispatchEvent(new CustomEvent('choose', { detail: { kind, id, subject: this.subject } }));
  }

  override render() {
    const groups = [...new Set(this.options.map((o) => o.group))];
    return html`<dialog aria-labelledby="target-title">
      <form @submit=${this.submit} novalidate>
        <h2 id="target-title">${this.heading}</h2>
        <label for="target">${this.fieldLabel || t('targetLabel')}</label>
        <select id="target" .value=${this.value} aria-invalid=${this.error ? 'true' : 'false'}
          @change=${(e: Event) => (this.value = (e.target as HTMLSelectElement).value)}>
          <option value="">${t('targetPlaceholder')}</option>
          ${groups.map(
            (g) => html`<optgroup label=${g}>
              ${this.options.filter((o) => o.group === g).map(
                (o) => html`<option value=${o.value} ?disabled=${o.disabled ?? false} ?selected=${o.value === this.value}>${o.label}</option>`,
              )}
            </optgroup>`,
          )}
        </select>
        ${this.error ? html`<p class="err" role="alert">${this.error}</p>` : nothing}
        <div class="row">
          <button class="primary">${this.confirmLabel || t('confirm')}</button>
          <button type="button" @click=${() => this.dialog.close()}>${t('cancelAction')}</button>
        </div>
      </form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-target-dialog': LuotTargetDialog;
  }
}
