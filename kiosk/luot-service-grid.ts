// The service buttons, in the admin's `order`: one column in portrait, three in landscape, more
// when the office has many lines; rows stretch to fill the screen and scroll past ~12 lines.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { PublicService } from '../shared/types.js';
import { STRINGS, type Lang } from './strings.js';
import { kioskBase } from './styles.js';
import './luot-service-button.js';

@customElement('luot-service-grid')
export class LuotServiceGrid extends LitElement {
  static override styles = [
    kioskBase,
    css`
      :host {
        display: block;
        min-height: 0;
        overflow-y: auto;
        /* Room for the focus ring, which the scroll box would otherwise clip. */
        padding: 12px 12px 16px;
        margin: -12px -12px 0;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        height: 100%;
        display: grid;
        gap: 24px;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 540px), 1fr));
        grid-auto-rows: minmax(150px, 1fr);
      }
      :host([dense]) ul {
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 420px), 1fr));
        grid-auto-rows: minmax(140px, 1fr);
      }
      li {
        display: block;
      }
      luot-service-button {
        height: 100%;
      }
      .empty {
        font-size: 32px;
        padding: 40px;
        background: var(--k-warn-bg);
        color: var(--k-warn-ink);
        border-radius: 18px;
      }
    `,
  ];

  @property({ attribute: false }) services: PublicService[] = [];
  @property() language: Lang = 'vi';
  @property() serviceDay = '';
  @property({ type: Boolean, reflect: true }) dense = false;

  override willUpdate(): void {
    this.dense = this.services.length > 8;
  }

  override render() {
    if (this.services.length === 0) return html`<p class="empty" role="status">${STRINGS[this.language].noServices}</p>`;
    const sorted = [...this.services].sort((a, b) => a.order - b.order);
    return html`<ul>
      ${sorted.map(
        (s) => html`<li>
          <luot-service-button .service=${s} .language=${this.language} .serviceDay=${this.serviceDay}></luot-service-button>
        </li>`,
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-service-grid': LuotServiceGrid;
  }
}
