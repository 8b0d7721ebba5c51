// Settings for admins: the office, services, counters and users, one section at a time.
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { UserPublic } from '../shared/types.js';
import type { ApiClient } from './api.js';
import { LangController } from './controllers.js';
import type { StaffClient } from './staff-client.js';
import { t, type StringKey } from './strings.js';
import { base } from './styles.js';
import './luot-settings-office.js';
import './luot-settings-services.js';
import './luot-settings-counters.js';
import './luot-settings-users.js';
import './luot-voice-recorder.js';
import './luot-booking-settings.js';
import { bt } from './booking-strings.js';
import './luot-settings-webhooks.js';
import './luot-settings-integrations.js';
import { wt } from './webhook-strings.js';

type Section = 'office' | 'services' | 'counters' | 'users' | 'voice' | 'booking' | 'webhooks';
const SECTIONS: { id: Section; label: StringKey | (() => string) }[] = [
  { id: 'office', label: 'setOffice' },
  { id: 'services', label: 'setServices' },
  { id: 'counters', label: 'setCounters' },
  { id: 'users', label: 'setUsers' },
  { id: 'voice', label: 'setVoice' },
  { id: 'booking', label: () => bt('tab') },
  { id: 'webhooks', label: () => wt('tab') },
];

@customElement('luot-settings-view')
export class LuotSettingsView extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      .tabs { display: flex; gap: 0.3rem; margin-bottom: 0.8rem; border-bottom: 2px solid var(--line); }
      .tabs button { border: 0; border-radius: 6px 6px 0 0; padding: 0.5rem 1rem; margin-bottom: -2px; border-bottom: 3px solid transparent; }
      .tabs button[aria-current='true'] { border-bottom-color: var(--luot-primary); background: #fff; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) client!: StaffClient;
  @property({ attribute: false }) api!: ApiClient;
  @property({ attribute: false }) user!: UserPublic;
  @state() private section: Section = 'office';

  override render() {
    return html`
      <h1 class="sr-only">${t('navSettings')}</h1>
      <nav class="tabs" aria-label=${t('navSettings')}>
        ${SECTIONS.map(
          (s) => html`<button aria-current=${this.section === s.id ? 'true' : 'false'} @click=${() => (this.section = s.id)}>${typeof s.label === 'function' ? s.label() : t(s.label)}</button>`,
        )}
      </nav>
      ${this.section === 'webhooks'
        ? html`<luot-settings-webhooks .api=${this.api}></luot-settings-webhooks>
            <luot-settings-integrations .api=${this.api}></luot-settings-integrations>`
        : this.section === 'booking'
        ? html`<luot-booking-settings .api=${this.api}></luot-booking-settings>`
        : this.section === 'office'
        ? html`<luot-settings-office .api=${this.api}></luot-settings-office>`
        : this.section === 'services'
          ? html`<luot-settings-services .api=${this.api}></luot-settings-services>`
          : this.section === 'counters'
            ? html`<luot-settings-counters .api=${this.api} .client=${this.client}></luot-settings-counters>`
            : this.section === 'users'
              ? html`<luot-settings-users .api=${this.api} .user=${this.user} .office=${this.client?.state?.office.name ?? null}></luot-settings-users>`
              : html`<luot-voice-recorder .api=${this.api}></luot-voice-recorder>`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-settings-view': LuotSettingsView;
  }
}
