// Covers the whole screen while the kiosk cannot issue: connecting, connection lost, refused
// by the server (kiosk key), or the office archived by the province (closed, for good). Covering the buttons means a tap cannot even look accepted.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { WARNING_ICON } from './icons.js';
import { STRINGS, type Lang } from './strings.js';
import { kioskBase } from './styles.js';

export type OfflineMode = 'connecting' | 'lost' | 'refused' | 'closed';

@customElement('luot-offline-notice')
export class LuotOfflineNotice extends LitElement {
  static override styles = [
    kioskBase,
    css`
      :host {
        position: fixed;
        inset: 0;
        z-index: 50;
        display: grid;
        place-items: center;
        padding: 64px;
        background: rgba(10, 20, 38, 0.94);
        color: #fff;
        text-align: center;
      }
      .box {
        max-width: 1200px;
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: 32px;
      }
      .icon {
        width: 140px;
        height: 140px;
        color: #ffc94d;
      }
      .spinner {
        width: 120px;
        height: 120px;
        border-radius: 50%;
        border: 14px solid rgba(255, 255, 255, 0.25);
        border-top-color: #fff;
        animation: spin 1.2s linear infinite;
      }
      @keyframes spin {
        to {
          transform: rotate(360deg);
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .spinner {
          animation: none;
        }
      }
      h2 {
        margin: 0;
        font-size: 60px;
        line-height: 1.2;
      }
      p {
        margin: 0;
        font-size: 34px;
        color: #e6ecf5;
      }
      button {
        margin-top: 24px;
        padding: 12px 40px;
        border: 4px solid #fff;
        background: transparent;
        color: #fff;
        font-weight: 600;
      }
    `,
  ];

  @property() language: Lang = 'vi';
  @property() mode: OfflineMode = 'lost';

  override render() {
    const t = STRINGS[this.language];
    if (this.mode === 'closed') {
      return html`<div class="box" role="alert" data-testid="closed">
        ${WARNING_ICON}
        <h2>${t.closed}</h2>
        <p>${t.closedHint}</p>
      </div>`;
    }
    if (this.mode === 'refused') {
      return html`<div class="box" role="alert" data-testid="refused">
        ${WARNING_ICON}
        <h2>${t.refused}</h2>
        <p>${t.refusedHint}</p>
        <button data-testid="open-settings" @click=${() => this.dispatchEvent(new CustomEvent('open-settings', { bubbles: true, composed: true }))}>
          ${t.openSettings}
        </button>
      </div>`;
    }
    return html`<div class="box" role="alert" data-testid="offline">
      <div class="spinner" aria-hidden="true"></div>
      <h2>${this.mode === 'connecting' ? t.connecting : t.lost}</h2>
      ${this.mode === 'lost' ? html`<p>${t.lostHint}</p>` : null}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-offline-notice': LuotOfflineNotice;
  }
}
