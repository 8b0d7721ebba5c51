// Office settings. Other parts of Lượt add settings of their own: every field GET returns is
// shown (known ones with a proper control, others by their type) and only changed fields are
// sent back, so that a save here never resets a setting this form does not know.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { PROVINCES } from '../shared/provinces.js';
import { settingsUpdateSchema } from '../shared/schemas.js';
import { PRINTER_TEXT_ENCODINGS, type PrinterTextMode, type PutBackSetting } from '../shared/types.js';
import type { ApiClient, SettingsRecord } from './api.js';
import { LangController } from './controllers.js';
import { t, type StringKey } from './strings.js';
import { base } from './styles.js';
import { apiMessage, check, errorFor, serverErrors, type FieldErrors } from './validation.js';
import './luot-put-back-field.js';

type Draft = Record<string, unknown>;

/** Fields this form lays out itself; anything else GET returns goes to "other settings". */
const KNOWN = new Set([
  'officeName', 'timeZone', 'publicBaseUrl', 'ticketFooter', 'announcementTemplate', 'announcementRepeat',
  'recallTemplate', 'numberReading', 'province',
  'ratingScale', 'priorityPolicy', 'defaultServeMin', 'kioskKey', 'kioskPin', 'printer', 'printerPaperWidth', 'printerTextMode',
  'kioskPinSet', 'kioskIssueBurst', 'kioskIssuePerMin',
  // Issue 13: its own tab (luot-booking-settings).
  'booking',
  // Issue 15: luot-put-back-field.
  'putBack',
]);
/** Labels for settings added by other parts of Lượt; unknown keys show their own name. */
const EXTRA_LABELS: Record<string, StringKey> = {
  displayTicker: 'sDisplayTicker',
  announcementVolume: 'sAnnouncementVolume',
  voiceMode: 'sVoiceMode',
};
/** Settings of other parts whose values are a fixed list (a free text box would invite typos). */
const EXTRA_CHOICES: Record<string, { value: string; label: StringKey }[]> = {
  voiceMode: [
    { value: 'clips', label: 'sVoiceClips' },
    { value: 'browser', label: 'sVoiceBrowser' },
  ],
};

const isLocalized = (v: unknown): v is { vi: string; en: string } =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).sort().join() === 'en,vi';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function timeZones(): string[] {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['Asia/Ho_Chi_Minh', 'Asia/Bangkok', 'UTC'];
  }
}

