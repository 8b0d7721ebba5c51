// This kiosk's own settings (kept in its localStorage): which services it offers, its default
// language, and the kiosk key the server may require. Opened by staff after the PIN.
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Service } from '../shared/types.js';
import type { KioskLocalSettings } from './kiosk-client.js';
import { STAFF_STRINGS } from './staff-strings.js';
import { LANGS, pick, type Lang } from './strings.js';
import { kioskBase } from './styles.js';

export interface SaveDetail {
  settings: KioskLocalSettings;
}

@customElement('luot-kiosk-settings')
export class LuotKioskSettings extends LitElement {
  static override styles = [
    kioskBase,
    css`
      :host {
        position: fixed;
        inset: 0;
        z-index: 60;
        overflow-y: auto;
        background: var(--k-bg);
        user-select: text;
      }
      form {
        box-sizing: border-box;
        max-width: 1100px;
        margin: 0 auto;
        padding: 48px;
        display: flex;
        flex-direction: column;
        gap: 36px;
      }
      h2 {
        margin: 0;
        font-size: 48px;
      }
      fieldset {
        margin: 0;
        padding: 28px 32px;
        border: 0;
        border-radius: 22px;
        background: #fff;
        display: flex;
        flex-direction: column;
        gap: 12px;
      }
      legend {
        float: left;
        width: 100%;
        padding: 0;
        margin-bottom: 8px;
        font-size: 34px;
        font-weight: 700;
      }
      .hint {
        margin: 0 0 8px;
        font-size: 24px;
        color: var(--k-muted);
      }
      .check {
        display: flex;
        align-items: center;
        gap: 24px;
        min-height: 72px;
        padding: 4px 16px;
        border-radius: 14px;
        cursor: pointer;
      }
      .check:hover {
        background: var(--k-blue-soft);
      }
      .check input {
        width: 44px;
        height: 44px;
        margin: 0;
        accent-color: var(--k-blue);
        flex: none;
      }
      .langs {
        display: flex;
        gap: 20px;
        flex-wrap: wrap;
      }
      .langs button {
        min-width: 280px;
        padding: 10px 32px;
        border: 4px solid var(--k-blue);
        background: #fff;
        color: var(--k-blue);
        font-weight: 700;
      }
      .langs button[aria-pressed='true'] {
        background: var(--k-blue);
        color: #fff;
      }
      label.field {
        font-size: 34px;
        font-weight: 700;
      }
      input[type='text'] {
        box-sizing: border-box;
        width: 100%;
        min-height: 80px;
        padding: 10px 20px;
        font: inherit;
        border: 3px solid var(--k-muted);
        border-radius: 14px;
      }
      .actions {
        display: flex;
        gap: 24px;
        justify-content: flex-end;
      }
      .actions button {
        min-width: 260px;
        min-height: 96px;
        font-weight: 700;
      }
      .save {
        border: 0;
        background: var(--k-blue);
        color: #fff;
      }
      .cancel {
        border: 3px solid var(--k-muted);
        background: #fff;
        color: var(--k-ink);
      }
    `,
  ];

  @property() language: Lang = 'vi';
  @property({ attribute: false }) services: Service[] = [];
  @property({ attribute: false }) settings!: KioskLocalSettings;
  @state() private selected = new Set<string>();
  @state() private defaultLang: Lang = 'vi';
  @state() private kioskKey = '';

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('settings') && this.settings) {
      this.selected = new Set(this.settings.serviceIds ?? []);
      this.defaultLang = this.settings.lang;
      this.kioskKey = this.settings.kioskKey ?? '';
    }
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true });
  }

  private toggle(id: string, on: boolean): void {
    const next = new Set(this.selected);
    if (on) next.add(id);
    else next.delete(id);
    this.selected = next;
  }

  private save(e: Event): void {
    e.preventDefault();
    // Kept in the admin's order, and only ids that still exist.
    const ids = this.services.map((s) => s.id).filter((id) => this.selected.has(id));
    const settings: KioskLocalSettings = {
      serviceIds: ids.length ? ids : null,
      lang: this.defaultLang,
      kioskKey: this.kioskKey.trim() || null,
    };
    this.dispatchEvent(new CustomEvent<SaveDetail>('save', { detail: { settings }, bubbles: true, composed: true }));
  }

  private cancel(): void {
    this.dispatchEvent(new CustomEvent('cancel', { bubbles: true, composed: true }));
  }

  override render() {
    const t = STAFF_STRINGS[this.language];
    const services = [...this.services].sort((a, b) => a.order - b.order);
    return html`<form data-testid="kiosk-settings" @submit=${this.save} aria-labelledby="settings-title">
      <h2 id="settings-title" tabindex="-1">${t.settingsTitle}</h2>
      <fieldset>
        <legend>${t.settingsServices}</legend>
        <p class="hint">${t.settingsServicesHint}</p>
        ${services.map(
          (s) => html`<label class="check">
            <input
              type="checkbox"
              data-setting-service=${s.id}
              .checked=${this.selected.has(s.id)}
              @change=${(e: Event) => this.toggle(s.id, (e.target as HTMLInputElement).checked)}
            />
            <span>${pick(s.name, this.language)}</span>
          </label>`,
        )}
      </fieldset>
      <fieldset>
        <legend>${t.settingsLang}</legend>
        <div class="langs">
          ${LANGS.map(
            (l) => html`<button
              type="button"
              lang=${l}
              data-setting-lang=${l}
              aria-pressed=${this.defaultLang === l ? 'true' : 'false'}
              @click=${() => (this.defaultLang = l)}
            >
              ${t.langName[l]}
            </button>`,
          )}
        </div>
      </fieldset>
      <fieldset>
        <label class="field" for="kiosk-key">${t.settingsKey}</label>
        <p class="hint" id="kiosk-key-hint">${t.settingsKeyHint}</p>
        <input
          id="kiosk-key"
          type="text"
          autocomplete="off"
          spellcheck="false"
          aria-describedby="kiosk-key-hint"
          data-testid="kiosk-key"
          .value=${this.kioskKey}
          @input=${(e: Event) => (this.kioskKey = (e.target as HTMLInputElement).value)}
        />
      </fieldset>
      <div class="actions">
        <button type="button" class="cancel" data-testid="settings-cancel" @click=${this.cancel}>${t.cancel}</button>
        <button type="submit" class="save" data-testid="settings-save">${t.save}</button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-kiosk-settings': LuotKioskSettings;
  }
}
