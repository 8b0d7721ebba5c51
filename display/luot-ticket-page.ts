// The citizen's ticket page (/t/<token>): refreshed whenever the public state moves.
import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { LiveState } from '../shared/client/live.js';
import type { Result } from '../shared/errors.js';
import type { TicketView } from '../shared/types.js';

@customElement('luot-ticket-page')
export class LuotTicketPage extends LitElement {
  static override styles = css`
    :host { display: block; padding: 1.5rem; font-size: 20px; text-align: center; }
    .number { font-size: 96px; font-weight: 700; }
  `;

  private token = location.pathname.split('/').pop() ?? '';
  private live = new LiveState({ namespace: '/display' });
  @state() private view: TicketView | null = null;
  @state() private error: string | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.live.subscribe(() => void this.load());
  }

  private async load() {
    const r = (await (await fetch(`/api/tickets/${encodeURIComponent(this.token)}`)).json()) as Result<TicketView>;
    if (r.ok) this.view = r;
    else this.error = r.error.message;
  }

  override render() {
    if (this.error) return html`<p role="alert">${this.error}</p>`;
    const v = this.view;
    if (!v) return html`<p>Đang tải…</p>`;
    return html`
      <div class="number">${v.ticket.number}</div>
      <p>${v.service?.name.vi}</p>
      ${v.counter && v.ticket.state === 'called'
        ? html`<h1>Mời bạn đến quầy số ${v.counter.number}</h1>`
        : html`<p>Số người chờ trước bạn: <strong data-testid="ahead">${v.ahead}</strong></p>`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-ticket-page': LuotTicketPage;
  }
}
