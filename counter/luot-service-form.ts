// One service's settings: names, number format, target wait, daily cap, hours, active, order.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatTicketNumber } from '../shared/format.js';
import { serviceSchema } from '../shared/schemas.js';
import type { OpeningHours, Service } from '../shared/types.js';
import type { ApiClient } from './api.js';
import { LangController } from './controllers.js';
import { loc } from './format.js';
import { t } from './strings.js';
import { base } from './styles.js';
import { check, errorFor, serverErrors, type FieldErrors } from './validation.js';
import './luot-hours-editor.js';

interface Draft {
  id: string;
  nameVi: string;
  nameEn: string;
  prefix: string;
  start: string;
  digits: string;
  targetWaitMin: string;
  dailyLimit: string;
  active: boolean;
  hours: OpeningHours | null;
  order: string;
}

/** An empty box is "missing" (zod says so in Vietnamese), not 0. */
const toNum = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s));

function draftOf(s: Service | null, nextOrder: number): Draft {
  return {
    id: s?.id ?? '',
    nameVi: s?.name.vi ?? '',
    nameEn: s?.name.en ?? '',
    prefix: s?.prefix ?? '',
    start: String(s?.start ?? 1),
    digits: String(s?.digits ?? 3),
    targetWaitMin: String(s?.targetWaitMin ?? 15),
    dailyLimit: s?.dailyLimit === null || s?.dailyLimit === undefined ? '' : String(s.dailyLimit),
    active: s?.active ?? true,
    hours: s ? structuredClone(s.hours) : null,
    order: String(s?.order ?? nextOrder),
  };
}

