// Uploads a voice clip pack: one request per file, named after the file (num-3.wav → "num-3"),
// or the files of a .zip another office downloaded from its Giọng đọc page.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { unzipSync } from 'fflate';
import type { ApiClient, Clip } from './api.js';
import { LangController } from './controllers.js';
import { t } from './strings.js';
import { base } from './styles.js';
import { apiMessage } from './validation.js';

const NAME = /^[a-z0-9-]{1,40}$/;
const TYPES: Record<string, string> = { wav: 'audio/wav', ogg: 'audio/ogg', mp3: 'audio/mpeg' };

interface Row {
  file: string;
  name: string;
  ok: boolean | null;
  text: string;
}

@customElement('luot-clip-upload')
export class LuotClipUpload extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      ul { margin: 0.4rem 0 0; padding-left: 1.1rem; font-size: 0.9rem; max-height: 12rem; overflow: auto; }
      .bad { color: var(--danger); }
      .good { color: var(--luot-ok); }
    `,
  ];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) api!: ApiClient;
  @state() private clips: Clip[] = [];
  @state() private rows: Row[] = [];
  @state() private busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  private async refresh() {
    const r = await this.api.clips();
    if (r.ok) this.clips = r.clips;
  }

  /** The chosen files, a zip's entries in its place (folders inside it ignored). */
  private async expand(chosen: File[]): Promise<File[]> {
    const out: File[] = [];
    for (const f of chosen) {
      if (!/\.zip$/i.test(f.name)) {
        out.push(f);
        continue;
      }
      const entries = unzipSync(new Uint8Array(await f.arrayBuffer()));
      for (const [path, bytes] of Object.entries(entries)) {
        const file = path.split('/').pop()!;
        if (file && !file.startsWith('.')) out.push(new File([bytes as BlobPart], file));
      }
    }
    return out;
  }

  private async upload(e: Event) {
    const input = e.target as HTMLInputElement;
    let files: File[];
    try {
      files = await this.expand([...(input.files ?? [])]);
    } catch {
      this.rows = [{ file: input.files?.[0]?.name ?? '', name: '', ok: false, text: t('clipBadType') }];
      return;
    }
    if (!files.length) return;
    this.busy = true;
    const rows: Row[] = files.map((f) => {
      const m = /^(.*)\.([a-z0-9]+)$/i.exec(f.name);
      const name = (m?.[1] ?? f.name).toLowerCase().replace(/[_\s]+/g, '-');
      const ext = (m?.[2] ?? '').toLowerCase();
      if (!TYPES[ext]) return { file: f.name, name, ok: false, text: t('clipBadType') };
      if (!NAME.test(name)) return { file: f.name, name, ok: false, text: t('clipBadName') };
      return { file: f.name, name, ok: null, text: '…' };
    });
    this.rows = rows;
    // One at a time: the office PC is also serving the queue.
    for (const [i, f] of files.entries()) {
      const row = rows[i]!;
      if (row.ok === false) continue;
      const ext = f.name.split('.').pop()!.toLowerCase();
      const r = await this.api.uploadClip(row.name, f, TYPES[ext]!);
      rows[i] = { ...row, ok: r.ok, text: r.ok ? t('clipDone') : apiMessage(r.error) };
      this.rows = [...rows];
    }
    this.busy = false;
    input.value = '';
    await this.refresh();
    // The recorder around it shows which clips the office has.
    this.dispatchEvent(new CustomEvent('clips-changed', { bubbles: true, composed: true }));
  }

  override render() {
    const done = this.rows.filter((r) => r.ok).length;
    return html`
      <p class="hint muted">${t('clipHint')}</p>
      <div class="field">
        <label for="clips">${t('clipChoose')}</label>
        <input id="clips" type="file" multiple accept=".wav,.ogg,.mp3,.zip,audio/wav,audio/ogg,audio/mpeg,application/zip" ?disabled=${this.busy}
          @change=${(e: Event) => void this.upload(e)} />
      </div>
      ${this.rows.length
        ? html`<p role="status">${t('clipProgress', { done, n: this.rows.length })}</p>
            <ul>
              ${this.rows.map((r) => html`<li class=${r.ok === false ? 'bad' : r.ok ? 'good' : ''}>${r.file} → <code>${r.name}</code>: ${r.text}</li>`)}
            </ul>`
        : nothing}
      <p>${t('clipStored', { n: this.clips.length })}${this.clips.length ? html`: <span class="muted">${this.clips.map((c) => c.name).join(', ')}</span>` : nothing}</p>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-clip-upload': LuotClipUpload;
  }
}
