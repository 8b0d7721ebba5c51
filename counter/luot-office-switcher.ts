// The office switcher in the staff app's header, for an account that may open several offices.
// Switching opens that office's staff app (/o/<slug>/counter/), in the same view: the session
// is kept by the tab, and every REST call and socket then addresses that office.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { officePrefix } from '../shared/client/office-base.js';
import type { Localized } from '../shared/types.js';
import { LangController } from './controllers.js';
import { loc } from './format.js';
import { t } from './strings.js';
import { base } from './styles.js';

@customElement('luot-office-switcher')
export class LuotOfficeSwitcher extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: inline-block; }
      select { max-width: 22rem; padding: 0.2rem 0.4rem; font-size: 0.95rem; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  /** In the deployment's order: the first is the default office, the one of the unprefixed URLs. */
  @property({ attribute: false }) offices: { slug: string; name: Localized }[] = [];

  private go(e: Event) {
    const slug = (e.target as HTMLSelectElement).value;
    location.assign(`/o/${slug}/counter/${location.hash}`);
  }

  override render() {
    if (this.offices.length < 2) return nothing;
    const current = officePrefix().slice(3) || this.offices[0]!.slug;
    return html`<select aria-label=${t('officeSwitch')} @change=${this.go}>
      ${this.offices.map((o) => html`<option value=${o.slug} ?selected=${o.slug === current}>${loc(o.name)}</option>`)}
    </select>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-office-switcher': LuotOfficeSwitcher;
  }
}
