// One device to set up: its name, its address in large type, and a QR code of that address that
// the device itself scans (a kiosk or TV with a camera, or a phone), so nobody types a long URL.
import { LitElement, css, html, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { qrPath } from '../../../kiosk/qr.js';

@customElement('luot-home-device')
export class LuotHomeDevice extends LitElement {
  static override styles = css`
    :host { display: block; }
    article { display: grid; grid-template-columns: auto 1fr; gap: 1rem 1.25rem; align-items: center; background: #fff;
      border: 2px solid #d5dbe5; border-radius: 12px; padding: 1rem; height: 100%; box-sizing: border-box; }
    /* A wide white margin: phone cameras need the quiet zone to find the code. */
    svg { display: block; width: 9.5rem; height: 9.5rem; background: #fff; padding: 0.6rem; }
    h3 { margin: 0 0 0.3rem; font-size: 1.3rem; }
    p { margin: 0 0 0.5rem; color: var(--luot-muted, #4a5568); }
    a { font-size: 1.15rem; font-weight: 600; color: var(--luot-primary, #0b4f9c); word-break: break-all; }
    @media (max-width: 30rem) { article { grid-template-columns: 1fr; justify-items: center; text-align: center; } }
  `;

  @property() name = '';
  @property() hint = '';
  @property() url = '';

  override render() {
    const { size, d } = qrPath(this.url);
    return html`<article>
      <svg viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges" role="img" aria-label=${this.url} data-testid="qr">
        ${svg`<rect width=${size} height=${size} fill="#fff"></rect><path d=${d} fill="#000"></path>`}
      </svg>
      <div>
        <h3>${this.name}</h3>
        <p>${this.hint}</p>
        <a href=${this.url} data-testid="device-url">${this.url}</a>
      </div>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-home-device': LuotHomeDevice;
  }
}
