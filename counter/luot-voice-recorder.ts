// Cài đặt → Giọng đọc: a staff member records the office's voice, clip by clip, in the browser.
// Capture only here (getUserMedia + MediaRecorder); the cut, the loudness and the WAV are
// voice-record.ts; the preview is the display's own Announcer, fed the unsaved takes.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Announcer, clipUrl } from '../display/announcer.js';
import { officeReading } from '../shared/provinces.js';
import { recordableClips, type OfficeVoice, type RecordableClip } from '../shared/voice-clips.js';
import { DEFAULT_ANNOUNCEMENT_TEMPLATE, DEFAULT_RECALL_TEMPLATE, announcementClips } from '../shared/voice.js';
import type { ApiClient } from './api.js';
import { LangController } from './controllers.js';
import { t } from './strings.js';
import { base } from './styles.js';
import { apiMessage } from './validation.js';
import { encodeWav, mixDown, prepareTake } from './voice-record.js';
import './luot-clip-upload.js';
import './luot-confirm-button.js';
import { saveFile } from './save-file.js';

/** Takes are decoded at this rate: plenty for speech, half the bytes of the microphone's 48 kHz. */
const TAKE_RATE = 24_000;
/** A clip is one word or phrase: a take left running stops by itself. */
const MAX_TAKE_MS = 10_000;

interface Take {
  wav: Uint8Array;
  url: string;
  seconds: number;
  lead: number;
  levelDb: number;
}

declare global {
  interface Window {
    /** Test hook: each take as prepared (seconds cut before the voice, length and level kept). */
    __luotVoiceTakes?: { name: string; lead: number; seconds: number; levelDb: number }[];
  }
}

type Phase = 'idle' | 'starting' | 'recording' | 'processing';

