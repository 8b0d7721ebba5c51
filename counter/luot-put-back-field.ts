// The office's rule for putting back a no-show (issue 15, settings.putBack): where the ticket goes
// (at the end, or after the next N of its kind) and how many times per ticket. Emits `change`
// with the whole setting; the server's zod schema checks it on save.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { PutBackSetting } from '../shared/types.js';
import { LangController } from './controllers.js';
import { t } from './strings.js';
import { base } from './styles.js';

@customElement('luot-put-back-field')
export class LuotPutBackField extends LitElement {
  static override styles = [base, css`.row { display: flex; gap: 1rem; flex-wrap: wrap; } .row .field { flex: 1; min-width: 10rem; }`];

  @property({ attribute: false }) value: PutBackSetting = { place: { mode: 'after', count: 3 }, maxTimes: 1 };
  @property() error = '';

  constructor() {
    super();
    new LangController(this);
  }

  private emit(value: PutBackSetting): void {
    this.dispatchEvent(new CustomEvent('change', { detail: value }));
  }

  override render() {
    const v = this.value;
    const num = (e: Event) => Number((e.target as HTMLInputElement).value);
    return html`<div class="row">
        <div class="field">
          <label for="pb-mode">${t('sPutBackPlace')}</label>
          <select id="pb-mode" @change=${(e: Event) => {
            const mode = (e.target as HTMLSelectElement).value;
            this.emit({ ...v, place: mode === 'end' ? { mode: 'end' } : { mode: 'after', count: v.place.mode === 'after' ? v.place.count : 3 } });
          }}>
            <option value="after" ?selected=${v.place.mode === 'after'}>${t('sPutBackAfter')}</option>
            <option value="end" ?selected=${v.place.mode === 'end'}>${t('sPutBackEnd')}</option>
          </select>
        </div>
        ${v.place.mode === 'after'
          ? html`<div class="field">
              <label for="pb-count">${t('sPutBackCount')}</label>
              <input id="pb-count" type="number" min="0" max="50" .value=${String(v.place.count)}
                @input=${(e: Event) => this.emit({ ...v, place: { mode: 'after', count: num(e) } })} />
            </div>`
          : nothing}
        <div class="field">
          <label for="pb-times">${t('sPutBackTimes')}</label>
          <input id="pb-times" type="number" min="0" max="10" .value=${String(v.maxTimes)}
            @input=${(e: Event) => this.emit({ ...v, maxTimes: num(e) })} />
        </div>
      </div>
      ${this.error ? html`<span class="err">${this.error}</span>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-put-back-field': LuotPutBackField;
  }
}
