// The installer's home page (`/`, and `/o/<slug>/` for each office of a province): every device's
// address with its QR code, the server's LAN addresses, printer and disk state, and the first-run
// checklist, all from GET /api/setup. Works with no internet: nothing is loaded from outside.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { SetupState } from '../../setup.js';
import { SetupClient } from './setup-client.js';
import { STRINGS, deviceName, type Lang } from './strings.js';
import './luot-home-checklist.js';
import './luot-home-device.js';

@customElement('luot-home-app')
export class LuotHomeApp extends LitElement {
  static override styles = css`
    :host { display: block; max-width: 72rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; font-size: 1.15rem; line-height: 1.45; }
    header { display: flex; justify-content: space-between; align-items: flex-start; gap: 1rem; }
    h1 { margin: 0; font-size: 2.1rem; }
    .office { margin: 0.2rem 0 0; font-size: 1.3rem; font-weight: 600; color: var(--luot-primary, #0b4f9c); }
    h2 { font-size: 1.5rem; margin: 2rem 0 0.8rem; }
    button { font: inherit; font-weight: 600; min-height: 3rem; padding: 0.5rem 1.1rem; border-radius: 10px; cursor: pointer;
      border: 2px solid var(--luot-primary, #0b4f9c); background: #fff; color: var(--luot-primary, #0b4f9c); }
    button[aria-pressed='true'] { background: var(--luot-primary, #0b4f9c); color: #fff; }
    .origins { display: flex; flex-wrap: wrap; gap: 0.6rem; }
    .devices { display: grid; grid-template-columns: repeat(auto-fill, minmax(26rem, 1fr)); gap: 1rem; }
    .status { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem; }
    .card { background: #fff; border: 2px solid #d5dbe5; border-radius: 12px; padding: 0.9rem 1.1rem; }
    .card b { display: block; font-size: 1.3rem; }
    .ok b { color: #17663a; }
    .bad { border-color: #b00020; }
    .bad b { color: #b00020; }
    .note, .offline { background: #fff4d6; color: #6b4a00; padding: 0.7rem 1rem; border-radius: 10px; }
    .offline { background: #b00020; color: #fff; font-weight: 700; }
    @media (max-width: 30rem) { .devices { grid-template-columns: 1fr; } }
  `;

  @state() private uiLang: Lang = 'vi';
  @state() private state: SetupState | null = null;
  @state() private connected = true;
  /** The origin the QR codes use: picked by the installer among the server's LAN addresses. */
  @state() private chosen: string | null = null;
  private client = new SetupClient(() => {
    this.state = this.client.state;
    this.connected = this.client.connected;
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.client.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.client.stop();
  }

  /**
   * The page's own origin when it was opened on a LAN address (it works from here, so it works for
   * the devices), else the server's first LAN address; with none (no network yet), the page's own.
   */
  private origin(s: SetupState): string {
    if (this.chosen && s.origins.includes(this.chosen)) return this.chosen;
    return s.origins.find((o) => o === location.origin) ?? s.origins[0] ?? location.origin;
  }

  private setLang(lang: Lang): void {
    this.uiLang = lang;
    document.documentElement.lang = lang;
  }

  override render() {
    const t = STRINGS[this.uiLang];
    const s = this.state;
    const other: Lang = this.uiLang === 'vi' ? 'en' : 'vi';
    return html`
      <header>
        <div>
          <h1>${t.title}</h1>
          ${s ? html`<p class="office" data-testid="office">${s.office.name[this.uiLang]}</p>` : nothing}
        </div>
        <button lang=${other} @click=${() => this.setLang(other)} data-testid="lang">${t.switchLabel}</button>
      </header>
      ${this.connected ? nothing : html`<p class="offline" role="alert">${t.offline}</p>`}
      ${s ? this.renderState(s) : nothing}
    `;
  }

  private renderState(s: SetupState) {
    const t = STRINGS[this.uiLang];
    const origin = this.origin(s);
    const printerOk = s.printer.status === 'ok';
    const diskOk = s.disk.status === 'ok';
    return html`
      <p>${t.intro}</p>
      <h2>${t.addresses}</h2>
      ${s.origins.length === 0
        ? html`<p class="note" data-testid="no-lan">${t.noLan}</p>`
        : html`<div class="origins" data-testid="origins">
            ${s.origins.map((o) => html`<button aria-pressed=${String(o === origin)} @click=${() => (this.chosen = o)}>${o}</button>`)}
          </div>`}
      <h2>${t.checklist}</h2>
      <luot-home-checklist .checklist=${s.checklist} .uiLang=${this.uiLang}></luot-home-checklist>
      <h2>${t.status}</h2>
      <div class="status">
        <div class="card ${printerOk ? 'ok' : 'bad'}" data-testid="printer" data-status=${s.printer.status}>
          ${t.printer}<b>${t.printerState[s.printer.status]}</b>${s.printer.message ?? ''}
        </div>
        <div class="card ${diskOk ? 'ok' : 'bad'}" data-testid="disk" data-status=${s.disk.status}>
          ${t.disk}<b>${diskOk ? t.diskOk : t.diskFailing}</b>
        </div>
      </div>
      <h2>${t.devices}</h2>
      <div class="devices">
        ${s.devices.map(
          (d) => html`<luot-home-device data-kind=${d.kind} name=${deviceName(d, this.uiLang)}
            hint=${t.deviceHint[d.kind]} url=${origin + d.path}></luot-home-device>`,
        )}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-home-app': LuotHomeApp;
  }
}
