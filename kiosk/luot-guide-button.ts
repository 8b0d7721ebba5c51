// "Nghe hướng dẫn": reads the screen's choices aloud (kiosk/guide.ts, loaded at the first press so
// the kiosk's start does not pay for it). Pressed again while reading, it stops.
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { GuideScreen } from './guide.js';
import { SPEAKER_ICON } from './icons.js';
import { STRINGS, type Lang } from './strings.js';
import { kioskBase } from './styles.js';

@customElement('luot-guide-button')
export class LuotGuideButton extends LitElement {
  static override styles = [
    kioskBase,
    css`
      :host {
        display: inline-block;
        flex: none;
      }
      button {
        display: inline-flex;
        align-items: center;
        justify-content: center;
        gap: 14px;
        min-height: 72px;
        padding: 8px 28px;
        border: 4px solid var(--k-blue);
        background: var(--k-blue);
        color: #fff;
        font-weight: 700;
      }
      button[data-reading] {
        background: #fff;
        color: var(--k-blue);
      }
    `,
  ];

  @property() language: Lang = 'vi';
  /** What is on screen now: read at the press. */
  @property({ attribute: false }) screen: GuideScreen = { kind: 'priority' };
  @state() private reading = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.reading) void import('./guide.js').then((g) => g.stopGuide());
  }

  private async press(): Promise<void> {
    const guide = await import('./guide.js');
    if (this.reading) {
      guide.stopGuide();
      return;
    }
    this.reading = true;
    try {
      await guide.speakGuide(this.screen, this.language);
    } finally {
      this.reading = false;
    }
  }

  override render() {
    const t = STRINGS[this.language];
    return html`<button data-testid="guide" ?data-reading=${this.reading} @click=${() => void this.press()}>
      ${SPEAKER_ICON}${this.reading ? t.guideStop : t.guide}
    </button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-guide-button': LuotGuideButton;
  }
}
