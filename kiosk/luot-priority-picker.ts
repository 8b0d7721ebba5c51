// The first step of the priority path: which priority group the citizen belongs to, each group
// a large button with a pictogram and its name.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { PRIORITY_NAMES } from '../shared/i18n-names.js';
import { PRIORITIES, type Priority } from '../shared/types.js';
import { BACK_ICON, PRIORITY_ICONS } from './icons.js';
import { STRINGS, pick, type Lang } from './strings.js';
import { kioskBase } from './styles.js';

export interface PickDetail {
  priority: Priority;
}

@customElement('luot-priority-picker')
export class LuotPriorityPicker extends LitElement {
  static override styles = [
    kioskBase,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 28px;
        min-height: 0;
      }
      h2 {
        margin: 0;
        font-size: 44px;
        font-weight: 700;
        color: var(--k-priority-dark);
      }
      ul {
        list-style: none;
        /* Room for the focus ring, which the scroll box would otherwise clip. */
        padding: 12px;
        margin: -12px -12px 0;
        flex: 1;
        min-height: 0;
        overflow-y: auto;
        display: grid;
        gap: 24px;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 540px), 1fr));
        grid-auto-rows: minmax(150px, 1fr);
      }
      .group {
        width: 100%;
        height: 100%;
        display: flex;
        align-items: center;
        gap: 28px;
        padding: 20px 32px;
        border: 4px solid var(--k-priority);
        background: #fff;
        color: var(--k-priority-dark);
        font-size: 38px;
        font-weight: 700;
        text-align: left;
        box-shadow: 0 6px 0 var(--k-priority-dark);
      }
      .group:active {
        transform: translateY(4px);
        box-shadow: 0 2px 0 var(--k-priority-dark);
      }
      .group .icon {
        width: 104px;
        height: 104px;
        padding: 10px;
        border-radius: 50%;
        background: var(--k-priority);
        color: #fff;
      }
    `,
  ];

  @property() language: Lang = 'vi';

  private choose(priority: Priority): void {
    this.dispatchEvent(new CustomEvent<PickDetail>('pick', { detail: { priority }, bubbles: true, composed: true }));
  }

  private back(): void {
    this.dispatchEvent(new CustomEvent('back', { bubbles: true, composed: true }));
  }

  override render() {
    const t = STRINGS[this.language];
    return html`
      <h2 id="q">${t.priorityQuestion}</h2>
      <ul aria-labelledby="q">
        ${PRIORITIES.map(
          (p) => html`<li>
            <button class="group" data-priority=${p} @click=${() => this.choose(p)}>
              ${PRIORITY_ICONS[p]}<span>${pick(PRIORITY_NAMES[p], this.language)}</span>
            </button>
          </li>`,
        )}
      </ul>
      <button class="back" data-testid="back" @click=${this.back}>${BACK_ICON}${t.back}</button>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-priority-picker': LuotPriorityPicker;
  }
}
