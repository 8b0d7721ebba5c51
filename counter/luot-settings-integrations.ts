// Integration tokens in Cài đặt (issue 15 §1), under the webhooks: a named token for another
// system to mark files ready (POST /api/results/ready). The token is shown once, when made;
// the list has names, when made and last used, and a confirmed "Thu hồi".
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { IntegrationTokenView } from '../shared/integration-tokens.js';
import type { ApiClient } from './api.js';
import { LangController } from './controllers.js';
import { integrationTokensApi } from './integration-tokens-api.js';
import { xt } from './integration-strings.js';
import { getLang } from './strings.js';
import { base } from './styles.js';
import { apiMessage } from './validation.js';
import './luot-confirm-button.js';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(getLang() === 'en' ? 'en-GB' : 'vi-VN', { hour12: false }) : '—');

@customElement('luot-settings-integrations')
export class LuotSettingsIntegrations extends LitElement {
  static override styles = [base, css`:host { display: block; margin-top: 0.8rem; } form { display: flex; gap: 0.6rem; align-items: end; flex-wrap: wrap; }
    .secret { font-family: ui-monospace, monospace; font-weight: 700; user-select: all; word-break: break-all; }`];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) api!: ApiClient;
  @state() private tokens: IntegrationTokenView[] = [];
  @state() private name = '';
  @state() private secret: string | null = null;
  @state() private error = '';

  private get calls() {
    return integrationTokensApi(this.api);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    const r = await this.calls.list();
    if (r.ok) this.tokens = r.tokens;
    else this.error = apiMessage(r.error);
  }

  private async create(e: Event) {
    e.preventDefault();
    const r = await this.calls.create(this.name.trim());
    if (!r.ok) return void (this.error = apiMessage(r.error));
    this.error = '';
    this.name = '';
    this.secret = r.secret;
    await this.load();
  }

  private async revoke(id: string) {
    const r = await this.calls.revoke(id);
    this.error = r.ok ? '' : apiMessage(r.error);
    await this.load();
  }

  override render() {
    return html`<section class="card" data-testid="integration-tokens">
      <h2>${xt('title')}</h2>
      <p class="muted">${xt('hint')}</p>
      <form @submit=${this.create}>
        <div class="field"><label for="it-name">${xt('name')}</label>
          <input id="it-name" maxlength="80" .value=${this.name} @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)} /></div>
        <button class="primary" type="submit" ?disabled=${!this.name.trim()}>${xt('create')}</button>
      </form>
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      ${this.secret ? html`<p role="status">${xt('shownOnce')}<br /><span class="secret" data-testid="integration-secret">${this.secret}</span></p>` : nothing}
      ${this.tokens.length
        ? html`<table><thead><tr><th>${xt('name')}</th><th>${xt('created')}</th><th>${xt('lastUsed')}</th><th></th></tr></thead><tbody>
            ${this.tokens.map((x) => html`<tr><td>${x.name}</td><td>${when(x.createdAt)}</td><td>${when(x.lastUsedAt)}</td>
              <td><luot-confirm-button label=${xt('revoke')} confirmLabel=${xt('confirmRevoke')} describe="${xt('revoke')} ${x.name}"
                @confirm=${() => void this.revoke(x.id)}></luot-confirm-button></td></tr>`)}
          </tbody></table>`
        : html`<p class="muted">${xt('none')}</p>`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-settings-integrations': LuotSettingsIntegrations;
  }
}
