// One service line on the kiosk: its name, how many wait and for how long; or, when it cannot
// issue now, why and when it opens again. A closed service is a disabled button, never hidden,
// so that its place on the screen stays where citizens learnt it.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { CLOSED_REASONS } from '../shared/i18n-names.js';
import type { PublicService } from '../shared/types.js';
import { CLOCK_ICON, PEOPLE_ICON } from './icons.js';
import { STRINGS, formatNextOpen, pick, type Lang } from './strings.js';
import { kioskBase } from './styles.js';
import { tapStarted } from './tap-timing.js';

export interface TakeDetail {
  serviceId: string;
}

@customElement('luot-service-button')
export class LuotServiceButton extends LitElement {
  static override styles = [
    kioskBase,
    css`
      :host {
        display: block;
      }
      button {
        width: 100%;
        height: 100%;
        min-height: 150px;
        display: flex;
        flex-direction: column;
        justify-content: center;
        gap: 12px;
        padding: 22px 32px;
        border: 4px solid var(--k-blue);
        background: var(--k-blue);
        color: #fff;
        text-align: left;
        box-shadow: 0 6px 0 var(--k-blue-dark);
        transition: transform 80ms ease-out, box-shadow 80ms ease-out;
      }
      button:active:not([disabled]) {
        transform: translateY(4px);
        box-shadow: 0 2px 0 var(--k-blue-dark);
      }
      .name {
        font-size: 40px;
        font-weight: 700;
        line-height: 1.2;
      }
      .meta {
        display: flex;
        flex-wrap: wrap;
        gap: 6px 28px;
        font-size: 27px;
        color: var(--k-blue-soft);
      }
      .meta span {
        display: inline-flex;
        align-items: center;
        gap: 10px;
      }
      .meta .icon {
        width: 1.1em;
        height: 1.1em;
      }
      button[disabled] {
        cursor: not-allowed;
        background: var(--k-closed-bg);
        border: 4px dashed #8a94a6;
        color: var(--k-closed-ink);
        box-shadow: none;
      }
      button[disabled] .meta {
        color: var(--k-closed-ink);
      }
      .reason {
        color: var(--k-closed-reason);
        font-weight: 600;
      }
    `,
  ];

  @property({ attribute: false }) service!: PublicService;
  @property() language: Lang = 'vi';
  /** Today's service day, to tell "opens at 13:30" from "opens at 07:30 on Monday". */
  @property() serviceDay = '';

  private take(): void {
    this.dispatchEvent(new CustomEvent<TakeDetail>('take', { detail: { serviceId: this.service.id }, bubbles: true, composed: true }));
  }

  override render() {
    const s = this.service;
    const t = STRINGS[this.language];
    if (!s.open) {
      const reason = s.closedReason ? pick(CLOSED_REASONS[s.closedReason], this.language) : '';
      return html`<button disabled data-service=${s.id} data-closed=${s.closedReason ?? ''}>
        <span class="name">${pick(s.name, this.language)}</span>
        <span class="meta">
          <span class="reason" data-testid="closed-reason">${reason}</span>
          ${s.nextOpen
            ? html`<span data-testid="next-open">${CLOCK_ICON}${t.opensAt(formatNextOpen(s.nextOpen, this.serviceDay, this.language))}</span>`
            : null}
        </span>
      </button>`;
    }
    return html`<button data-service=${s.id} @pointerdown=${tapStarted} @click=${this.take}>
      <span class="name">${pick(s.name, this.language)}</span>
      <span class="meta">
        <span data-testid="waiting">${PEOPLE_ICON}${t.waiting(s.waiting)}</span>
        ${s.waiting > 0 ? html`<span data-testid="wait">${CLOCK_ICON}${t.wait(s.estimatedWaitMin)}</span>` : null}
      </span>
    </button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-service-button': LuotServiceButton;
  }
}
