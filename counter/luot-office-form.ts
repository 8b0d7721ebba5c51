// The add-office form: names in both languages, the slug of its URLs (suggested from the
// Vietnamese name, checked as it is typed against the rule and the slugs already in use), its
// time zone and, optionally, the office whose services it starts with. Fires `office-created`.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { isOfficeSlug, OFFICE_SLUG_MAX } from '../shared/office-slug.js';
import { slugFromName } from './slug-from-name.js';
import type { NewOffice, OfficeSummary } from '../shared/types.js';
import type { ApiClient } from './api.js';
import { LangController } from './controllers.js';
import { loc } from './format.js';
import { t } from './strings.js';
import { base } from './styles.js';
import { serverErrors, type FieldErrors } from './validation.js';

const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
}

const timeZones = (): string[] => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [DEFAULT_TIME_ZONE];
  }
};

@customElement('luot-office-form')
export class LuotOfficeForm extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      form { display: grid; gap: 0.6rem; }
      .slug-url { font-family: ui-monospace, monospace; font-size: 0.9rem; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) api!: ApiClient;
  /** Every office, archived ones too: their slugs are never reused. */
  @property({ attribute: false }) offices: OfficeSummary[] = [];
  @state() private draft = { vi: '', en: '', slug: '', timeZone: DEFAULT_TIME_ZONE, copyServicesFrom: '' };
  /** Once the slug is typed by hand it no longer follows the name. */
  @state() private slugTouched = false;
  @state() private errors: FieldErrors = {};
  @state() private busy = false;

  private slugError(slug: string): string | undefined {
    if (!slug) return t('vRequired');
    if (slug.length > OFFICE_SLUG_MAX) return t('vMaxChars', { n: OFFICE_SLUG_MAX });
    if (!isOfficeSlug(slug)) return t('provSlugRule');
    if (this.offices.some((o) => o.slug === slug)) return t('provSlugTaken');
    return undefined;
  }

  private validate(): NewOffice | null {
    const d = this.draft;
    const errors: FieldErrors = {};
    if (!d.vi.trim()) errors['name.vi'] = t('vRequired');
    if (!d.en.trim()) errors['name.en'] = t('vRequired');
    const slugErr = this.slugError(d.slug);
    if (slugErr) errors.slug = slugErr;
    if (!validTimeZone(d.timeZone)) errors.timeZone = t('vTimeZone');
    this.errors = errors;
    if (Object.keys(errors).length) return null;
    return {
      name: { vi: d.vi.trim().normalize('NFC'), en: d.en.trim() },
      slug: d.slug,
      timeZone: d.timeZone,
      ...(d.copyServicesFrom ? { copyServicesFrom: d.copyServicesFrom } : {}),
    };
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const o = this.validate();
    if (!o) return;
    this.busy = true;
    const r = await this.api.createOffice(o);
    this.busy = false;
    if (!r.ok) {
      this.errors = serverErrors(r.error);
      return;
    }
    this.draft = { vi: '', en: '', slug: '', timeZone: DEFAULT_TIME_ZONE, copyServicesFrom: '' };
    this.slugTouched = false;
    this.dispatchEvent(new CustomEvent('office-created', { detail: r.office, bubbles: true, composed: true }));
  }

  private setVi(vi: string) {
    this.draft = { ...this.draft, vi, ...(this.slugTouched ? {} : { slug: slugFromName(vi) }) };
    if (!this.slugTouched) this.showSlugError(this.draft.slug);
  }

  /** Live: the rule (or a slug in use) is told while typing, not only on submit. */
  private showSlugError(slug: string) {
    const err = slug ? this.slugError(slug) : undefined;
    const { slug: _old, ...rest } = this.errors;
    this.errors = err ? { ...rest, slug: err } : rest;
  }

  private setSlug(slug: string) {
    this.slugTouched = true;
    this.draft = { ...this.draft, slug };
    this.showSlugError(slug);
  }

  private text(id: string, key: 'vi' | 'en', label: string, errKey: string) {
    const err = this.errors[errKey];
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input id=${id} .value=${this.draft[key]} autocomplete="off" aria-invalid=${err ? 'true' : 'false'}
        @input=${(e: InputEvent) => {
          const v = (e.target as HTMLInputElement).value;
          if (key === 'vi') this.setVi(v);
          else this.draft = { ...this.draft, en: v };
        }} />
      ${err ? html`<span class="err">${err}</span>` : nothing}
    </div>`;
  }

  override render() {
    const d = this.draft;
    const e = this.errors;
    return html`<form @submit=${this.submit} novalidate>
      <h2>${t('provNewOffice')}</h2>
      ${e._ ? html`<p class="alert" role="alert">${e._}</p>` : nothing}
      ${this.text('office-vi', 'vi', t('provNameVi'), 'name.vi')}
      ${this.text('office-en', 'en', t('provNameEn'), 'name.en')}
      <div class="field">
        <label for="office-slug">${t('provSlug')} <span class="hint">a-z 0-9 -</span></label>
        <input id="office-slug" .value=${d.slug} autocomplete="off" spellcheck="false" aria-invalid=${e.slug ? 'true' : 'false'}
          aria-describedby="slug-url" @input=${(ev: InputEvent) => this.setSlug((ev.target as HTMLInputElement).value)} />
        ${e.slug ? html`<span class="err" data-testid="slug-error">${e.slug}</span>` : nothing}
        <span id="slug-url" class="hint slug-url">/o/${d.slug || '…'}/kiosk/</span>
      </div>
      <div class="field">
        <label for="office-tz">${t('provTimeZone')}</label>
        <input id="office-tz" list="tz-list" .value=${d.timeZone} aria-invalid=${e.timeZone ? 'true' : 'false'}
          @input=${(ev: InputEvent) => (this.draft = { ...this.draft, timeZone: (ev.target as HTMLInputElement).value })} />
        <datalist id="tz-list">${timeZones().map((z) => html`<option value=${z}></option>`)}</datalist>
        ${e.timeZone ? html`<span class="err">${e.timeZone}</span>` : nothing}
      </div>
      <div class="field">
        <label for="office-copy">${t('provCopyServices')}</label>
        <select id="office-copy" @change=${(ev: Event) => (this.draft = { ...this.draft, copyServicesFrom: (ev.target as HTMLSelectElement).value })}>
          <option value="" ?selected=${!d.copyServicesFrom}>${t('provCopyNone')}</option>
          ${this.offices.filter((o) => !o.archived).map((o) => html`<option value=${o.slug} ?selected=${d.copyServicesFrom === o.slug}>${loc(o.name)}</option>`)}
        </select>
      </div>
      <div class="row"><button class="primary" ?disabled=${this.busy}>${t('provCreateOffice')}</button></div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-office-form': LuotOfficeForm;
  }
}
