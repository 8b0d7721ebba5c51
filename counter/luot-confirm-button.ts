// A destructive action asks once more on the same button instead of a blocking confirm().
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { base } from './styles.js';

@customElement('luot-confirm-button')
export class LuotConfirmButton extends LitElement {
  static override styles = [base, css`:host { display: inline-block; }`];

  @property() label = '';
  @property() confirmLabel = '';
  /** The accessible name while not armed, when the visible label is too short to say what it acts on. */
  @property() describe = '';
  @property({ type: Boolean }) disabled = false;
  @property({ type: Boolean }) small = false;
  @state() private armed = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.timer) clearTimeout(this.timer);
  }

  private onClick() {
    if (!this.armed) {
      this.armed = true;
      this.timer = setTimeout(() => (this.armed = false), 5000);
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.armed = false;
    this.dispatchEvent(new CustomEvent('confirm'));
  }

  override render() {
    const cls = `danger ${this.armed ? 'primary' : ''} ${this.small ? 'small' : ''}`;
    return html`<button class=${cls} ?disabled=${this.disabled} @click=${this.onClick}
      aria-label=${this.armed ? this.confirmLabel : this.describe || this.label}>${this.armed ? this.confirmLabel : this.label}</button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-confirm-button': LuotConfirmButton;
  }
}
