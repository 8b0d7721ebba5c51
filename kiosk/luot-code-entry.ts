// A code typed on a big on-screen keypad, read by a USB/serial scanner that types, or read by
// the kiosk's camera: one `code` event whichever way it came. Used for result pickup (file
// codes) and booking check-in (6-digit codes). The rules are in code-scanner.ts.
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { CODE_ENTRY_STRINGS } from './code-entry-strings.js';
import { MODES, WedgeDetector, extractCode, makeFrameDecoder, type CodeMode, type FrameDecoder } from './code-scanner.js';
import type { Lang } from './strings.js';
import { keypadStyles } from './keypad-styles.js';
import { kioskBase } from './styles.js';

export interface CodeDetail {
  code: string;
  source: 'keypad' | 'scanner' | 'camera';
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const DIGIT_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
/** How often a camera frame is decoded: enough for a held receipt, light on the kiosk's CPU. */
const FRAME_MS = 150;

@customElement('luot-code-entry')
export class LuotCodeEntry extends LitElement {
  static override styles = [
    kioskBase,
    keypadStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 20px;
        align-items: stretch;
        max-width: 1100px;
        width: 100%;
        margin: 0 auto;
      }
      h2 {
        margin: 0;
        font-size: 42px;
      }
      .hint {
        margin: 0;
        font-size: 28px;
        color: var(--k-muted);
      }
      .value {
        min-height: 96px;
        padding: 12px 28px;
        border: 4px solid var(--k-blue);
        border-radius: 18px;
        background: #fff;
        font-size: 56px;
        font-weight: 700;
        letter-spacing: 0.04em;
        font-variant-numeric: tabular-nums;
        word-break: break-all;
        display: flex;
        align-items: center;
      }
      .value .placeholder {
        color: #8a94a6;
        font-size: 36px;
        font-weight: 500;
        letter-spacing: 0;
      }
      .keys.letters {
        grid-template-columns: repeat(7, 1fr);
      }
      .keys button.toggle {
        background: #fff;
      }
      .actions {
        display: flex;
        gap: 20px;
        flex-wrap: wrap;
      }
      .actions button {
        flex: 1;
        min-height: 96px;
        padding: 0 28px;
        font-weight: 700;
        border: 4px solid var(--k-blue);
        background: #fff;
        color: var(--k-blue);
      }
      .actions button.ok {
        background: var(--k-blue);
        color: #fff;
        font-size: 36px;
      }
      .actions button[disabled] {
        opacity: 0.5;
      }
      video {
        width: 100%;
        max-height: 40vh;
        border-radius: 18px;
        background: #000;
        object-fit: contain;
      }
    `,
  ];

  @property() mode: CodeMode = 'fileCode';
  @property() language: Lang = 'vi';
  /** Replaces the default title (e.g. the screen's own question). */
  @property() heading = '';
  /** Offer the camera (where the kiosk has one). */
  @property({ type: Boolean }) camera = false;
  /** A request for the last code is in flight: no second one. */
  @property({ type: Boolean }) busy = false;
  /** A fresh object per message, shown under the value (the caller's answer to a code). */
  @property({ attribute: false }) error: { text: string } | null = null;

  @state() private value = '';
  @state() private letters = false;
  @state() private message = '';
  @state() private scanning = false;
  @query('video') private video?: HTMLVideoElement;

  private wedge = new WedgeDetector();
  private stream: MediaStream | null = null;
  private frameTimer: ReturnType<typeof setTimeout> | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    // On the window: a scanner types into whatever has focus, and a citizen touches nothing first.
    window.addEventListener('keydown', this.onKey, { capture: true });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onKey, { capture: true });
    this.stopCamera();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('error')) this.message = this.error?.text ?? '';
    if (changed.has('mode')) {
      this.value = '';
      this.letters = false;
    }
  }

  /** Clears the entry (after the caller handled a code, for the next citizen). */
  reset(): void {
    this.value = '';
    this.message = '';
    this.letters = false;
    this.wedge.reset();
  }

  private get rules() {
    return MODES[this.mode];
  }

  private press(ch: string): void {
    const c = ch.toUpperCase();
    if (!this.rules.accepts(c) || this.value.length >= this.rules.maxLength) return;
    this.value += c;
    this.message = '';
  }

  private emit(code: string, source: CodeDetail['source']): void {
    if (this.busy) return;
    this.dispatchEvent(new CustomEvent<CodeDetail>('code', { detail: { code, source }, bubbles: true, composed: true }));
  }

  private submit(): void {
    const code = this.rules.finish(this.value);
    if (code) this.emit(code, 'keypad');
  }

  /** A reading from the scanner or the camera: shown, then sent, or refused plainly. */
  private scanned(raw: string, source: 'scanner' | 'camera'): void {
    const code = extractCode(raw, this.mode);
    if (!code) {
      this.message = CODE_ENTRY_STRINGS[this.language].unreadable;
      return;
    }
    this.value = code;
    this.message = '';
    this.emit(code, source);
  }

  private onKey = (e: KeyboardEvent): void => {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    const r = this.wedge.feed(e.key, e.timeStamp);
    switch (r.kind) {
      case 'char':
        this.press(r.ch);
        break;
      case 'backspace':
        this.value = this.value.slice(0, -1);
        break;
      case 'enter':
        this.submit();
        break;
      case 'scan':
        this.scanned(r.raw, 'scanner');
        break;
      case 'ignore':
        if (e.key === 'Escape') this.cancel();
        return;
    }
    // The keys are ours: no button under the focus is clicked by Enter, nothing scrolls.
    e.preventDefault();
  };

  private cancel(): void {
    this.stopCamera();
    this.dispatchEvent(new CustomEvent('cancel', { bubbles: true, composed: true }));
  }

  // ── the camera ────────────────────────────────────────────────────────

  private async startCamera(): Promise<void> {
    const t = CODE_ENTRY_STRINGS[this.language];
    try {
      const [stream, decoder] = await Promise.all([
        navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }),
        makeFrameDecoder(),
      ]);
      this.stream = stream;
      this.scanning = true;
      this.message = '';
      await this.updateComplete;
      const video = this.video!;
      video.srcObject = stream;
      await video.play();
      this.loop(video, decoder.decode, decoder.native);
    } catch {
      this.stopCamera();
      this.message = t.cameraFailed;
    }
  }

  private loop(video: HTMLVideoElement, decode: FrameDecoder, native: boolean): void {
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const tick = async (): Promise<void> => {
      if (!this.stream) return;
      let raw: string | null = null;
      if (video.videoWidth > 0) {
        if (native) raw = await decode(video);
        else if (ctx) {
          canvas.width = video.videoWidth;
          canvas.height = video.videoHeight;
          ctx.drawImage(video, 0, 0);
          raw = await decode(ctx.getImageData(0, 0, canvas.width, canvas.height));
        }
      }
      if (!this.stream) return;
      if (raw && extractCode(raw, this.mode)) {
        this.stopCamera();
        this.scanned(raw, 'camera');
        return;
      }
      this.frameTimer = setTimeout(() => void tick(), FRAME_MS);
    };
    void tick();
  }

  private stopCamera(): void {
    if (this.frameTimer) clearTimeout(this.frameTimer);
    this.frameTimer = null;
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
    this.scanning = false;
  }

  // ── rendering ─────────────────────────────────────────────────────────

  private renderKeys() {
    const t = CODE_ENTRY_STRINGS[this.language];
    const erase = html`<button class="small" data-testid="code-erase" @click=${() => (this.value = this.value.slice(0, -1))}>${t.erase}</button>`;
    if (this.mode === 'digits') {
      return html`<div class="keys">
        ${DIGIT_KEYS.map((d) => html`<button data-key=${d} @click=${() => this.press(d)}>${d}</button>`)}
        ${erase}
        <button data-key="0" @click=${() => this.press('0')}>0</button>
        <button class="small" data-testid="code-clear" @click=${() => (this.value = '')}>${t.clear}</button>
      </div>`;
    }
    if (this.letters) {
      return html`<div class="keys letters">
        ${LETTERS.map((l) => html`<button data-key=${l} @click=${() => this.press(l)}>${l}</button>`)}
        <button class="small toggle" data-testid="code-digits" @click=${() => (this.letters = false)}>${t.digits}</button>
        ${erase}
      </div>`;
    }
    return html`<div class="keys">
      ${DIGIT_KEYS.map((d) => html`<button data-key=${d} @click=${() => this.press(d)}>${d}</button>`)}
      <button data-key="." aria-label="." @click=${() => this.press('.')}>.</button>
      <button data-key="0" @click=${() => this.press('0')}>0</button>
      <button data-key="-" aria-label="-" @click=${() => this.press('-')}>-</button>
      <button class="small toggle" data-testid="code-letters" @click=${() => (this.letters = true)}>${t.letters}</button>
      ${erase}
      <button class="small" data-testid="code-clear" @click=${() => (this.value = '')}>${t.clear}</button>
    </div>`;
  }

  override render() {
    const t = CODE_ENTRY_STRINGS[this.language];
    const ready = this.rules.finish(this.value) !== null;
    const hasCamera = this.camera && typeof navigator.mediaDevices?.getUserMedia === 'function';
    return html`
      <h2 id="code-title">${this.heading || (this.mode === 'digits' ? t.digitsTitle : t.fileCodeTitle)}</h2>
      <p class="hint">${this.scanning ? t.cameraHint : t.scanHint}</p>
      <div class="value" role="status" aria-labelledby="code-title" data-testid="code-value" data-value=${this.value}>
        ${this.value || html`<span class="placeholder">${t.empty}</span>`}
      </div>
      <p class="error" role="alert" data-testid="code-error">${this.message}</p>
      ${this.scanning ? html`<video muted playsinline data-testid="code-video"></video>` : this.renderKeys()}
      <div class="actions">
        <button data-testid="code-cancel" @click=${this.cancel}>${t.cancel}</button>
        ${hasCamera
          ? html`<button data-testid="code-camera" @click=${() => (this.scanning ? this.stopCamera() : void this.startCamera())}>
              ${this.scanning ? t.cameraStop : t.camera}
            </button>`
          : null}
        <button class="ok" data-testid="code-ok" ?disabled=${!ready || this.busy} @click=${this.submit}>${t.ok}</button>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-code-entry': LuotCodeEntry;
  }
}