@customElement('luot-voice-recorder')
export class LuotVoiceRecorder extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      section { border: 1px solid var(--line); border-radius: 8px; padding: 1rem; margin-bottom: 1rem; }
      h2 { font-size: 1.2rem; margin: 0 0 0.5rem; }
      .phrase { font-size: clamp(2rem, 6vw, 3.4rem); font-weight: 700; line-height: 1.2; margin: 0.4rem 0 0.8rem; }
      .big { font-size: 1.25rem; padding: 0.8rem 1.4rem; min-height: 3.2rem; }
      .row { display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: center; margin: 0.5rem 0; }
      .rec { background: #c8102e; color: #fff; border-color: #c8102e; }
      .rec:hover:not([disabled]) { background: #a00d25; }
      .chips { display: flex; flex-wrap: wrap; gap: 0.3rem; margin: 0.6rem 0 0; padding: 0; list-style: none; }
      .chips button { padding: 0.25rem 0.55rem; font-size: 0.95rem; }
      .chips .take { border-color: var(--luot-ok); }
      .chips .own { border-style: dashed; border-color: var(--luot-ok); }
      .chips [aria-current='true'] { outline: 3px solid var(--luot-primary); }
      .field { display: inline-flex; flex-direction: column; gap: 0.2rem; }
      input { font-size: 1.2rem; width: 8rem; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) api!: ApiClient;
  /** The office's templates, reading and counter names: what decides the clips to record. */
  @state() private voice: Required<OfficeVoice> = {
    template: DEFAULT_ANNOUNCEMENT_TEMPLATE, recallTemplate: DEFAULT_RECALL_TEMPLATE, reading: 'north', counterNames: [],
  };
  @state() private clips: RecordableClip[] = [];
  @state() private index = 0;
  @state() private takes = new Map<string, Take>();
  /** Clips the office already has on the server. */
  @state() private own = new Set<string>();
  @state() private phase: Phase = 'idle';
  @state() private message: { kind: 'alert' | 'notice'; text: string } | null = null;
  @state() private saving: { done: number; n: number } | null = null;
  @state() private previewNumber = 'A015';
  @state() private previewCounter = 3;
  /** Counter names by number, for a template that says `{counterName}`. */
  private counterNames = new Map<number, string>();
  /** The server's clip set version: what the preview fetches the office's clips under. */
  private version = '';
  private recorder: MediaRecorder | null = null;
  private stream: MediaStream | null = null;
  private stopTimer: ReturnType<typeof setTimeout> | undefined;
  private preview: Announcer | null = null;
  private previewRun = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    window.__luotVoiceTakes ??= [];
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.stopTimer);
    this.recorder?.state === 'recording' && this.recorder.stop();
    this.releaseMic();
    for (const take of this.takes.values()) URL.revokeObjectURL(take.url);
  }

  /** The microphone needs a secure context: https, or http://localhost on the server itself. */
  private get micAvailable(): boolean {
    return window.isSecureContext && !!navigator.mediaDevices?.getUserMedia && typeof MediaRecorder !== 'undefined';
  }

  private async load() {
    const [settings, counters, clips] = await Promise.all([this.api.settings(), this.api.counters(), this.api.clips()]);
    if (settings.ok) {
      const s = settings.settings;
      this.voice = {
        template: s.announcementTemplate || DEFAULT_ANNOUNCEMENT_TEMPLATE,
        recallTemplate: s.recallTemplate || DEFAULT_RECALL_TEMPLATE,
        reading: officeReading(s.numberReading ?? 'auto', s.province ?? null),
        counterNames: counters.ok ? counters.counters.map((c) => c.label.vi) : [],
      };
    }
    if (counters.ok) this.counterNames = new Map(counters.counters.map((c) => [c.number, c.label.vi]));
    this.clips = recordableClips(this.voice);
    if (clips.ok) {
      this.own = new Set(clips.clips.map((c) => c.name));
      this.version = clips.version;
    }
  }

  private get current(): RecordableClip | undefined {
    return this.clips[this.index];
  }

  private async record() {
    if (!this.micAvailable || this.phase !== 'idle') return;
    this.message = null;
    this.phase = 'starting';
    try {
      // The room's sound as it is: the browser's voice processing would pump the level and
      // cut word endings, and the loudness is matched afterwards anyway.
      this.stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 },
      });
    } catch (e) {
      this.phase = 'idle';
      this.message = { kind: 'alert', text: t('vrMicDenied', { reason: (e as Error).message || (e as Error).name }) };
      return;
    }
    const chunks: Blob[] = [];
    const recorder = new MediaRecorder(this.stream);
    this.recorder = recorder;
    recorder.ondataavailable = (e) => e.data.size && chunks.push(e.data);
    const name = this.current!.name;
    recorder.onstop = () => void this.finish(name, new Blob(chunks, { type: recorder.mimeType }));
    recorder.start();
    this.phase = 'recording';
    this.stopTimer = setTimeout(() => this.stop(), MAX_TAKE_MS);
  }

  private stop() {
    clearTimeout(this.stopTimer);
    if (this.recorder?.state !== 'recording') return;
    this.phase = 'processing';
    this.recorder.stop();
  }

  private releaseMic() {
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
  }

  private async finish(name: string, blob: Blob) {
    this.releaseMic();
    this.recorder = null;
    try {
      // An offline context decodes (and resamples) without opening the audio output.
      const ctx = new OfflineAudioContext(1, 1, TAKE_RATE);
      const decoded = await ctx.decodeAudioData(await blob.arrayBuffer());
      const channels = Array.from({ length: decoded.numberOfChannels }, (_, i) => decoded.getChannelData(i));
      const prepared = prepareTake(mixDown(channels), decoded.sampleRate);
      if (!prepared) {
        this.message = { kind: 'alert', text: t('vrNoVoice') };
        return;
      }
      const wav = encodeWav(prepared.samples, decoded.sampleRate);
      const seconds = prepared.samples.length / decoded.sampleRate;
      const old = this.takes.get(name);
      if (old) URL.revokeObjectURL(old.url);
      const url = URL.createObjectURL(new Blob([wav as BlobPart], { type: 'audio/wav' }));
      this.takes = new Map(this.takes).set(name, { wav, url, seconds, lead: prepared.lead, levelDb: prepared.levelDb });
      window.__luotVoiceTakes!.push({ name, lead: prepared.lead, seconds, levelDb: prepared.levelDb });
      this.message = { kind: 'notice', text: t('vrTakeOk', { s: seconds.toFixed(1) }) };
    } catch (e) {
      this.message = { kind: 'alert', text: t('vrMicDenied', { reason: (e as Error).message }) };
    } finally {
      this.phase = 'idle';
    }
  }

  private listen(name: string) {
    const take = this.takes.get(name);
    void new Audio(take ? take.url : clipUrl(name, this.version)).play().catch(() => undefined);
  }

  private go(i: number) {
    if (this.phase !== 'idle') return;
    this.index = Math.max(0, Math.min(this.clips.length - 1, i));
    this.message = null;
  }

  /** The clips of the preview announcement that neither a take nor the office's set has. */
  private previewMissing(): string[] {
    const names = announcementClips(this.voice.template, this.previewNumber, this.previewCounter, this.previewOptions()).filter((c) => c !== 'chime');
    return [...new Set(names)].filter((n) => !this.takes.has(n) && !this.own.has(n));
  }

  private previewOptions() {
    const counterName = this.counterNames.get(this.previewCounter);
    return { reading: this.voice.reading, ...(counterName ? { counterName } : {}) };
  }

  private async playPreview() {
    // The display's own joiner: what the hall will hear, with the unsaved takes in place.
    this.preview ??= new Announcer(async (name) => {
      const take = this.takes.get(name);
      if (take) return take.wav.slice().buffer;
      const res = await fetch(clipUrl(name, this.version));
      return res.ok ? res.arrayBuffer() : null;
    });
    this.preview.settings = { ...this.preview.settings, template: this.voice.template, reading: this.voice.reading, mode: 'clips', volume: 1, repeat: 1 };
    // A new run drops the clips the previous preview decoded: a take may have been redone since.
    this.preview.useVoice(`preview-${++this.previewRun}`);
    await this.preview.unlock();
    this.preview.enqueue({ rev: this.previewRun, number: this.previewNumber, counter: this.previewCounter, recall: false, ...this.previewOptions() });
  }

  private async save() {
    const entries = [...this.takes.entries()];
    if (!entries.length) return;
    this.saving = { done: 0, n: entries.length };
    this.message = null;
    // One at a time: the office PC is also serving the queue.
    for (const [name, take] of entries) {
      const r = await this.api.uploadClip(name, new Blob([take.wav as BlobPart], { type: 'audio/wav' }), 'audio/wav');
      if (!r.ok) {
        this.message = { kind: 'alert', text: t('vrSaveFailed', { clip: this.clips.find((c) => c.name === name)?.text ?? name, error: apiMessage(r.error) }) };
        this.saving = null;
        return;
      }
      URL.revokeObjectURL(take.url);
      const takes = new Map(this.takes);
      takes.delete(name);
      this.takes = takes;
      this.own = new Set(this.own).add(name);
      this.saving = { done: this.saving.done + 1, n: entries.length };
    }
    this.saving = null;
    this.message = { kind: 'notice', text: t('vrSaved', { n: entries.length }) };
    const clips = await this.api.clips();
    if (clips.ok) this.version = clips.version;
  }

  private async download() {
    if (!this.own.size) {
      this.message = { kind: 'notice', text: t('vrDownloadNone') };
      return;
    }
    const r = await this.api.clipsZip();
    if (!r.ok) {
      this.message = { kind: 'alert', text: apiMessage(r.error) };
      return;
    }
    saveFile({ blob: r.blob, filename: 'luot-giong-doc.zip' });
  }

  private async reset() {
    const r = await this.api.resetClips();
    if (!r.ok) {
      this.message = { kind: 'alert', text: apiMessage(r.error) };
      return;
    }
    this.own = new Set();
    this.version = r.version;
    this.message = { kind: 'notice', text: t('vrResetDone', { n: r.removed }) };
  }

  private renderInsecure() {
    const local = `http://localhost${location.port ? `:${location.port}` : ''}${location.pathname}`;
    return html`<div class="alert" role="alert" data-testid="voice-insecure">
      <strong>${t('vrInsecureTitle')}</strong>
      <p>${t('vrInsecure', { origin: location.origin, local })}</p>
    </div>`;
  }

  private renderRecorder() {
    const clip = this.current;
    if (!clip) return nothing;
    const take = this.takes.get(clip.name);
    const busy = this.phase !== 'idle';
    const status = this.phase === 'starting' ? t('vrStarting') : this.phase === 'recording' ? t('vrRecording') : this.phase === 'processing' ? t('vrProcessing') : '';
    return html`
      <p class="muted">${t('vrClipOf', { i: this.index + 1, n: this.clips.length })} · <code>${clip.name}</code> ·
        ${take ? t('vrTakeOk', { s: take.seconds.toFixed(1) }) : this.own.has(clip.name) ? t('vrOwn') : t('vrBundled')}</p>
      <p>${t('vrSay')}</p>
      <p class="phrase" lang="vi" data-testid="voice-phrase">${clip.text}</p>
      <div class="row">
        ${this.phase === 'recording'
          ? html`<button class="big rec" data-testid="voice-stop" @click=${() => this.stop()}>■ ${t('vrStop')}</button>`
          : html`<button class="big rec" data-testid="voice-record" ?disabled=${busy} @click=${() => void this.record()}>● ${take ? t('vrRedo') : t('vrRecord')}</button>`}
        <button class="big" ?disabled=${busy} @click=${() => this.listen(clip.name)}>▶ ${t('vrListen')}</button>
        <button class="big" ?disabled=${busy} data-testid="voice-next" @click=${() => this.go(this.index + 1)}>${take ? t('vrNext') : t('vrSkip')} →</button>
        <button ?disabled=${busy || this.index === 0} @click=${() => this.go(this.index - 1)}>← ${t('vrPrev')}</button>
      </div>
      ${status ? html`<p role="status" data-testid="voice-status">${status}</p>` : nothing}
    `;
  }

  override render() {
    const missing = this.clips.filter((c) => !this.takes.has(c.name) && !this.own.has(c.name));
    const previewMissing = this.previewMissing();
    const textOf = (name: string) => this.clips.find((c) => c.name === name)?.text ?? name;
    return html`
      <section>
        <h2>${t('vrTitle')}</h2>
        <p class="hint muted">${t('vrIntro')}</p>
        ${this.micAvailable ? this.renderRecorder() : this.renderInsecure()}
        ${this.message ? html`<p class=${this.message.kind} role=${this.message.kind === 'alert' ? 'alert' : 'status'} data-testid="voice-message">${this.message.text}</p>` : nothing}
        <ul class="chips" aria-label=${t('vrMissing', { n: missing.length })}>
          ${this.clips.map(
            (c, i) => html`<li><button lang="vi" class=${this.takes.has(c.name) ? 'take' : this.own.has(c.name) ? 'own' : ''}
              aria-current=${i === this.index ? 'true' : 'false'} ?disabled=${this.phase !== 'idle'} @click=${() => this.go(i)}
              title=${c.name}>${this.takes.has(c.name) || this.own.has(c.name) ? '✓ ' : ''}${c.text}</button></li>`,
          )}
        </ul>
        <p data-testid="voice-missing">${missing.length ? t('vrMissing', { n: missing.length }) : t('vrNoneMissing')}</p>
      </section>
      <section>
        <h2>${t('vrPreviewTitle')}</h2>
        <div class="row">
          <label class="field">${t('vrPreviewNumber')}
            <input data-testid="voice-preview-number" .value=${this.previewNumber} maxlength="8"
              @input=${(e: Event) => (this.previewNumber = (e.target as HTMLInputElement).value.trim().toUpperCase())} /></label>
          <label class="field">${t('vrPreviewCounter')}
            <input type="number" min="1" max="999" .value=${String(this.previewCounter)}
              @input=${(e: Event) => (this.previewCounter = Math.max(1, Number((e.target as HTMLInputElement).value) || 1))} /></label>
          <button class="big" data-testid="voice-preview" @click=${() => void this.playPreview()}>▶ ${t('vrPreview')}</button>
        </div>
        <p data-testid="voice-preview-missing">${previewMissing.length
          ? t('vrPreviewMissing', { n: previewMissing.length, list: previewMissing.map(textOf).join(', ') })
          : t('vrPreviewAllOwn')}</p>
      </section>
      <section>
        <div class="row">
          <button class="big primary" data-testid="voice-save" ?disabled=${!this.takes.size || !!this.saving || this.phase !== 'idle'}
            @click=${() => void this.save()}>${this.saving ? t('vrSaving', this.saving) : t('vrSave', { n: this.takes.size })}</button>
          <button class="big" data-testid="voice-download" @click=${() => void this.download()}>${t('vrDownload')}</button>
          <luot-confirm-button .label=${t('vrReset')} .confirmLabel=${t('vrResetConfirm')} ?disabled=${!this.own.size}
            @confirm=${() => void this.reset()}></luot-confirm-button>
        </div>
        ${this.takes.size ? html`<p class="muted">${t('vrUnsaved', { n: this.takes.size })}</p>` : nothing}
      </section>
      <section>
        <h2>${t('vrUploadTitle')}</h2>
        <luot-clip-upload .api=${this.api} @clips-changed=${() => void this.load()}></luot-clip-upload>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-voice-recorder': LuotVoiceRecorder;
  }
}