@customElement('luot-settings-office')
export class LuotSettingsOffice extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      form { display: grid; grid-template-columns: repeat(auto-fit, minmax(24rem, 1fr)); gap: 0.8rem; align-items: start; }
      fieldset { border: 1px solid var(--line); border-radius: 10px; background: #fff; padding: 0.6rem 1rem 0.9rem; margin: 0; display: grid; gap: 0.6rem; min-width: 0; }
      .volume { display: flex; gap: 0.6rem; align-items: center; }
      .volume input { flex: 1; }
      .volume output { min-width: 3.5rem; text-align: right; font-variant-numeric: tabular-nums; }
      legend { font-weight: 700; padding: 0 0.3rem; }
      .pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0.5rem; }
      .bar { grid-column: 1 / -1; display: flex; gap: 0.8rem; align-items: center; padding: 0.2rem 0; }
      textarea { font-family: ui-monospace, monospace; font-size: 0.9rem; }
      .check { display: flex; gap: 0.5rem; align-items: center; font-weight: 400; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) api!: ApiClient;
  @state() private original: SettingsRecord | null = null;
  @state() private draft: Draft = {};
  @state() private errors: FieldErrors = {};
  @state() private saved: string | null = null;
  @state() private busy = false;
  @state() private testResult: { ok: boolean; text: string } | null = null;
  /** Unknown settings edited as JSON keep the text being typed, valid or not. */
  @state() private jsonText: Record<string, string> = {};

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    const r = await this.api.settings();
    if (!r.ok) {
      this.errors = { _: apiMessage(r.error) };
      return;
    }
    this.original = r.settings;
    this.draft = structuredClone(r.settings) as Draft;
    this.jsonText = {};
  }

  private set(key: string, value: unknown) {
    this.draft = { ...this.draft, [key]: value };
    this.saved = null;
  }

  private changed(): Draft {
    const o = (this.original ?? {}) as Draft;
    return Object.fromEntries(Object.entries(this.draft).filter(([k, v]) => !same(v, o[k])));
  }

  private async save(e: SubmitEvent) {
    e.preventDefault();
    const patch = this.changed();
    if (Object.keys(this.jsonText).some((k) => this.errors[k])) return;
    const v = check(settingsUpdateSchema, patch);
    if (!v.ok) {
      this.errors = v.errors;
      this.saved = null;
      return;
    }
    this.errors = {};
    if (Object.keys(patch).length === 0) {
      this.saved = t('nothingChanged');
      return;
    }
    this.busy = true;
    // The parsed value would carry zod defaults for fields not sent; the raw patch does not.
    const r = await this.api.updateSettings(patch);
    this.busy = false;
    if (!r.ok) {
      this.errors = serverErrors(r.error);
      return;
    }
    this.original = r.settings;
    this.draft = structuredClone(r.settings) as Draft;
    this.jsonText = {};
    this.saved = t('savedLive');
  }

  private async testPrint() {
    this.testResult = null;
    const r = await this.api.printerTest();
    if (!r.ok) {
      this.testResult = { ok: false, text: apiMessage(r.error) };
      return;
    }
    const status = r.print.status;
    this.testResult = {
      ok: status === 'printed' || status === 'queued',
      text: `${t(`print_${status}` as StringKey)}${r.print.message ? ` — ${r.print.message}` : ''}`,
    };
  }

  // ── controls ──────────────────────────────────────────────────────

  private err(key: string) {
    const e = errorFor(this.errors, key);
    return e ? html`<span class="err" id="${key}-err">${e}</span>` : nothing;
  }

  private text(key: string, label: string, opts: { hint?: string; nullable?: boolean; list?: string; type?: string } = {}) {
    const v = this.draft[key];
    return html`<div class="field">
      <label for=${key}>${label}${opts.hint ? html` <span class="hint">${opts.hint}</span>` : nothing}</label>
      <input id=${key} type=${opts.type ?? 'text'} .value=${v === null || v === undefined ? '' : String(v)} list=${opts.list ?? nothing}
        aria-invalid=${errorFor(this.errors, key) ? 'true' : 'false'} aria-describedby="${key}-err"
        @input=${(e: InputEvent) => {
          const s = (e.target as HTMLInputElement).value;
          this.set(key, opts.nullable && s.trim() === '' ? null : s);
        }} />
      ${this.err(key)}
    </div>`;
  }

  private number(key: string, label: string, opts: { min?: number; max?: number; step?: number; hint?: string } = {}) {
    const v = this.draft[key];
    return html`<div class="field">
      <label for=${key}>${label}${opts.hint ? html` <span class="hint">${opts.hint}</span>` : nothing}</label>
      <input id=${key} type="number" min=${opts.min ?? nothing} max=${opts.max ?? nothing} step=${opts.step ?? 'any'}
        .value=${v === null || v === undefined || Number.isNaN(v) ? '' : String(v)}
        aria-invalid=${errorFor(this.errors, key) ? 'true' : 'false'} aria-describedby="${key}-err"
        @input=${(e: InputEvent) => {
          const s = (e.target as HTMLInputElement).value;
          this.set(key, s === '' ? undefined : Number(s));
        }} />
      ${this.err(key)}
    </div>`;
  }

  private localized(key: string, label: string) {
    const v = (this.draft[key] ?? { vi: '', en: '' }) as { vi: string; en: string };
    const input = (lang: 'vi' | 'en') => html`<div class="field">
      <label for="${key}-${lang}">${label} (${lang === 'vi' ? t('langVi') : t('langEn')})</label>
      <input id="${key}-${lang}" lang=${lang} .value=${v[lang] ?? ''}
        aria-invalid=${errorFor(this.errors, `${key}.${lang}`) ? 'true' : 'false'}
        @input=${(e: InputEvent) => this.set(key, { ...v, [lang]: (e.target as HTMLInputElement).value })} />
      ${errorFor(this.errors, `${key}.${lang}`) ? html`<span class="err">${errorFor(this.errors, `${key}.${lang}`)}</span>` : nothing}
    </div>`;
    return html`<div class="pair">${input('vi')}${input('en')}</div>`;
  }

  private choice(key: string, label: string, options: { value: string | number; label: string }[]) {
    const v = this.draft[key];
    return html`<div class="field">
      <label for=${key}>${label}</label>
      <select id=${key} @change=${(e: Event) => {
        const raw = (e.target as HTMLSelectElement).value;
        const opt = options.find((o) => String(o.value) === raw);
        this.set(key, opt ? opt.value : raw);
      }}>
        ${options.map((o) => html`<option value=${o.value} ?selected=${String(o.value) === String(v)}>${o.label}</option>`)}
      </select>
      ${this.err(key)}
    </div>`;
  }

  /** The office's province (2025 names): the number reading follows it unless set by hand. */
  private province() {
    const v = this.draft.province as string | null | undefined;
    return html`<div class="field">
      <label for="province">${t('sProvince')}</label>
      <select id="province" @change=${(e: Event) => this.set('province', (e.target as HTMLSelectElement).value || null)}>
        <option value="" ?selected=${!v}>${t('sProvinceNone')}</option>
        ${PROVINCES.map((p) => html`<option value=${p.id} ?selected=${p.id === v}>${p.name}</option>`)}
      </select>
      ${this.err('province')}
    </div>`;
  }

  /** Image (null) or text with a code page: one select, and the page number once text is chosen. */
  private textMode() {
    const v = this.draft.printerTextMode as PrinterTextMode | null;
    // Epson's numbers, the likeliest; the installer corrects them from the printer's manual.
    const defaultPage = { tcvn: 30, viscii: 30, windows1258: 52 } as const;
    return html`<div class="field">
        <label for="printerTextMode">${t('sPrintMode')} <span class="hint">${t('sPrintTextHint')}</span></label>
        <select id="printerTextMode" @change=${(e: Event) => {
          const enc = (e.target as HTMLSelectElement).value as PrinterTextMode['encoding'] | '';
          this.set('printerTextMode', enc ? { codePage: v?.codePage ?? defaultPage[enc], encoding: enc } : null);
        }}>
          <option value="" ?selected=${!v}>${t('sPrintImage')}</option>
          ${PRINTER_TEXT_ENCODINGS.map((enc) => html`<option value=${enc} ?selected=${v?.encoding === enc}>${t(`sPrintText_${enc}`)}</option>`)}
        </select>
        ${v ? nothing : this.err('printerTextMode')}
      </div>
      ${v
        ? html`<div class="field">
            <label for="printerCodePage">${t('sCodePage')} <span class="hint">${t('sCodePageHint')}</span></label>
            <input id="printerCodePage" type="number" min="0" max="255" step="1" .value=${String(v.codePage)}
              aria-invalid=${errorFor(this.errors, 'printerTextMode') ? 'true' : 'false'} aria-describedby="printerTextMode-err"
              @input=${(e: InputEvent) => {
                const s = (e.target as HTMLInputElement).value;
                this.set('printerTextMode', { ...v, codePage: s === '' ? undefined : Number(s) });
              }} />
            ${this.err('printerTextMode')}
          </div>`
        : nothing}`;
  }

  private extra(key: string) {
    const v = this.draft[key];
    const label = EXTRA_LABELS[key] ? t(EXTRA_LABELS[key]!) : key;
    if (isLocalized(v)) return this.localized(key, label);
    const choices = EXTRA_CHOICES[key];
    if (choices && typeof v === 'string') return this.choice(key, label, choices.map((c) => ({ value: c.value, label: t(c.label) })));
    if (key === 'announcementVolume' && typeof v === 'number') {
      return html`<div class="field">
        <label for=${key}>${label}</label>
        <div class="volume">
          <input id=${key} type="range" min="0" max="1" step="0.05" .value=${String(v)}
            @input=${(e: InputEvent) => this.set(key, Number((e.target as HTMLInputElement).value))} />
          <output for=${key}>${Math.round(v * 100)}%</output>
        </div>
        ${this.err(key)}
      </div>`;
    }
    if (typeof v === 'boolean') {
      return html`<label class="check"><input type="checkbox" .checked=${v} @change=${(e: Event) => this.set(key, (e.target as HTMLInputElement).checked)} />${label}</label>`;
    }
    if (typeof v === 'number') return this.number(key, label);
    if (typeof v === 'string' || v === null) return this.text(key, label, { nullable: v === null || (this.original as Draft | null)?.[key] === null });
    const text = this.jsonText[key] ?? JSON.stringify(v, null, 2);
    return html`<div class="field">
      <label for=${key}>${label} <span class="hint">JSON</span></label>
      <textarea id=${key} rows="4" .value=${text} aria-invalid=${this.errors[key] ? 'true' : 'false'}
        @input=${(e: InputEvent) => {
          const s = (e.target as HTMLTextAreaElement).value;
          this.jsonText = { ...this.jsonText, [key]: s };
          try {
            this.set(key, JSON.parse(s));
            const { [key]: _gone, ...rest } = this.errors;
            this.errors = rest;
          } catch {
            this.errors = { ...this.errors, [key]: t('vJson') };
          }
        }}></textarea>
      ${this.err(key)}
    </div>`;
  }

  override render() {
    if (!this.original) return this.errors._ ? html`<p class="alert" role="alert">${this.errors._}</p>` : html`<p class="muted">${t('loading')}</p>`;
    const d = this.draft;
    const policy = (d.priorityPolicy ?? { mode: 'strict' }) as { mode: 'strict' } | { mode: 'interleave'; every: number };
    const extras = Object.keys(d).filter((k) => !KNOWN.has(k));
    const dirty = Object.keys(this.changed()).length > 0;
    return html`<form @submit=${this.save} novalidate>
      <fieldset>
        <legend>${t('sGroupOffice')}</legend>
        ${this.localized('officeName', t('sOfficeName'))}
        ${this.text('timeZone', t('sTimeZone'), { list: 'zones' })}
        <datalist id="zones">${timeZones().map((z) => html`<option value=${z}></option>`)}</datalist>
        ${this.text('publicBaseUrl', t('sPublicBaseUrl'), { hint: t('sPublicBaseUrlHint'), nullable: true })}
      </fieldset>
      <fieldset>
        <legend>${t('sGroupTicket')}</legend>
        ${this.localized('ticketFooter', t('sTicketFooter'))}
        ${this.text('announcementTemplate', t('sAnnouncement'), { hint: t('sAnnouncementHint') })}
        ${'recallTemplate' in d ? this.text('recallTemplate', t('sRecall'), { hint: t('sRecallHint') }) : nothing}
        ${'numberReading' in d ? html`<div class="pair">
          ${this.choice('numberReading', t('sNumberReading'), [
            { value: 'auto', label: t('sReadingAuto') },
            { value: 'north', label: t('sReadingNorth') },
            { value: 'south', label: t('sReadingSouth') },
          ])}
          ${this.province()}
        </div>` : nothing}
        <div class="pair">
          ${this.choice('announcementRepeat', t('sRepeat'), [1, 2, 3].map((n) => ({ value: n, label: String(n) })))}
          ${this.choice('ratingScale', t('sRatingScale'), [
            { value: 3, label: t('sScale3') },
            { value: 5, label: t('sScale5') },
          ])}
        </div>
        <div class=${policy.mode === 'interleave' ? 'pair' : ''}>
          <div class="field">
            <label for="policy">${t('sPriority')}</label>
            <select id="policy" @change=${(e: Event) => {
              const mode = (e.target as HTMLSelectElement).value;
              this.set('priorityPolicy', mode === 'interleave' ? { mode, every: 'every' in policy ? policy.every : 3 } : { mode: 'strict' });
            }}>
              <option value="strict" ?selected=${policy.mode === 'strict'}>${t('sPriorityStrict')}</option>
              <option value="interleave" ?selected=${policy.mode === 'interleave'}>${t('sPriorityInterleave')}</option>
            </select>
          </div>
          ${policy.mode === 'interleave'
            ? html`<div class="field">
                <label for="every">${t('sPriorityEvery')}</label>
                <input id="every" type="number" min="1" max="20" .value=${String(policy.every ?? '')}
                  aria-invalid=${errorFor(this.errors, 'priorityPolicy') ? 'true' : 'false'}
                  @input=${(e: InputEvent) => {
                    const s = (e.target as HTMLInputElement).value;
                    this.set('priorityPolicy', { mode: 'interleave', every: s === '' ? undefined : Number(s) });
                  }} />
                ${this.err('priorityPolicy')}
              </div>`
            : nothing}
        </div>
        ${this.number('defaultServeMin', t('sDefaultServe'), { min: 0.5, max: 120, step: 0.5, hint: t('sDefaultServeHint') })}
        ${'putBack' in d ? html`<luot-put-back-field .value=${d.putBack as PutBackSetting} .error=${errorFor(this.errors, 'putBack') ?? ''}
          @change=${(e: CustomEvent<PutBackSetting>) => this.set('putBack', e.detail)}></luot-put-back-field>` : nothing}
      </fieldset>
      <fieldset>
        <legend>${t('sGroupKiosk')}</legend>
        ${this.text('kioskKey', t('sKioskKey'), { hint: t('sKioskKeyHint'), nullable: true })}
        ${'kioskPin' in d
          ? this.text('kioskPin', t('sKioskPin'), { hint: t(d.kioskPinSet ? 'sKioskPinSetHint' : 'sKioskPinHint'), nullable: true, type: 'password' })
          : nothing}
        ${'kioskIssueBurst' in d ? this.number('kioskIssueBurst', t('sKioskIssueBurst'), { min: 1, max: 10_000, step: 1, hint: t('sKioskIssueBurstHint') }) : nothing}
        ${'kioskIssuePerMin' in d ? this.number('kioskIssuePerMin', t('sKioskIssuePerMin'), { min: 1, max: 60_000, step: 1, hint: t('sKioskIssuePerMinHint') }) : nothing}
      </fieldset>
      <fieldset>
        <legend>${t('sGroupPrinter')}</legend>
        ${this.text('printer', t('sPrinter'), { hint: t('sPrinterHint') })}
        ${this.choice('printerPaperWidth', t('sPaper'), [
          { value: 80, label: '80 mm' },
          { value: 58, label: '58 mm' },
        ])}
        ${'printerTextMode' in d ? this.textMode() : nothing}
        <div class="row">
          <button type="button" @click=${() => void this.testPrint()}>${t('sTestPrint')}</button>
          ${this.testResult ? html`<span class=${this.testResult.ok ? 'notice' : 'alert'} role="status">${this.testResult.text}</span>` : nothing}
        </div>
        <p class="hint muted">${t('sTestPrintHint')}</p>
      </fieldset>
      ${extras.length
        ? html`<fieldset><legend>${t('sGroupOther')}</legend>${extras.map((k) => this.extra(k))}</fieldset>`
        : nothing}
      <div class="bar">
        <button class="primary" ?disabled=${this.busy || !dirty}>${t('save')}</button>
        <button type="button" ?disabled=${!dirty} @click=${() => void this.load()}>${t('discard')}</button>
        ${this.errors._ ? html`<span class="alert" role="alert">${this.errors._}</span>` : nothing}
        ${Object.keys(this.errors).length && !this.errors._ ? html`<span class="alert" role="alert">${t('fixErrors')}</span>` : nothing}
        ${this.saved ? html`<span class="notice" role="status">${this.saved}</span>` : nothing}
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-settings-office': LuotSettingsOffice;
  }
}
