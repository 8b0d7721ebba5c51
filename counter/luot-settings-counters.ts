// Counters: number, label, and the services each one serves in calling order.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { counterSchema } from '../shared/schemas.js';
import type { Counter, Service } from '../shared/types.js';
import type { ApiClient } from './api.js';
import { LangController } from './controllers.js';
import { loc } from './format.js';
import type { StaffClient } from './staff-client.js';
import { t } from './strings.js';
import { base } from './styles.js';
import { apiMessage, check, errorFor, serverErrors, type FieldErrors } from './validation.js';
import './luot-confirm-button.js';

interface Draft {
  id: string;
  number: string;
  labelVi: string;
  labelEn: string;
  serviceIds: string[];
}

@customElement('luot-settings-counters')
export class LuotSettingsCounters extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      .layout { display: grid; grid-template-columns: minmax(0, 1.2fr) minmax(0, 1fr); gap: 0.8rem; align-items: start; }
      @media (max-width: 1000px) { .layout { grid-template-columns: 1fr; } }
      .head { display: flex; justify-content: space-between; align-items: center; }
      form { display: grid; gap: 0.6rem; }
      .pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0.5rem; }
      ol { margin: 0; padding-left: 1.4rem; }
      ol li { padding: 0.15rem 0; }
      ol li span { display: inline-block; min-width: 12rem; }
      .acts { display: flex; gap: 0.3rem; justify-content: flex-end; }
      .nowrap { white-space: nowrap; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) api!: ApiClient;
  @property({ attribute: false }) client!: StaffClient;
  @state() private counters: Counter[] = [];
  @state() private services: Service[] = [];
  @state() private editing: Counter | null | undefined = undefined;
  @state() private draft: Draft = { id: '', number: '', labelVi: '', labelEn: '', serviceIds: [] };
  @state() private addService = '';
  @state() private errors: FieldErrors = {};
  @state() private message: { kind: 'error' | 'notice'; text: string } | null = null;
  /** The pairing link just made for a counter display: shown once, never stored here. */
  @state() private pairing: { counter: number; url: string } | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    const [c, s] = await Promise.all([this.api.counters(), this.api.services()]);
    if (c.ok) this.counters = [...c.counters].sort((a, b) => a.number - b.number);
    if (s.ok) this.services = [...s.services].sort((a, b) => a.order - b.order);
    const failed = !c.ok ? c : !s.ok ? s : null;
    if (failed) this.message = { kind: 'error', text: apiMessage(failed.error) };
  }

  private serviceName(id: string) {
    return loc(this.services.find((s) => s.id === id)?.name) || id;
  }

  private edit(c: Counter | null) {
    this.editing = c;
    this.errors = {};
    const n = c ? c.number : Math.max(0, ...this.counters.map((x) => x.number)) + 1;
    this.draft = {
      id: c?.id ?? `q${n}`,
      number: String(n),
      labelVi: c?.label.vi ?? `Quầy ${n}`,
      labelEn: c?.label.en ?? `Counter ${n}`,
      serviceIds: [...(c?.serviceIds ?? [])],
    };
  }

  private move(i: number, by: number) {
    const ids = [...this.draft.serviceIds];
    const [x] = ids.splice(i, 1);
    ids.splice(i + by, 0, x!);
    this.draft = { ...this.draft, serviceIds: ids };
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const d = this.draft;
    const value = {
      id: d.id.trim(),
      number: d.number.trim() === '' ? undefined : Number(d.number),
      label: { vi: d.labelVi, en: d.labelEn },
      serviceIds: d.serviceIds,
    };
    const v = check(counterSchema, value);
    if (!v.ok) {
      this.errors = v.errors;
      return;
    }
    this.errors = {};
    let r;
    if (this.editing) {
      const before = this.editing as unknown as Record<string, unknown>;
      const patch = Object.fromEntries(
        Object.entries(v.data).filter(([k, x]) => k !== 'id' && JSON.stringify(x) !== JSON.stringify(before[k])),
      ) as Partial<Counter>;
      r = await this.api.updateCounter(this.editing.id, patch);
    } else {
      r = await this.api.createCounter(v.data);
    }
    if (!r.ok) {
      this.errors = serverErrors(r.error);
      return;
    }
    this.message = { kind: 'notice', text: t('savedNamed', { name: loc(r.counter.label) }) };
    this.editing = undefined;
    await this.load();
  }

  private async drop(c: Counter) {
    const r = await this.api.deleteCounter(c.id);
    this.message = r.ok ? { kind: 'notice', text: t('deleted', { name: loc(c.label) }) } : { kind: 'error', text: apiMessage(r.error) };
    if (r.ok) await this.load();
  }

  private field(key: 'id' | 'number' | 'labelVi' | 'labelEn', label: string, errKey: string, opts: { type?: string; disabled?: boolean } = {}) {
    const err = errorFor(this.errors, errKey);
    return html`<div class="field">
      <label for="ctr-${key}">${label}</label>
      <input id="ctr-${key}" type=${opts.type ?? 'text'} .value=${this.draft[key]} ?disabled=${opts.disabled ?? false}
        aria-invalid=${err ? 'true' : 'false'} @input=${(e: InputEvent) => (this.draft = { ...this.draft, [key]: (e.target as HTMLInputElement).value })} />
      ${err ? html`<span class="err">${err}</span>` : nothing}
    </div>`;
  }

  private renderForm() {
    const d = this.draft;
    const free = this.services.filter((s) => !d.serviceIds.includes(s.id));
    const err = errorFor(this.errors, 'serviceIds');
    return html`<section class="card">
      <form @submit=${this.submit} novalidate>
        <h2>${this.editing ? t('ctrEditNamed', { name: loc(this.editing.label) }) : t('ctrNew')}</h2>
        ${this.errors._ ? html`<p class="alert" role="alert">${this.errors._}</p>` : nothing}
        <div class="pair">
          ${this.field('number', t('ctrNumber'), 'number', { type: 'number' })}
          ${this.field('id', t('ctrId'), 'id', { disabled: this.editing !== null })}
        </div>
        <div class="pair">
          ${this.field('labelVi', t('nameVi'), 'label.vi')}
          ${this.field('labelEn', t('nameEn'), 'label.en')}
        </div>
        <div class="field">
          <span><strong>${t('ctrServices')}</strong> <span class="hint muted">${t('ctrServicesHint')}</span></span>
          ${d.serviceIds.length === 0 ? html`<p class="muted">${t('none')}</p>` : nothing}
          <ol>
            ${d.serviceIds.map(
              (id, i) => html`<li><span>${this.serviceName(id)}</span>
                <button type="button" class="small" ?disabled=${i === 0} aria-label="${t('moveUp')} ${this.serviceName(id)}" @click=${() => this.move(i, -1)}>↑</button>
                <button type="button" class="small" ?disabled=${i === d.serviceIds.length - 1} aria-label="${t('moveDown')} ${this.serviceName(id)}" @click=${() => this.move(i, 1)}>↓</button>
                <button type="button" class="small danger" aria-label="${t('remove')} ${this.serviceName(id)}"
                  @click=${() => (this.draft = { ...d, serviceIds: d.serviceIds.filter((x) => x !== id) })}>✕</button></li>`,
            )}
          </ol>
          <div class="row">
            <select aria-label=${t('ctrAddService')} @change=${(e: Event) => (this.addService = (e.target as HTMLSelectElement).value)}>
              <option value="" ?selected=${this.addService === ''}>${t('ctrAddService')}…</option>
              ${free.map((s) => html`<option value=${s.id} ?selected=${this.addService === s.id}>${loc(s.name)}</option>`)}
            </select>
            <button type="button" class="small" ?disabled=${!this.addService} @click=${() => {
              this.draft = { ...d, serviceIds: [...d.serviceIds, this.addService] };
              this.addService = '';
            }}>+ ${t('add')}</button>
          </div>
          ${err ? html`<span class="err">${err}</span>` : nothing}
        </div>
        <div class="row">
          <button class="primary">${t('save')}</button>
          <button type="button" @click=${() => (this.editing = undefined)}>${t('cancelAction')}</button>
        </div>
      </form>
    </section>`;
  }

  private async pair(c: Counter) {
    const r = await this.api.newDisplayKey(c.id);
    if (!r.ok) {
      this.message = { kind: 'error', text: apiMessage(r.error) };
      return;
    }
    this.message = null;
    this.pairing = { counter: c.number, url: `${location.origin}${r.path}` };
  }

  override render() {
    const live = this.client?.state?.counters ?? [];
    return html`<div class="layout">
      <section class="card">
        <div class="head">
          <h2>${t('setCounters')}</h2>
          <button class="primary" @click=${() => this.edit(null)}>+ ${t('ctrNew')}</button>
        </div>
        ${this.message ? html`<p class=${this.message.kind === 'error' ? 'alert' : 'notice'} role="status">${this.message.text}</p>` : nothing}
        ${this.pairing
          ? html`<p class="notice" role="status" data-testid="pairing">${t('ctrPairHint', { n: this.pairing.counter })}<br />
              <a href=${this.pairing.url} target="_blank" rel="noopener">${this.pairing.url}</a></p>`
          : nothing}
        <table>
          <thead><tr><th class="n">${t('ctrNumber')}</th><th>${t('ctrLabel')}</th><th>${t('ctrServices')}</th><th><span class="sr-only">${t('actionsLabel')}</span></th></tr></thead>
          <tbody>
            ${this.counters.map((c) => {
              const open = (live.find((x) => x.id === c.id)?.status ?? 'closed') !== 'closed';
              return html`<tr data-counter=${c.id}>
                <td class="n">${c.number}</td>
                <td class="nowrap">${loc(c.label)}</td>
                <td>${c.serviceIds.map((id, i) => html`${i ? ', ' : ''}${i === 0 ? html`<strong>${this.serviceName(id)}</strong>` : this.serviceName(id)}`)}</td>
                <td><div class="acts">
                  <button class="small" @click=${() => this.edit(c)} aria-label="${t('edit')} ${loc(c.label)}">${t('edit')}</button>
                  <button class="small" data-pair=${c.id} @click=${() => void this.pair(c)} aria-label="${t('ctrPairDisplay')} ${loc(c.label)}">${t('ctrPairDisplay')}</button>
                  <luot-confirm-button small label=${t('delete')} confirmLabel=${t('confirmDelete')} describe="${t('delete')} ${loc(c.label)}"
                    ?disabled=${open} @confirm=${() => void this.drop(c)}></luot-confirm-button>
                </div></td>
              </tr>`;
            })}
          </tbody>
        </table>
      </section>
      ${this.editing !== undefined ? this.renderForm() : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-settings-counters': LuotSettingsCounters;
  }
}