@customElement('luot-service-form')
export class LuotServiceForm extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      form { display: grid; gap: 0.7rem; }
      .cols { display: grid; grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr)); gap: 0.6rem; }
      .names { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0.6rem; }
      .preview { font-size: 1.6rem; font-weight: 700; color: var(--luot-primary); }
      .check { display: flex; gap: 0.5rem; align-items: center; font-weight: 400; }
      fieldset { border: 1px solid var(--line); border-radius: 8px; padding: 0.5rem 0.8rem; margin: 0; }
      legend { font-weight: 700; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) api!: ApiClient;
  /** null: a new service. */
  @property({ attribute: false }) service: Service | null = null;
  @property({ type: Number }) nextOrder = 1;
  @state() private draft: Draft = draftOf(null, 1);
  @state() private errors: FieldErrors = {};
  @state() private busy = false;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('service')) {
      this.draft = draftOf(this.service, this.nextOrder);
      this.errors = {};
    }
  }

  private set<K extends keyof Draft>(key: K, value: Draft[K]) {
    this.draft = { ...this.draft, [key]: value };
  }

  private value(): Record<string, unknown> {
    const d = this.draft;
    return {
      id: d.id.trim(),
      name: { vi: d.nameVi, en: d.nameEn },
      prefix: d.prefix.trim().toUpperCase(),
      start: toNum(d.start),
      digits: toNum(d.digits),
      targetWaitMin: toNum(d.targetWaitMin),
      dailyLimit: d.dailyLimit.trim() === '' ? null : toNum(d.dailyLimit),
      active: d.active,
      hours: d.hours,
      order: toNum(d.order),
    };
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const v = check(serviceSchema, this.value());
    if (!v.ok) {
      this.errors = v.errors;
      return;
    }
    this.errors = {};
    const s = v.data as Service;
    this.busy = true;
    let r;
    if (this.service) {
      // Only what changed: fields other parts of Lượt add to a service stay as they are.
      const before = this.service as unknown as Record<string, unknown>;
      const patch = Object.fromEntries(
        Object.entries(s).filter(([k, x]) => k !== 'id' && JSON.stringify(x) !== JSON.stringify(before[k])),
      ) as Partial<Service>;
      r = Object.keys(patch).length ? await this.api.updateService(this.service.id, patch) : { ok: true as const, service: this.service };
    } else {
      r = await this.api.createService(s);
    }
    this.busy = false;
    if (!r.ok) {
      this.errors = serverErrors(r.error);
      return;
    }
    this.dispatchEvent(new CustomEvent('saved', { detail: r.service }));
  }

  private input(key: keyof Draft, label: string, opts: { type?: string; hint?: string; errKey?: string; disabled?: boolean; lang?: string } = {}) {
    const errKey = opts.errKey ?? key;
    const err = errorFor(this.errors, errKey);
    return html`<div class="field">
      <label for="svc-${key}">${label}${opts.hint ? html` <span class="hint">${opts.hint}</span>` : nothing}</label>
      <input id="svc-${key}" type=${opts.type ?? 'text'} .value=${String(this.draft[key] ?? '')} ?disabled=${opts.disabled ?? false}
        lang=${opts.lang ?? nothing} aria-invalid=${err ? 'true' : 'false'} aria-describedby="svc-${key}-err"
        @input=${(e: InputEvent) => this.set(key, (e.target as HTMLInputElement).value as never)} />
      ${err ? html`<span class="err" id="svc-${key}-err">${err}</span>` : nothing}
    </div>`;
  }

  override render() {
    const d = this.draft;
    const start = toNum(d.start);
    const digits = toNum(d.digits);
    const preview =
      start !== undefined && digits !== undefined && Number.isInteger(start) && Number.isInteger(digits) && digits >= 1 && digits <= 6
        ? [1, 2].map((n) => formatTicketNumber({ prefix: d.prefix.toUpperCase(), start, digits }, n)).join(', ') + ', …'
        : '—';
    return html`<form @submit=${this.submit} novalidate aria-label=${this.service ? t('svcEdit') : t('svcNew')}>
      <h2>${this.service ? t('svcEditNamed', { name: loc(this.service.name) }) : t('svcNew')}</h2>
      ${this.errors._ ? html`<p class="alert" role="alert">${this.errors._}</p>` : nothing}
      <div class="names">
        ${this.input('nameVi', t('nameVi'), { errKey: 'name.vi', lang: 'vi' })}
        ${this.input('nameEn', t('nameEn'), { errKey: 'name.en', lang: 'en' })}
      </div>
      <div class="cols">
        ${this.input('id', t('svcId'), { hint: this.service ? '' : t('svcIdHint'), disabled: this.service !== null })}
        ${this.input('prefix', t('svcPrefix'), { hint: 'A–Z' })}
        ${this.input('start', t('svcStart'), { type: 'number' })}
        ${this.input('digits', t('svcDigits'), { type: 'number' })}
        ${this.input('targetWaitMin', t('svcTarget'), { type: 'number' })}
        ${this.input('dailyLimit', t('svcLimit'), { type: 'number', hint: t('svcLimitHint') })}
        ${this.input('order', t('svcOrder'), { type: 'number' })}
        <div class="field"><span class="label"><strong>${t('svcPreview')}</strong></span><span class="preview">${preview}</span></div>
      </div>
      <label class="check"><input type="checkbox" .checked=${d.active} @change=${(e: Event) => this.set('active', (e.target as HTMLInputElement).checked)} />
        ${t('svcActive')}</label>
      <fieldset>
        <legend>${t('svcHours')}</legend>
        <luot-hours-editor .value=${d.hours} .errors=${this.errors}
          @hours-change=${(e: CustomEvent<OpeningHours | null>) => this.set('hours', e.detail)}></luot-hours-editor>
      </fieldset>
      <div class="row">
        <button class="primary" ?disabled=${this.busy}>${t('save')}</button>
        <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('cancel'))}>${t('cancelAction')}</button>
        ${Object.keys(this.errors).length && !this.errors._ ? html`<span class="alert" role="alert">${t('fixErrors')}</span>` : nothing}
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-service-form': LuotServiceForm;
  }
}
