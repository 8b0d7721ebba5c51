// The services list: what the kiosk offers, in kiosk order; edit, add or remove one.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatTicketNumber } from '../shared/format.js';
import type { OpeningHours, Service, Weekday } from '../shared/types.js';
import type { ApiClient } from './api.js';
import { LangController } from './controllers.js';
import { duration, loc, num } from './format.js';
import { t, type StringKey } from './strings.js';
import { base } from './styles.js';
import { apiMessage } from './validation.js';
import './luot-confirm-button.js';
import './luot-service-form.js';

const SHORT: Record<Weekday, StringKey> = {
  mon: 'wdMonShort', tue: 'wdTueShort', wed: 'wdWedShort', thu: 'wdThuShort', fri: 'wdFriShort', sat: 'wdSatShort', sun: 'wdSunShort',
};
const ORDER: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** "T2–T6 07:30–11:30, 13:30–17:00 · T7 07:30–11:30": consecutive days with equal hours merge. */
export function hoursSummary(h: OpeningHours | null): string {
  if (!h) return t('hoursAlwaysShort');
  const text = (d: Weekday) => (h.weekly[d] ?? []).map((r) => `${r.from}–${r.to}`).join(', ');
  const parts: string[] = [];
  for (let i = 0; i < ORDER.length; ) {
    const value = text(ORDER[i]!);
    let j = i;
    while (j + 1 < ORDER.length && text(ORDER[j + 1]!) === value) j++;
    if (value) parts.push(`${t(SHORT[ORDER[i]!])}${j > i ? `–${t(SHORT[ORDER[j]!])}` : ''} ${value}`);
    i = j + 1;
  }
  const off = h.daysOff.length ? ` · ${t('daysOffCount', { n: h.daysOff.length })}` : '';
  return (parts.join(' · ') || t('hoursNever')) + off;
}

@customElement('luot-settings-services')
export class LuotSettingsServices extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      .layout { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0.8rem; }
      .head { display: flex; justify-content: space-between; align-items: center; }
      .inactive td { color: var(--luot-muted); }
      .acts { display: flex; gap: 0.3rem; justify-content: flex-end; }
      td.hours { font-size: 0.88rem; max-width: 22rem; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) api!: ApiClient;
  @state() private services: Service[] = [];
  /** undefined: no form; null: a new service. */
  @state() private editing: Service | null | undefined = undefined;
  @state() private message: { kind: 'error' | 'notice'; text: string } | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    const r = await this.api.services();
    if (r.ok) this.services = [...r.services].sort((a, b) => a.order - b.order);
    else this.message = { kind: 'error', text: apiMessage(r.error) };
  }

  private async drop(s: Service) {
    const r = await this.api.deleteService(s.id);
    this.message = r.ok ? { kind: 'notice', text: t('deleted', { name: loc(s.name) }) } : { kind: 'error', text: apiMessage(r.error) };
    if (r.ok) await this.load();
  }

  private async edit(s: Service | null) {
    this.editing = s;
    await this.updateComplete;
    this.renderRoot.querySelector('luot-service-form')?.scrollIntoView({ block: 'start' });
  }

  private async saved(e: CustomEvent<Service>) {
    this.editing = undefined;
    this.message = { kind: 'notice', text: t('savedNamed', { name: loc(e.detail.name) }) };
    await this.load();
  }

  override render() {
    const nextOrder = Math.max(0, ...this.services.map((s) => s.order)) + 1;
    return html`<div class="layout">
      <section class="card">
        <div class="head">
          <h2>${t('setServices')}</h2>
          <button class="primary" @click=${() => void this.edit(null)}>+ ${t('svcNew')}</button>
        </div>
        ${this.message ? html`<p class=${this.message.kind === 'error' ? 'alert' : 'notice'} role="status">${this.message.text}</p>` : nothing}
        <table>
          <thead><tr>
            <th class="n">${t('svcOrder')}</th><th>${t('service')}</th><th>${t('svcNumbers')}</th><th class="n">${t('target')}</th>
            <th class="n">${t('svcLimit')}</th><th>${t('svcHours')}</th><th>${t('state')}</th><th><span class="sr-only">${t('actionsLabel')}</span></th>
          </tr></thead>
          <tbody>
            ${this.services.map(
              (s) => html`<tr class=${s.active ? '' : 'inactive'} data-service=${s.id}>
                <td class="n">${s.order}</td>
                <td><strong>${loc(s.name)}</strong><div class="muted">${s.id}</div></td>
                <td>${formatTicketNumber(s, 1)}</td>
                <td class="n">${duration(s.targetWaitMin)}</td>
                <td class="n">${s.dailyLimit === null ? '—' : num(s.dailyLimit)}</td>
                <td class="hours">${hoursSummary(s.hours)}</td>
                <td>${s.active ? html`<span class="chip ok">${t('svcActiveShort')}</span>` : html`<span class="chip">${t('svcInactiveShort')}</span>`}</td>
                <td><div class="acts">
                  <button class="small" @click=${() => void this.edit(s)} aria-label="${t('edit')} ${loc(s.name)}">${t('edit')}</button>
                  <luot-confirm-button small label=${t('delete')} confirmLabel=${t('confirmDelete')} describe="${t('delete')} ${loc(s.name)}"
                    @confirm=${() => void this.drop(s)}></luot-confirm-button>
                </div></td>
              </tr>`,
            )}
          </tbody>
        </table>
      </section>
      ${this.editing !== undefined
        ? html`<section class="card">
            <luot-service-form .api=${this.api} .service=${this.editing} .nextOrder=${nextOrder}
              @saved=${this.saved} @cancel=${() => (this.editing = undefined)}></luot-service-form>
          </section>`
        : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-settings-services': LuotSettingsServices;
  }
}
