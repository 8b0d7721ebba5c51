// The entrance poster (issue 13): the booking page's QR and address, the office's name, and the
// PIN when the office asks for one. Printed from its own small window, so the staff app's
// layout never gets into the print.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Localized } from '../shared/types.js';
import { officePrefix } from '../shared/client/office-base.js';
import { qrPath, type QrPath } from '../kiosk/qr.js';
import { bt } from './booking-strings.js';
import { LangController } from './controllers.js';
import { base } from './styles.js';

/** The booking page's address: the office's public address when set, else this page's origin. */
export function bookingPageUrl(publicBaseUrl: string | null | undefined, origin = location.origin, pathname = location.pathname): string {
  const base = (publicBaseUrl?.trim() || origin).replace(/\/+$/, '');
  return `${base}${officePrefix(pathname)}/dat-lich/`;
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

@customElement('luot-booking-poster')
export class LuotBookingPoster extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      .poster { text-align: center; border: 2px dashed var(--line); border-radius: 12px; padding: 1rem; background: #fff; }
      .poster h2 { font-size: 1.6rem; margin: 0.2rem 0; }
      .poster svg { width: 14rem; height: 14rem; }
      .url { font-family: ui-monospace, monospace; word-break: break-all; }
      .pin { font-size: 2rem; font-weight: 700; letter-spacing: 0.1em; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) officeName: Localized | null = null;
  @property() url = '';
  @property({ attribute: false }) pin: string | null = null;
  @property({ type: Boolean }) noPublicUrl = false;
  @state() private qr: QrPath | null = null;
  private qrFor = '';

  override willUpdate(): void {
    const url = this.url;
    if (url && url !== this.qrFor) {
      this.qrFor = url;
      // Imported statically: a dynamic import here would move Vite's preload helper out of the
      // kiosk's start-up chunk into a shared one (over the kiosk's size budget).
      this.qr = qrPath(url);
    }
  }

  /** The poster as a document of its own: Vietnamese first, English under it, big enough for A4. */
  posterHtml(): string {
    const qr = this.qr;
    const svg = qr ? `<svg viewBox="0 0 ${qr.size} ${qr.size}" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><path d="${qr.d}"/></svg>` : '';
    const name = this.officeName;
    return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${esc(name?.vi ?? 'Lượt')}</title><style>
      body{font-family:'Be Vietnam Pro',system-ui,sans-serif;text-align:center;margin:0;padding:2rem;color:#10192b}
      h1{font-size:2.6rem;margin:0 0 .5rem}h2{font-size:2rem;margin:.5rem 0;color:#0b4f9c}.en{color:#3d4a5e;font-size:1.2rem}
      svg{width:12cm;height:12cm}.url{font-family:monospace;font-size:1.3rem;word-break:break-all}
      .pin{font-size:3rem;font-weight:700;letter-spacing:.15em;border:4px solid #10192b;display:inline-block;padding:.2rem 1.5rem;border-radius:12px}
      @page{size:A4;margin:1cm}</style></head><body>
      <h1>${esc(name?.vi ?? '')}</h1><p class="en" lang="en">${esc(name?.en ?? '')}</p>
      <h2>Lấy số từ xa — Đặt lịch</h2><p class="en" lang="en">Take a number from home — Book a time</p>
      ${svg}<p class="url">${esc(this.url)}</p>
      <p>Quét mã QR bằng điện thoại để lấy số hoặc đặt lịch, không cần cài ứng dụng.</p>
      <p class="en" lang="en">Scan the QR code with your phone to take a number or book a time; no app needed.</p>
      ${this.pin ? `<p>Mã PIN <span lang="en" class="en">/ PIN</span></p><p class="pin" data-testid="poster-pin">${esc(this.pin)}</p>` : ''}
      <p>Khi đến, quét mã đặt lịch hoặc nhập mã số tại ki-ốt để nhận số thứ tự.</p>
      <p class="en" lang="en">When you arrive, scan your booking code or type it at the kiosk to get your number.</p>
      </body></html>`;
  }

  private print(): void {
    const w = window.open('', '_blank', 'width=800,height=1000');
    if (!w) return;
    w.document.write(this.posterHtml());
    w.document.close();
    w.addEventListener('load', () => w.print());
    setTimeout(() => w.print(), 500);
  }

  override render() {
    return html`<div class="poster" data-testid="poster">
        <h2>${bt('posterTitle')}</h2>
        <p>${this.officeName ? (this.officeName.vi) : ''}</p>
        ${this.qr
          ? html`<svg viewBox="0 0 ${this.qr.size} ${this.qr.size}" role="img" aria-label=${this.url} shape-rendering="crispEdges">
              <rect width="100%" height="100%" fill="#fff"></rect><path d=${this.qr.d}></path></svg>`
          : nothing}
        <p class="url" data-testid="poster-url">${this.url}</p>
        <p>${bt('posterLead')}</p>
        ${this.pin ? html`<p>${bt('posterPin')}</p><p class="pin" data-testid="poster-pin">${this.pin}</p>` : nothing}
        ${this.noPublicUrl ? html`<p class="alert">${bt('posterNoUrl')}</p>` : nothing}
      </div>
      <div class="row" style="margin-top:0.6rem"><button class="primary" data-testid="poster-print" @click=${this.print}>${bt('print')}</button></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-booking-poster': LuotBookingPoster;
  }
}
