// The supervisor's search box: a ticket number and a day (today unless changed), asking for
// that ticket's history (`ticket-search`, handled by the view that holds luot-ticket-timeline).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LangController } from './controllers.js';
import { t } from './strings.js';
import { base } from './styles.js';

export interface TicketSearch {
  number: string;
  day: string;
}

@customElement('luot-ticket-search')
export class LuotTicketSearch extends LitElement {
  static override styles = [
    base,
    css`
      form { display: flex; gap: 0.6rem; align-items: end; flex-wrap: wrap; }
      input { font-size: 1.1rem; min-height: 2.6rem; }
      #tl-number { width: 8rem; text-transform: uppercase; }
      button { min-height: 2.6rem; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  /** The office's current service day: the default, and the latest day there is. */
  @property() today = '';
  @state() private day = '';
  @state() private error: string | null = null;

  private submit(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const number = (form.elements.namedItem('number') as HTMLInputElement).value.trim();
    if (!number) {
      this.error = t('tlNeedNumber');
      return;
    }
    this.error = null;
    const detail: TicketSearch = { number, day: this.day || this.today };
    this.dispatchEvent(new CustomEvent('ticket-search', { detail, bubbles: true, composed: true }));
  }

  override render() {
    return html`<form @submit=${this.submit} novalidate aria-label=${t('tlSearchTitle')}>
      <div class="field">
        <label for="tl-number">${t('tlSearchNumber')}</label>
        <input id="tl-number" name="number" autocomplete="off" placeholder="A012" aria-invalid=${this.error ? 'true' : 'false'}
          aria-describedby=${this.error ? 'tl-err' : nothing} />
      </div>
      <div class="field">
        <label for="tl-day">${t('tlSearchDay')}</label>
        <input id="tl-day" type="date" .value=${this.day || this.today} max=${this.today || nothing}
          @change=${(e: Event) => (this.day = (e.target as HTMLInputElement).value)} />
      </div>
      <button class="primary">${t('tlSearch')}</button>
      ${this.error ? html`<p id="tl-err" class="err" role="alert">${this.error}</p>` : nothing}
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-ticket-search': LuotTicketSearch;
  }
}
