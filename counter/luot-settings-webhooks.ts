// Webhooks in Cài đặt (issue 14): each endpoint with its state and recent deliveries, "Gửi thử",
// on/off, its secret (shown once when made; afterwards on an admin's request), and a form for a
// new one. The list refreshes itself while open, so a failing receiver shows as it fails.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { WEBHOOK_EVENTS, WEBHOOK_EVENT_LABELS, WEBHOOK_TEST_EVENT, webhookCreateSchema, type WebhookEndpointView, type WebhookEventType } from '../shared/webhooks.js';
import type { ApiClient } from './api.js';
import { LangController } from './controllers.js';
import { loc } from './format.js';
import { base } from './styles.js';
import { apiMessage, check, errorFor, serverErrors, type FieldErrors } from './validation.js';
import { webhooksApi, type NewWebhook } from './webhooks-api.js';
import { wt } from './webhook-strings.js';
import './luot-confirm-button.js';

const REFRESH_MS = 5_000;
const blank = (): NewWebhook => ({ url: '', description: '', secret: '', events: ['ticket.called', 'ticket.completed'] });
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('vi-VN', { hour12: false }) : '—');

@customElement('luot-settings-webhooks')
export class LuotSettingsWebhooks extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      .layout { display: grid; grid-template-columns: minmax(0, 1.5fr) minmax(0, 1fr); gap: 0.8rem; align-items: start; }
      @media (max-width: 1000px) { .layout { grid-template-columns: 1fr; } }
      form { display: grid; gap: 0.6rem; }
      .endpoint { border: 1px solid var(--line); border-radius: 8px; padding: 0.6rem 0.8rem; margin-bottom: 0.7rem; }
      .endpoint h3 { margin: 0; font-size: 1.05rem; word-break: break-all; }
      .acts { display: flex; gap: 0.4rem; flex-wrap: wrap; margin: 0.4rem 0; }
      .events { display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); gap: 0.3rem 0.8rem; }
      .check { display: flex; gap: 0.5rem; align-items: center; font-weight: 400; min-height: 2.2rem; }
      .check input { width: 1.3rem; height: 1.3rem; }
      .secret { font-family: ui-monospace, monospace; font-weight: 700; user-select: all; word-break: break-all; }
      .state-ok { color: var(--luot-ok); font-weight: 600; }
      .state-bad { color: var(--danger); font-weight: 600; }
      td.err-cell { color: var(--danger); }
      table { font-size: 0.92rem; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) api!: ApiClient;
  @state() private endpoints: WebhookEndpointView[] = [];
  @state() private draft: NewWebhook = blank();
  @state() private errors: FieldErrors = {};
  @state() private message: { kind: 'error' | 'notice'; text: string } | null = null;
  @state() private shownSecret: { url: string; secret: string } | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;

  private get calls() {
    return webhooksApi(this.api);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    this.timer = setInterval(() => void this.load(), REFRESH_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  private async load() {
    const r = await this.calls.list();
    if (r.ok) this.endpoints = r.endpoints;
    else this.message = { kind: 'error', text: apiMessage(r.error) };
  }

  private say(r: { ok: true } | { ok: false; error: Parameters<typeof apiMessage>[0] }, notice: string) {
    this.message = r.ok ? { kind: 'notice', text: notice } : { kind: 'error', text: apiMessage(r.error) };
  }

  private async create(e: SubmitEvent) {
    e.preventDefault();
    const v = check(webhookCreateSchema, { ...this.draft, secret: this.draft.secret || undefined });
    if (!v.ok) {
      this.errors = v.errors;
      return;
    }
    const r = await this.calls.create({ ...v.data, events: v.data.events });
    if (!r.ok) {
      this.errors = serverErrors(r.error);
      return;
    }
    this.errors = {};
    this.shownSecret = { url: r.endpoint.url, secret: r.secret };
    this.message = { kind: 'notice', text: wt('added') };
    this.draft = blank();
    await this.load();
  }

  private async toggle(ep: WebhookEndpointView) {
    const r = await this.calls.update(ep.id, { enabled: !ep.enabled });
    this.say(r, wt('saved'));
    await this.load();
  }

  private async reveal(ep: WebhookEndpointView, renew: boolean) {
    const r = renew ? await this.calls.newSecret(ep.id) : await this.calls.secret(ep.id);
    if (r.ok) this.shownSecret = { url: ep.url, secret: r.secret };
    else this.message = { kind: 'error', text: apiMessage(r.error) };
    if (renew) await this.load();
  }

  private async test(ep: WebhookEndpointView) {
    const r = await this.calls.test(ep.id);
    if (!r.ok) this.message = { kind: 'error', text: apiMessage(r.error) };
    else {
      const d = r.delivery;
      this.message = d.ok
        ? { kind: 'notice', text: wt('testOk', { status: d.status ?? '' }) }
        : { kind: 'error', text: wt('testFail', { error: d.error ?? wt('noAnswer') }) };
    }
    await this.load();
  }

  private async drop(ep: WebhookEndpointView) {
    const r = await this.calls.remove(ep.id);
    this.say(r, wt('removed'));
    if (this.shownSecret?.url === ep.url) this.shownSecret = null;
    await this.load();
  }

  private setEvent(type: WebhookEventType, on: boolean) {
    const events = on ? [...this.draft.events, type] : this.draft.events.filter((x) => x !== type);
    this.draft = { ...this.draft, events: WEBHOOK_EVENTS.filter((x) => events.includes(x)) };
  }

  /** The event's label when it is one of the list ("Gửi thử" shows its own name). */
  private eventName(type: string): string {
    const label = WEBHOOK_EVENT_LABELS[type as WebhookEventType];
    return label ? loc(label) : type === WEBHOOK_TEST_EVENT ? wt('test') : type;
  }

  private status(ep: WebhookEndpointView) {
    if (ep.failing > 0) return html`<span class="state-bad">${wt('failing', { n: ep.failing, at: when(ep.nextAttemptAt) })}</span>`;
    if (ep.behind > 0 && ep.enabled) return html`<span>${wt('behind', { n: ep.behind })}</span>`;
    return html`<span class="state-ok">${wt('upToDate')}</span>`;
  }

  private endpoint(ep: WebhookEndpointView) {
    return html`<article class="endpoint" aria-label=${ep.url}>
      <h3>${ep.url}</h3>
      ${ep.description ? html`<p class="muted">${ep.description}</p>` : nothing}
      <p>
        <strong>${ep.enabled ? wt('on') : wt('off')}</strong> · ${wt('status')}: ${this.status(ep)}
        ${ep.givenUp > 0 ? html` · <span class="state-bad">${wt('givenUp', { n: ep.givenUp })}</span>` : nothing}
      </p>
      <p class="muted">${wt('events')}: ${ep.events.map((x) => this.eventName(x)).join(', ')}</p>
      <p class="muted">${wt('secret')}: <span class="secret">${ep.secretHint}</span></p>
      <div class="acts">
        <button class="primary" @click=${() => void this.test(ep)}>${wt('test')}</button>
        <button @click=${() => void this.toggle(ep)}>${ep.enabled ? wt('turnOff') : wt('turnOn')}</button>
        <button @click=${() => void this.reveal(ep, false)}>${wt('showSecret')}</button>
        <luot-confirm-button label=${wt('newSecret')} confirmLabel=${wt('confirmNewSecret')} describe="${wt('newSecret')} ${ep.url}"
          @confirm=${() => void this.reveal(ep, true)}></luot-confirm-button>
        <luot-confirm-button label=${wt('remove')} confirmLabel=${wt('confirmRemove')} describe="${wt('remove')} ${ep.url}"
          @confirm=${() => void this.drop(ep)}></luot-confirm-button>
      </div>
      <details ?open=${ep.failing > 0}>
        <summary>${wt('recent')} (${ep.recent.length})</summary>
        ${ep.recent.length === 0
          ? html`<p class="muted">${wt('noRecent')}</p>`
          : html`<table>
              <thead><tr><th>${wt('time')}</th><th>${wt('event')}</th><th>${wt('attempt')}</th><th>${wt('result')}</th><th>${wt('error')}</th></tr></thead>
              <tbody>
                ${ep.recent.map(
                  (d) => html`<tr>
                    <td>${when(d.at)}</td>
                    <td>${this.eventName(d.type)}${d.rev !== null ? html` <span class="muted">#${d.rev}</span>` : nothing}</td>
                    <td>${d.attempt}</td>
                    <td class=${d.ok ? 'state-ok' : 'state-bad'}>${d.status ?? wt('noAnswer')}${d.givenUp ? ` (${wt('gaveUp')})` : ''}</td>
                    <td class="err-cell">${d.error ?? ''}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`}
      </details>
    </article>`;
  }

  private field(key: 'url' | 'description' | 'secret', label: string, hint?: string) {
    const err = errorFor(this.errors, key);
    return html`<div class="field">
      <label for="wh-${key}">${label}${hint ? html` <span class="hint">${hint}</span>` : nothing}</label>
      <input id="wh-${key}" .value=${this.draft[key] ?? ''} autocomplete="off" inputmode=${key === 'url' ? 'url' : nothing}
        aria-invalid=${err ? 'true' : 'false'}
        @input=${(e: InputEvent) => (this.draft = { ...this.draft, [key]: (e.target as HTMLInputElement).value })} />
      ${err ? html`<span class="err">${err}</span>` : nothing}
    </div>`;
  }

  override render() {
    const eventsErr = errorFor(this.errors, 'events');
    return html`<div class="layout">
      <section class="card">
        <h2>${wt('title')}</h2>
        <p class="muted">${wt('intro')}</p>
        ${this.message ? html`<p class=${this.message.kind === 'error' ? 'alert' : 'notice'} role=${this.message.kind === 'error' ? 'alert' : 'status'}>${this.message.text}</p>` : nothing}
        ${this.shownSecret
          ? html`<div class="info" role="status">
              ${wt('secretOnce', { url: this.shownSecret.url })} <div class="secret">${this.shownSecret.secret}</div>
              <button class="small" @click=${() => (this.shownSecret = null)}>${wt('hide')}</button>
            </div>`
          : nothing}
        ${this.endpoints.length === 0 ? html`<p class="muted">${wt('none')}</p>` : this.endpoints.map((ep) => this.endpoint(ep))}
      </section>
      <section class="card">
        <h2>${wt('add')}</h2>
        <form @submit=${(e: SubmitEvent) => void this.create(e)} novalidate>
          ${this.field('url', wt('url'))}
          ${this.field('description', wt('description'))}
          <fieldset>
            <legend>${wt('events')}</legend>
            <div class="events">
              ${WEBHOOK_EVENTS.map(
                (type) => html`<label class="check"><input type="checkbox" .checked=${this.draft.events.includes(type)}
                  @change=${(e: Event) => this.setEvent(type, (e.target as HTMLInputElement).checked)} />${loc(WEBHOOK_EVENT_LABELS[type])}</label>`,
              )}
            </div>
            ${eventsErr ? html`<span class="err">${wt('chooseEvent')}</span>` : nothing}
          </fieldset>
          ${this.field('secret', wt('secret'), wt('secretHint'))}
          ${errorFor(this.errors, '_') ? html`<p class="alert" role="alert">${errorFor(this.errors, '_')}</p>` : nothing}
          <button class="primary" type="submit">${wt('add')}</button>
        </form>
      </section>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-settings-webhooks': LuotSettingsWebhooks;
  }
}
