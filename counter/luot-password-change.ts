// Changing one's password; forced before anything else when the current one is temporary.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { MESSAGES } from '../shared/i18n.js';
import { passwordChangeSchema } from '../shared/schemas.js';
import type { UserPublic } from '../shared/types.js';
import type { ApiClient } from './api.js';
import { LangController } from './controllers.js';
import { t } from './strings.js';
import { base } from './styles.js';
import { apiMessage, check, type FieldErrors } from './validation.js';

@customElement('luot-password-change')
export class LuotPasswordChange extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; width: min(28rem, 100%); }
      form { display: flex; flex-direction: column; gap: 0.8rem; padding: 1.5rem; }
      h1 { font-size: 1.4rem; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) api!: ApiClient;
  @property({ attribute: false }) user!: UserPublic;
  @property({ type: Boolean }) forced = false;
  @state() private errors: FieldErrors = {};
  @state() private busy = false;

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const value = { currentPassword: String(form.get('current') ?? ''), newPassword: String(form.get('next') ?? '') };
    const v = check(passwordChangeSchema, value);
    const errors: FieldErrors = v.ok ? {} : { ...v.errors };
    if (String(form.get('again') ?? '') !== value.newPassword) errors.again = t('pwMismatch');
    if (value.newPassword && value.newPassword === value.currentPassword) errors.newPassword = t('pwSame');
    this.errors = errors;
    if (Object.keys(errors).length) return;
    this.busy = true;
    const r = await this.api.changePassword(value.currentPassword, value.newPassword);
    this.busy = false;
    if (!r.ok) {
      this.errors = r.error.code === 'unauthorized' && r.error.message === MESSAGES.badLogin.vi ? { currentPassword: t('pwWrongCurrent') } : { _: apiMessage(r.error) };
      return;
    }
    this.dispatchEvent(new CustomEvent('password-changed', { detail: r, bubbles: true, composed: true }));
  }

  private field(id: string, name: string, key: string, label: string, autocomplete: string) {
    const err = this.errors[key];
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input id=${id} name=${name} type="password" autocomplete=${autocomplete}
        aria-invalid=${err ? 'true' : 'false'} aria-describedby="${id}-err" />
      ${err ? html`<span class="err" id="${id}-err">${err}</span>` : nothing}
    </div>`;
  }

  override render() {
    return html`<form class="card" @submit=${this.submit} novalidate aria-labelledby="title">
      <h1 id="title">${t('pwTitle')}</h1>
      ${this.forced ? html`<p class="info">${t('pwForced', { name: this.user.name })}</p>` : nothing}
      ${this.field('current', 'current', 'currentPassword', t('pwCurrent'), 'current-password')}
      ${this.field('next', 'next', 'newPassword', t('pwNew'), 'new-password')}
      ${this.field('again', 'again', 'again', t('pwAgain'), 'new-password')}
      ${this.errors._ ? html`<p class="alert" role="alert">${this.errors._}</p>` : nothing}
      <div class="row">
        <button class="primary" ?disabled=${this.busy}>${t('pwSave')}</button>
        ${this.forced ? html`<button type="button" @click=${() => this.dispatchEvent(new CustomEvent('logout'))}>${t('logout')}</button>` : nothing}
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-password-change': LuotPasswordChange;
  }
}
