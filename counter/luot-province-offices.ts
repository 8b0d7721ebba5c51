// The province's offices: the list with each office's addresses, the add-office form, and
// archiving (asked twice, and saying what it keeps: history and reports stay, the slug is never
// given to another office, the office's kiosks and displays show a closed notice).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { OfficeSummary } from '../shared/types.js';
import type { ApiClient } from './api.js';
import { LangController } from './controllers.js';
import { loc } from './format.js';
import { t } from './strings.js';
import { base } from './styles.js';
import { apiMessage } from './validation.js';
import './luot-confirm-button.js';
import './luot-office-form.js';

@customElement('luot-province-offices')
export class LuotProvinceOffices extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      .layout { display: grid; grid-template-columns: minmax(0, 1.5fr) minmax(0, 1fr); gap: 0.8rem; align-items: start; }
      @media (max-width: 1000px) { .layout { grid-template-columns: 1fr; } }
      .urls { display: flex; gap: 0.6rem; flex-wrap: wrap; font-size: 0.9rem; }
      code { font-size: 0.85rem; }
      tr.archived td { color: var(--luot-muted); }
    `,
  ];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) api!: ApiClient;
  @state() private offices: OfficeSummary[] = [];
  @state() private message: { kind: 'error' | 'notice'; text: string; slug?: string } | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    const r = await this.api.provinceOffices();
    if (r.ok) this.offices = r.offices;
    else this.message = { kind: 'error', text: apiMessage(r.error) };
  }

  private async archive(o: OfficeSummary) {
    const r = await this.api.archiveOffice(o.slug);
    this.message = r.ok
      ? { kind: 'notice', text: t('provArchived', { name: loc(o.name) }) }
      : { kind: 'error', text: apiMessage(r.error) };
    await this.load();
  }

  private async created(e: CustomEvent<OfficeSummary>) {
    this.message = { kind: 'notice', text: t('provCreated', { name: loc(e.detail.name) }), slug: e.detail.slug };
    await this.load();
  }

  override render() {
    const m = this.message;
    return html`<h1>${t('provOfficesTitle')}</h1>
      ${m
        ? html`<p class=${m.kind === 'error' ? 'alert' : 'notice'} role=${m.kind === 'error' ? 'alert' : 'status'}>
            ${m.text}${m.slug ? html` <a href="/o/${m.slug}/counter/#settings">${t('provSetUpOffice')}</a>` : nothing}
          </p>`
        : nothing}
      <div class="layout">
        <section class="card">
          <p class="muted">${t('provArchiveExplain')}</p>
          <table>
            <thead><tr><th>${t('provOffice')}</th><th>${t('provAddresses')}</th><th><span class="sr-only">${t('actionsLabel')}</span></th></tr></thead>
            <tbody>
              ${this.offices.map((o, i) => html`<tr class=${o.archived ? 'archived' : ''} data-office=${o.slug}>
                <td>${loc(o.name)}<br /><code>${o.slug}</code> · ${o.timeZone}</td>
                <td>${o.archived
                  ? html`<span class="chip">${t('provArchivedChip')}</span>`
                  : html`<div class="urls">
                      <a href="/o/${o.slug}/kiosk/" target="_blank" rel="noopener">${t('provKiosk')}</a>
                      <a href="/o/${o.slug}/display/" target="_blank" rel="noopener">${t('provDisplay')}</a>
                      <a href="/o/${o.slug}/counter/">${t('provStaffApp')}</a>
                    </div>`}</td>
                <td>${o.archived
                  ? nothing
                  : i === 0
                    // The first office answers today's unprefixed URLs: the server keeps it.
                    ? html`<span class="chip">${t('provDefaultChip')}</span>`
                    : html`<luot-confirm-button small label=${t('provArchive')} confirmLabel=${t('provConfirmArchive')}
                      describe="${t('provArchive')} ${loc(o.name)}" @confirm=${() => void this.archive(o)}></luot-confirm-button>`}</td>
              </tr>`)}
            </tbody>
          </table>
        </section>
        <section class="card">
          <luot-office-form .api=${this.api} .offices=${this.offices} @office-created=${this.created}></luot-office-form>
        </section>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-province-offices': LuotProvinceOffices;
  }
}
