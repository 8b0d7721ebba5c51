// The kiosk: tap a service, get a number. Refuses taps while disconnected (no buffered emits).
import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { LiveState } from '../shared/client/live.js';
import type { Result } from '../shared/errors.js';
import type { IssueResult, Snapshot } from '../shared/types.js';

@customElement('luot-kiosk-app')
export class LuotKioskApp extends LitElement {
  static override styles = css`
    :host { display: block; padding: 2rem; font-size: 28px; }
    .services { display: grid; grid-template-columns: repeat(auto-fill, minmax(22rem, 1fr)); gap: 1.5rem; }
    button { min-height: 96px; font: inherit; font-weight: 600; border: 0; border-radius: 16px; padding: 1rem 1.5rem;
      background: var(--luot-primary); color: var(--luot-primary-fg); text-align: left; cursor: pointer; }
    button[disabled] { background: #c9ced8; color: #333; }
    .meta { display: block; font-weight: 400; font-size: 24px; }
    .ticket { text-align: center; }
    .number { font-size: 160px; font-weight: 700; line-height: 1.1; }
    .offline { position: fixed; inset: 0; background: rgba(16, 25, 43, 0.92); color: #fff; display: grid; place-items: center; font-size: 48px; }
  `;

  private live = new LiveState({ namespace: '/kiosk' });
  @state() private snapshot: Snapshot | null = null;
  @state() private connected = false;
  @state() private issued: IssueResult | null = null;
  @state() private error: string | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.live.subscribe((s, connected) => {
      this.snapshot = s ? { ...s } : null;
      this.connected = connected;
    });
  }

  private async take(serviceId: string) {
    if (!this.connected) return;
    const r = await this.live.request<Result<IssueResult>>('ticket:issue', { serviceId, requestId: crypto.randomUUID() });
    if (r.ok) {
      this.issued = r;
      this.error = null;
    } else this.error = r.error.message;
  }

  override render() {
    if (this.issued) {
      return html`<section class="ticket" @click=${() => (this.issued = null)}>
        <p>Số thứ tự của bạn</p>
        <div class="number" data-testid="number">${this.issued.ticket.number}</div>
        <p>Số người chờ trước bạn: ${this.issued.ahead}</p>
      </section>`;
    }
    return html`
      <h1>${this.snapshot?.office.name.vi ?? 'Lượt'}</h1>
      ${this.error ? html`<p role="alert">${this.error}</p>` : null}
      <div class="services">
        ${(this.snapshot?.services ?? []).map(
          (s) => html`<button ?disabled=${!s.open} data-service=${s.id} @click=${() => this.take(s.id)}>
            ${s.name.vi}<span class="meta">Đang chờ: ${s.waiting} · ~${s.estimatedWaitMin} phút</span>
          </button>`,
        )}
      </div>
      ${this.connected ? null : html`<div class="offline" role="alert">Mất kết nối — đang kết nối lại…</div>`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-kiosk-app': LuotKioskApp;
  }
}
