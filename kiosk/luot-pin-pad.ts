// An on-screen PIN pad for staff (the kiosk has no keyboard). The PIN itself is checked by the
// server; this only collects the digits.
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { STAFF_STRINGS } from './staff-strings.js';
import type { Lang } from './strings.js';
import { keypadStyles } from './keypad-styles.js';
import { kioskBase } from './styles.js';

export interface PinDetail {
  pin: string;
}

const MAX_DIGITS = 8;

@customElement('luot-pin-pad')
export class LuotPinPad extends LitElement {
  static override styles = [
    kioskBase,
    keypadStyles,
    css`
      :host {
        position: fixed;
        inset: 0;
        z-index: 60;
        display: grid;
        place-items: center;
        background: rgba(10, 20, 38, 0.8);
      }
      .pad {
        width: min(640px, 92vw);
        padding: 40px;
        border-radius: 28px;
        background: #fff;
        display: flex;
        flex-direction: column;
        gap: 24px;
      }
      h2 {
        margin: 0;
        font-size: 40px;
        text-align: center;
      }
      .dots {
        display: flex;
        justify-content: center;
        gap: 18px;
        min-height: 48px;
        align-items: center;
      }
      .dot {
        width: 28px;
        height: 28px;
        border-radius: 50%;
        background: var(--k-ink);
      }
      .empty {
        width: 28px;
        height: 28px;
        border-radius: 50%;
        border: 3px solid #8a94a6;
        box-sizing: border-box;
      }
      .error {
        text-align: center;
      }
      .keys button.ok {
        background: var(--k-blue);
        color: #fff;
      }
      .keys button[disabled] {
        opacity: 0.55;
      }
      .cancel {
        border: 3px solid var(--k-muted);
        background: #fff;
        color: var(--k-ink);
        font-weight: 600;
      }
    `,
  ];

  @property() language: Lang = 'vi';
  /** A fresh object per failed attempt, so that the same message twice still clears the digits. */
  @property({ attribute: false }) error: { text: string } | null = null;
  @property({ type: Boolean }) checking = false;
  @state() private pin = '';

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('error') && this.error) this.pin = '';
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true });
  }

  private press(d: string): void {
    if (this.pin.length < MAX_DIGITS) this.pin += d;
  }

  private submit(): void {
    if (this.pin.length < 4 || this.checking) return;
    this.dispatchEvent(new CustomEvent<PinDetail>('submit', { detail: { pin: this.pin }, bubbles: true, composed: true }));
  }

  private onKey = (e: KeyboardEvent): void => {
    // A staff member with a USB keyboard may type the PIN as well.
    if (/^\d$/.test(e.key)) this.press(e.key);
    else if (e.key === 'Backspace') this.pin = this.pin.slice(0, -1);
    else if (e.key === 'Enter') this.submit();
    else if (e.key === 'Escape') this.cancel();
  };

  private cancel(): void {
    this.dispatchEvent(new CustomEvent('cancel', { bubbles: true, composed: true }));
  }

  override render() {
    const t = STAFF_STRINGS[this.language];
    const digits = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
    return html`<div class="pad" role="dialog" aria-modal="true" aria-labelledby="pin-title" data-testid="pin-pad" @keydown=${this.onKey}>
      <h2 id="pin-title" tabindex="-1">${t.pinTitle}</h2>
      <div class="dots" role="status" aria-label=${`${t.pinLabel}: ${t.pinDigits(this.pin.length)}`} data-digits=${this.pin.length}>
        ${Array.from({ length: Math.max(4, this.pin.length) }, (_, i) =>
          html`<span class=${i < this.pin.length ? 'dot' : 'empty'} aria-hidden="true"></span>`,
        )}
      </div>
      <p class="error" role="alert" data-testid="pin-error">${this.checking ? t.checking : (this.error?.text ?? '')}</p>
      <div class="keys">
        ${digits.map((d) => html`<button data-digit=${d} @click=${() => this.press(d)}>${d}</button>`)}
        <button class="small" data-testid="pin-erase" @click=${() => (this.pin = this.pin.slice(0, -1))}>${t.erase}</button>
        <button data-digit="0" @click=${() => this.press('0')}>0</button>
        <button class="small ok" data-testid="pin-ok" ?disabled=${this.pin.length < 4 || this.checking} @click=${this.submit}>
          ${t.unlock}
        </button>
      </div>
      <button class="cancel" data-testid="pin-cancel" @click=${this.cancel}>${t.cancel}</button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-pin-pad': LuotPinPad;
  }
}
