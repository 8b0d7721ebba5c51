// The wall display: which number goes to which counter, pushed live.
import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { LiveState } from '../shared/client/live.js';
import type { Snapshot } from '../shared/types.js';

@customElement('luot-display-app')
export class LuotDisplayApp extends LitElement {
  static override styles = css`
    :host { display: block; padding: 2vh 2vw; font-size: 3.2vh; }
    table { width: 100%; border-collapse: collapse; }
    td, th { padding: 1vh 1vw; border-bottom: 1px solid #ccd; text-align: left; }
    .num { font-weight: 700; font-size: 5vh; }
    .banner { background: var(--luot-accent); color: #fff; padding: 1vh 2vw; }
  `;

  private live = new LiveState({ namespace: '/display' });
  @state() private snapshot: Snapshot | null = null;
  @state() private connected = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.live.subscribe((s, connected) => {
      this.snapshot = s ? structuredClone(s) : null;
      this.connected = connected;
    });
  }

  override render() {
    const s = this.snapshot;
    return html`
      ${this.connected ? null : html`<div class="banner" role="alert">Mất kết nối — đang kết nối lại</div>`}
      <h1>${s?.office.name.vi ?? 'Lượt'}</h1>
      <table>
        <thead><tr><th>Quầy</th><th>Số đang phục vụ</th></tr></thead>
        <tbody>
          ${(s?.counters ?? []).map(
            (c) => html`<tr data-counter=${c.id}><td>${c.label.vi}</td><td class="num">${c.current?.number ?? '—'}</td></tr>`,
          )}
        </tbody>
      </table>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-display-app': LuotDisplayApp;
  }
}
