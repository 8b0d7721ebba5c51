// Users: create, rename, change role, reset a password, disable, remove. The server keeps the
// last enabled admin from being removed, disabled or demoted; its refusal is shown as it comes.
// An account works in the office whose staff app made it, or province-wide as a province admin
// (role admin); only a province admin may give that role. Other offices' accounts are made from
// their own staff app (the office switcher).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { userCreateSchema, userUpdateSchema } from '../shared/schemas.js';
import { ROLES, type Localized, type Role, type UserPublic } from '../shared/types.js';
import type { ApiClient } from './api.js';
import { LangController } from './controllers.js';
import { loc } from './format.js';
import { ROLE_LABEL, t } from './strings.js';
import { base } from './styles.js';
import { apiMessage, check, errorFor, serverErrors, type FieldErrors } from './validation.js';
import './luot-confirm-button.js';

/** No 0/O or 1/l/I: the password is read off the screen and typed in by someone else. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function temporaryPassword(length = 12): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

interface NewUser {
  username: string;
  name: string;
  role: Role;
  password: string;
  temporary: boolean;
}

@customElement('luot-settings-users')
export class LuotSettingsUsers extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      .layout { display: grid; grid-template-columns: minmax(0, 1.4fr) minmax(0, 1fr); gap: 0.8rem; align-items: start; }
      @media (max-width: 1000px) { .layout { grid-template-columns: 1fr; } }
      form { display: grid; gap: 0.6rem; }
      .acts { display: flex; gap: 0.3rem; justify-content: flex-end; flex-wrap: wrap; }
      .pw { font-family: ui-monospace, monospace; font-size: 1.15rem; font-weight: 700; user-select: all; }
      .check { display: flex; gap: 0.5rem; align-items: center; font-weight: 400; }
      td input, td select { padding: 0.2rem 0.4rem; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) api!: ApiClient;
  @property({ attribute: false }) user!: UserPublic;
  /** The name of the office this staff app is for. */
  @property({ attribute: false }) office: Localized | null = null;
  @state() private users: UserPublic[] = [];
  @state() private editing: { id: string; name: string; role: Role } | null = null;
  @state() private draft: NewUser = { username: '', name: '', role: 'staff', password: temporaryPassword(), temporary: true };
  @state() private errors: FieldErrors = {};
  @state() private rowError: FieldErrors = {};
  @state() private message: { kind: 'error' | 'notice'; text: string } | null = null;
  @state() private shownPassword: { name: string; password: string } | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    const r = await this.api.users();
    if (r.ok) this.users = [...r.users].sort((a, b) => a.username.localeCompare(b.username));
    else this.message = { kind: 'error', text: apiMessage(r.error) };
  }

  private async create(e: SubmitEvent) {
    e.preventDefault();
    const { temporary, ...value } = this.draft;
    const v = check(userCreateSchema, value);
    if (!v.ok) {
      this.errors = v.errors;
      return;
    }
    this.errors = {};
    const r = await this.api.createUser(v.data);
    if (!r.ok) {
      this.errors = serverErrors(r.error);
      return;
    }
    // A password set by an admin, sent again as a reset, becomes temporary: the server then
    // requires its owner to choose one at first login.
    if (temporary) await this.api.updateUser(r.user.id, { password: v.data.password });
    this.shownPassword = temporary ? { name: v.data.name, password: v.data.password } : null;
    this.message = { kind: 'notice', text: t('userCreated', { name: v.data.name }) };
    this.draft = { username: '', name: '', role: 'staff', password: temporaryPassword(), temporary: true };
    await this.load();
  }

  private async saveRow() {
    const ed = this.editing;
    if (!ed) return;
    const v = check(userUpdateSchema, { name: ed.name, role: ed.role });
    if (!v.ok) {
      this.rowError = v.errors;
      return;
    }
    const r = await this.api.updateUser(ed.id, v.data);
    if (!r.ok) {
      this.rowError = serverErrors(r.error);
      return;
    }
    this.rowError = {};
    this.editing = null;
    this.message = { kind: 'notice', text: t('savedNamed', { name: r.user.name }) };
    await this.load();
  }

  private async reset(u: UserPublic) {
    const password = temporaryPassword();
    const r = await this.api.updateUser(u.id, { password });
    if (!r.ok) {
      this.message = { kind: 'error', text: apiMessage(r.error) };
      return;
    }
    this.shownPassword = { name: u.name, password };
    this.message = null;
    await this.load();
  }

  /** Disabling ends the account's open sessions at once (the server disconnects them). */
  private async setDisabled(u: UserPublic, disabled: boolean) {
    const r = await this.api.updateUser(u.id, { disabled });
    this.message = r.ok
      ? { kind: 'notice', text: t(disabled ? 'userDisabled' : 'userEnabled', { name: u.name }) }
      : { kind: 'error', text: apiMessage(r.error) };
    if (r.ok) await this.load();
  }

  private async drop(u: UserPublic) {
    const r = await this.api.deleteUser(u.id);
    this.message = r.ok ? { kind: 'notice', text: t('deleted', { name: u.name }) } : { kind: 'error', text: apiMessage(r.error) };
    if (r.ok) await this.load();
  }

  private newField(key: 'username' | 'name' | 'password', label: string, hint?: string) {
    const err = errorFor(this.errors, key);
    return html`<div class="field">
      <label for="new-${key}">${label}${hint ? html` <span class="hint">${hint}</span>` : nothing}</label>
      <input id="new-${key}" .value=${this.draft[key]} autocomplete="off" aria-invalid=${err ? 'true' : 'false'}
        @input=${(e: InputEvent) => (this.draft = { ...this.draft, [key]: (e.target as HTMLInputElement).value })} />
      ${err ? html`<span class="err">${err}</span>` : nothing}
    </div>`;
  }

  private get provinceAdmin(): boolean {
    return this.user.role === 'admin' && !this.user.officeId;
  }

  /** Where an account works: this office, or the whole province (no office of its own). */
  private officeOf(officeId: string | null | undefined): string {
    return officeId ? loc(this.office) || t('userOffice') : t('userOfficeProvince');
  }

  /** Where an account with `role` will work once saved: the server makes a province admin province-wide. */
  private officeFor(role: Role, officeId: string | null | undefined): string {
    return this.officeOf(role === 'admin' ? null : (officeId ?? 'this office'));
  }

  private roleSelect(id: string, value: Role, set: (r: Role) => void, label?: string) {
    // Only a province admin may make one; an account already one keeps its option shown.
    const roles = ROLES.filter((r) => r !== 'admin' || this.provinceAdmin || value === 'admin');
    return html`<select id=${id} aria-label=${label ?? nothing} @change=${(e: Event) => set((e.target as HTMLSelectElement).value as Role)}>
      ${roles.map((r) => html`<option value=${r} ?selected=${r === value}>${t(ROLE_LABEL[r])}</option>`)}
    </select>`;
  }

  override render() {
    const ed = this.editing;
    return html`<div class="layout">
      <section class="card">
        <h2>${t('setUsers')}</h2>
        ${this.message ? html`<p class=${this.message.kind === 'error' ? 'alert' : 'notice'} role=${this.message.kind === 'error' ? 'alert' : 'status'}>${this.message.text}</p>` : nothing}
        ${this.shownPassword
          ? html`<div class="info" role="status">
              ${t('tempPasswordFor', { name: this.shownPassword.name })} <span class="pw">${this.shownPassword.password}</span>
              <p class="muted">${t('tempPasswordHint')}</p>
              <button class="small" @click=${() => (this.shownPassword = null)}>${t('hide')}</button>
            </div>`
          : nothing}
        <table>
          <thead><tr><th>${t('username')}</th><th>${t('fullName')}</th><th>${t('role')}</th><th>${t('userOffice')}</th><th><span class="sr-only">${t('actionsLabel')}</span></th></tr></thead>
          <tbody>
            ${this.users.map((u) =>
              ed?.id === u.id
                ? html`<tr>
                    <td>${u.username}</td>
                    <td><input aria-label=${t('fullName')} .value=${ed.name} @input=${(e: InputEvent) => (this.editing = { ...ed, name: (e.target as HTMLInputElement).value })} />
                      ${errorFor(this.rowError, 'name') ? html`<div class="err">${errorFor(this.rowError, 'name')}</div>` : nothing}</td>
                    <td>${this.roleSelect(`role-${u.id}`, ed.role, (role) => (this.editing = { ...ed, role }), t('role'))}</td>
                    <td>${this.officeFor(ed.role, u.officeId)}</td>
                    <td><div class="acts">
                      <button class="small primary" @click=${() => void this.saveRow()}>${t('save')}</button>
                      <button class="small" @click=${() => ((this.editing = null), (this.rowError = {}))}>${t('cancelAction')}</button>
                    </div>
                    ${this.rowError._ ? html`<div class="alert" role="alert">${this.rowError._}</div>` : nothing}</td>
                  </tr>`
                : html`<tr data-user=${u.username}>
                    <td>${u.username}${u.id === this.user.id ? html` <span class="chip">${t('you')}</span>` : nothing}</td>
                    <td>${u.name}${u.mustChangePassword ? html` <span class="chip warn">${t('mustChange')}</span>` : nothing}${u.disabled ? html` <span class="chip bad">${t('disabledChip')}</span>` : nothing}</td>
                    <td>${t(ROLE_LABEL[u.role])}</td>
                    <td data-testid="user-office">${this.officeOf(u.officeId)}</td>
                    <td><div class="acts">
                      <button class="small" aria-label="${t('edit')} ${u.username}" @click=${() => ((this.editing = { id: u.id, name: u.name, role: u.role }), (this.rowError = {}))}>${t('edit')}</button>
                      <luot-confirm-button small label=${t('resetPassword')} confirmLabel=${t('confirmReset')} describe="${t('resetPassword')} ${u.username}"
                        @confirm=${() => void this.reset(u)}></luot-confirm-button>
                      ${u.disabled
                        ? html`<button class="small" aria-label="${t('enableUser')} ${u.username}" @click=${() => void this.setDisabled(u, false)}>${t('enableUser')}</button>`
                        : html`<luot-confirm-button small label=${t('disableUser')} confirmLabel=${t('confirmDisable')} describe="${t('disableUser')} ${u.username}"
                            ?disabled=${u.id === this.user.id} @confirm=${() => void this.setDisabled(u, true)}></luot-confirm-button>`}
                      <luot-confirm-button small label=${t('delete')} confirmLabel=${t('confirmDelete')} describe="${t('delete')} ${u.username}"
                        ?disabled=${u.id === this.user.id} @confirm=${() => void this.drop(u)}></luot-confirm-button>
                    </div></td>
                  </tr>`,
            )}
          </tbody>
        </table>
      </section>
      <section class="card">
        <form @submit=${this.create} novalidate>
          <h2>${t('userNew')}</h2>
          ${this.errors._ ? html`<p class="alert" role="alert">${this.errors._}</p>` : nothing}
          ${this.newField('username', t('username'), 'a-z 0-9 _ . -')}
          ${this.newField('name', t('fullName'))}
          <div class="field">
            <label for="new-role">${t('role')}</label>
            ${this.roleSelect('new-role', this.draft.role, (role) => (this.draft = { ...this.draft, role }))}
          </div>
          <p class="muted" data-testid="new-user-office">${t('userOffice')}: <strong>${this.officeFor(this.draft.role, null)}</strong></p>
          ${this.newField('password', t('password'), t('passwordHint'))}
          <label class="check"><input type="checkbox" .checked=${this.draft.temporary}
            @change=${(e: Event) => (this.draft = { ...this.draft, temporary: (e.target as HTMLInputElement).checked })} />${t('temporaryPassword')}</label>
          <div class="row"><button class="primary">${t('userCreate')}</button></div>
        </form>
      </section>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-settings-users': LuotSettingsUsers;
  }
}
