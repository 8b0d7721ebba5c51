// Issue 15, the pickup counter's "Trả kết quả" card: files marked ready by a clerk, one code per
// line, a pasted list, or a CSV file (the first file-code cell of each row). The server
// normalises and journals them (POST /api/results/ready); citizens can then take a pickup number.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { fileCodesIn } from '../shared/file-code.js';
import type { ApiClient } from './api.js';
import { LangController } from './controllers.js';
import { t } from './strings.js';
import { base } from './styles.js';
import { apiMessage } from './validation.js';

@customElement('luot-results-ready')
export class LuotResultsReady extends LitElement {
  static override styles = [
    base,
    css`
      textarea { width: 100%; box-sizing: border-box; min-height: 6rem; font: inherit; font-size: 1.1rem; }
      .row { display: flex; gap: 0.75rem; align-items: center; flex-wrap: wrap; margin-top: 0.5rem; }
      button { min-height: 2.75rem; }
      .ok { color: var(--luot-ok, #166534); font-weight: 600; }
      .error { color: var(--luot-danger, #b91c1c); font-weight: 600; }
    `,
  ];

  @property({ attribute: false }) api: ApiClient | null = null;
  @state() private text = '';
  @state() private busy = false;
  @state() private message: { text: string; error: boolean } | null = null;

  constructor() {
    super();
    new LangController(this);
  }

  private async onFile(e: Event): Promise<void> {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    const codes = fileCodesIn(await file.text());
    this.text = [...fileCodesIn(this.text), ...codes].join('\n');
  }

  private async mark(): Promise<void> {
    const fileCodes = fileCodesIn(this.text);
    if (!fileCodes.length) {
      this.message = { text: t('resultsNone'), error: true };
      return;
    }
    if (!this.api || this.busy) return;
    this.busy = true;
    const r = await this.api.request<{ fileCodes: string[] }>('POST', '/api/results/ready', { fileCodes });
    this.busy = false;
    if (!r.ok) {
      this.message = { text: apiMessage(r.error), error: true };
      return;
    }
    this.text = '';
    this.message = { text: t('resultsDone', { n: r.fileCodes.length }), error: false };
  }

  override render() {
    return html`<h2>${t('resultsTitle')}</h2>
      <p>${t('resultsHint')}</p>
      <label>${t('resultsCodes')}
        <textarea data-testid="results-codes" .value=${this.text} @input=${(e: Event) => (this.text = (e.target as HTMLTextAreaElement).value)}></textarea>
      </label>
      <div class="row">
        <label>${t('resultsCsv')} <input type="file" accept=".csv,text/csv,text/plain" data-testid="results-csv" @change=${this.onFile} /></label>
        <button class="primary" data-testid="results-mark" ?disabled=${this.busy} @click=${this.mark}>${t('resultsMark')}</button>
      </div>
      ${this.message
        ? html`<p role="status" class=${this.message.error ? 'error' : 'ok'} data-testid="results-message">${this.message.text}</p>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-results-ready': LuotResultsReady;
  }
}
