// The first-run checklist as the server computes it (server/setup-checklist.ts): each step with
// a tick once done, and where to do the ones left.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SetupState } from '../../setup.js';
import { STRINGS, type Lang } from './strings.js';

@customElement('luot-home-checklist')
export class LuotHomeChecklist extends LitElement {
  static override styles = css`
    :host { display: block; }
    ol { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.6rem; }
    li { display: grid; grid-template-columns: 2.4rem 1fr; gap: 0.8rem; align-items: center; background: #fff;
      border: 2px solid #d5dbe5; border-radius: 12px; padding: 0.75rem 1rem; font-size: 1.2rem; }
    li.done { border-color: #17663a; }
    .mark { width: 2.4rem; height: 2.4rem; border-radius: 50%; display: grid; place-items: center; font-weight: 700;
      border: 3px solid #8a96a8; color: #8a96a8; box-sizing: border-box; }
    .done .mark { background: #17663a; border-color: #17663a; color: #fff; }
    .state { display: block; font-size: 0.95rem; color: var(--luot-muted, #4a5568); }
    .done .state { color: #17663a; font-weight: 600; }
  `;

  @property({ attribute: false }) checklist: SetupState['checklist'] = [];
  @property() uiLang: Lang = 'vi';

  override render() {
    const s = STRINGS[this.uiLang];
    return html`<ol>
      ${this.checklist.map(
        (c) => html`<li class=${c.done ? 'done' : ''} data-step=${c.step} data-done=${String(c.done)}>
          <span class="mark" aria-hidden="true">${c.done ? '✓' : ''}</span>
          <span>${s.step[c.step]}
            <span class="state">${c.done ? s.done : `${s.todo} — ${s.how[c.step]}`}</span>
          </span>
        </li>`,
      )}
    </ol>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-home-checklist': LuotHomeChecklist;
  }
}
