// The kiosk: pick a service (or the priority path first), get a number. The screens are a small
// state machine; every screen but the start screen falls back to it when left alone.
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { OFFICE_ARCHIVED } from '../shared/client/live.js';
import { PRIORITY_NAMES } from '../shared/i18n-names.js';
import { PRIORITIES, type IssueResult, type Localized, type Priority, type Service } from '../shared/types.js';
import { BACK_ICON, GLOBE_ICON, PRIORITY_ICONS, WARNING_ICON } from './icons.js';
import {
  KioskClient, loadLocalSettings, saveLocalSettings, type KioskLocalSettings, type KioskView,
} from './kiosk-client.js';
import type { SaveDetail } from './luot-kiosk-settings.js';
import type { OfflineMode } from './luot-offline-notice.js';
import type { PinDetail } from './luot-pin-pad.js';
import type { PickDetail } from './luot-priority-picker.js';
import type { TakeDetail } from './luot-service-button.js';
import { STRINGS, pick, type Lang } from './strings.js';
import { CHECK_IN_ENTRY } from './check-in-entry-strings.js';
import { PICKUP_ENTRY } from './pickup-entry-strings.js';
import { kioskBase } from './styles.js';
import './luot-offline-notice.js';
import './luot-priority-picker.js';
import './luot-service-grid.js';
import './luot-ticket-screen.js';
import './luot-guide-button.js';

type Screen =
  | { kind: 'home' }
  | { kind: 'priority' }
  | { kind: 'priority-service'; priority: Priority }
  | { kind: 'ticket'; result: IssueResult }
  | { kind: 'check-in' }
  | { kind: 'pickup' };

/** Left alone this long, a screen returns to the start screen (and the default language). */
export const IDLE_MS = { priority: 30_000, staff: 120_000, language: 60_000 };
const LONG_PRESS_MS = 3000;
const NOTICE_MS = 10_000;

let staffScreens: Promise<unknown> | null = null;
/** The PIN pad and settings (kiosk/staff.ts), loaded once and only when staff ask for them. */
function loadStaffScreens(): Promise<unknown> {
  staffScreens ??= import('./staff.js').catch((e: unknown) => {
    staffScreens = null;
    throw e;
  });
  return staffScreens;
}

@customElement('luot-kiosk-app')
export class LuotKioskApp extends LitElement {
  static override styles = [
    kioskBase,
    css`
      :host {
        display: flex;
        flex-direction: column;
        box-sizing: border-box;
        height: 100vh;
        height: 100dvh;
        overflow: hidden;
        background: var(--k-bg);
      }
      header {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 32px;
        padding: 22px 48px;
        background: #fff;
        border-bottom: 6px solid var(--k-blue);
      }
      h1 {
        margin: 0;
        font-size: 40px;
        line-height: 1.2;
        font-weight: 700;
        color: var(--k-blue-dark);
        /* The long press that opens the staff settings must not start a scroll or a menu. */
        touch-action: none;
      }
      /* A phone-sized screen (the page opened outside the kiosk, or Lighthouse's mobile profile):
         the office name has a line of its own and keeps to it, so that its arrival after
         connecting does not push the whole screen down (a layout shift). */
      @media (max-width: 720px) {
        header {
          flex-wrap: wrap;
          padding: 16px 20px;
          gap: 12px;
        }
        h1 {
          flex: 1 1 100%;
          min-width: 0;
          font-size: 28px;
          white-space: nowrap;
          overflow: hidden;
          text-overflow: ellipsis;
        }
        .lang {
          min-width: 0;
          padding: 8px 16px;
        }
      }
      .lang {
        flex: none;
        display: inline-flex;
        align-items: center;
        justify-content: center;
        gap: 14px;
        min-width: 250px;
        padding: 8px 32px;
        border: 4px solid var(--k-blue);
        background: #fff;
        color: var(--k-blue);
        font-weight: 700;
      }
      main {
        flex: 1;
        min-height: 0;
        display: flex;
        flex-direction: column;
        gap: 24px;
        padding: 30px 48px 40px;
      }
      .instruction {
        margin: 0;
        font-size: 42px;
        font-weight: 600;
      }
      /* The instruction and, beside it, the button that reads the choices aloud. */
      .lead {
        display: flex;
        align-items: center;
        justify-content: space-between;
        flex-wrap: wrap;
        gap: 16px 32px;
      }
      luot-service-grid {
        flex: 1;
      }
      luot-priority-picker,
      luot-ticket-screen {
        flex: 1;
      }
      .priority-entry {
        flex: none;
        display: flex;
        align-items: center;
        gap: 32px;
        min-height: 150px;
        padding: 20px 40px;
        border: 0;
        background: var(--k-priority);
        color: #fff;
        text-align: left;
        box-shadow: 0 6px 0 var(--k-priority-dark);
      }
      .booked-entry {
        flex: none;
        min-height: 110px;
        padding: 12px 40px;
        border: 4px solid var(--k-blue);
        background: var(--k-blue-soft);
        color: var(--k-blue-dark);
        text-align: left;
      }
      .booked-entry strong {
        display: block;
        font-size: 40px;
      }
      .booked-entry .hint {
        font-size: 26px;
      }
      .priority-entry:active {
        transform: translateY(4px);
        box-shadow: 0 2px 0 var(--k-priority-dark);
      }
      .priority-entry .icons {
        flex: none;
        display: flex;
        gap: 6px;
      }
      .priority-entry .icon {
        width: 64px;
        height: 64px;
      }
      .priority-entry strong {
        display: block;
        font-size: 46px;
        line-height: 1.15;
      }
      .priority-entry .hint {
        display: block;
        font-size: 26px;
      }
      @media (orientation: portrait) {
        .priority-entry {
          flex-direction: column;
          align-items: flex-start;
          gap: 12px;
        }
      }
      .chosen {
        display: flex;
        align-items: center;
        gap: 20px;
        margin: 0;
        font-size: 40px;
        font-weight: 700;
        color: var(--k-priority-dark);
      }
      .chosen .icon {
        width: 80px;
        height: 80px;
        padding: 8px;
        border-radius: 50%;
        background: var(--k-priority);
        color: #fff;
      }
      .back {
        flex: none;
      }
      .banner,
      .notice {
        display: flex;
        align-items: center;
        gap: 20px;
        margin: 0;
        padding: 16px 28px;
        border-radius: 16px;
        font-weight: 600;
      }
      .banner {
        border: 3px solid var(--k-warn-line);
        background: var(--k-warn-bg);
        color: var(--k-warn-ink);
      }
      .notice {
        border: 3px solid var(--k-closed-reason);
        background: #fde8e8;
        color: #6b1414;
      }
      .banner .icon,
      .notice .icon {
        width: 52px;
        height: 52px;
      }
      .busy {
        position: fixed;
        inset: 0;
        z-index: 40;
        display: grid;
        place-items: center;
        background: rgba(241, 244, 249, 0.75);
        /* A quick answer shows nothing (no flash, and no full-screen repaint on the tap's
           critical path); the overlay blocks taps at once all the same. */
        opacity: 0;
        animation: appear 0s linear 400ms forwards;
        font-size: 48px;
        font-weight: 700;
        color: var(--k-blue-dark);
      }
      .busy span {
        padding: 32px 56px;
        border-radius: 24px;
        background: #fff;
        box-shadow: 0 8px 30px rgba(16, 25, 43, 0.18);
      }
      @keyframes appear {
        to {
          opacity: 1;
        }
      }
    `,
  ];

  private client: KioskClient | null = null;
  private unsubscribe: () => void = () => undefined;
  @state() private view: KioskView = { snapshot: null, connected: false, everConnected: false, refused: null, printer: null, busy: false };
  @state() private local: KioskLocalSettings = loadLocalSettings();
  @state() private language: Lang = this.local.lang;
  @state() private screen: Screen = { kind: 'home' };
  @state() private staff: 'pin' | 'settings' | null = null;
  @state() private pinError: { text: string } | null = null;
  @state() private pinChecking = false;
  @state() private settingsServices: Service[] = [];
  @state() private notice: Localized | null = null;
  private noticeTimer: ReturnType<typeof setTimeout> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private pressTimer: ReturnType<typeof setTimeout> | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.client = new KioskClient({ kioskKey: this.local.kioskKey });
    this.unsubscribe = this.client.subscribe((v) => (this.view = v));
    this.addEventListener('pointerdown', this.onActivity, { capture: true });
    this.addEventListener('keydown', this.onActivity, { capture: true });
    // A long press on a touch screen opens the browser's context menu otherwise.
    this.addEventListener('contextmenu', this.preventMenu);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe();
    this.client?.close();
    this.client = null;
    this.removeEventListener('pointerdown', this.onActivity, { capture: true });
    this.removeEventListener('keydown', this.onActivity, { capture: true });
    this.removeEventListener('contextmenu', this.preventMenu);
    for (const t of [this.idleTimer, this.pressTimer, this.noticeTimer]) if (t) clearTimeout(t);
  }

  private preventMenu = (e: Event) => e.preventDefault();
  private onActivity = () => this.armIdle();

  override updated(changed: PropertyValues): void {
    if (changed.has('language')) {
      document.documentElement.lang = this.language;
      document.title = `${STRINGS[this.language].pageTitle} — Lượt`;
    }
    if (changed.has('screen') || changed.has('staff') || changed.has('language')) this.armIdle();
  }

  /** Restarts the timer that brings an abandoned screen back to the start. */
  private armIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const kind = this.screen.kind;
    const ms = this.staff
      ? IDLE_MS.staff
      : kind === 'priority' || kind === 'priority-service' || kind === 'check-in' || kind === 'pickup'
        ? IDLE_MS.priority
        : kind === 'home' && this.language !== this.local.lang
          ? IDLE_MS.language
          : null;
    if (ms !== null) this.idleTimer = setTimeout(() => this.goHome(), ms);
  }

  /** The next citizen starts from the start screen in the kiosk's default language. */
  private goHome(): void {
    this.screen = { kind: 'home' };
    this.staff = null;
    this.language = this.local.lang;
    this.clearNotice();
  }

  private showNotice(text: Localized): void {
    this.notice = text;
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => this.clearNotice(), NOTICE_MS);
  }

  private clearNotice(): void {
    this.notice = null;
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    this.noticeTimer = null;
  }

  private async take(serviceId: string, priority: Priority | null): Promise<void> {
    if (!this.client || this.view.busy || !this.view.connected) return;
    const outcome = await this.client.issue(serviceId, priority, (result) => {
      this.clearNotice();
      this.screen = { kind: 'ticket', result };
    });
    switch (outcome.kind) {
      case 'busy':
      case 'issued':
        return;
      case 'offline':
        this.showNotice({ vi: STRINGS.vi.issueFailed, en: STRINGS.en.issueFailed });
        return;
      case 'error':
        this.showNotice({
          vi: `${STRINGS.vi.notIssued}: ${outcome.error.message}`,
          en: `${STRINGS.en.notIssued}: ${outcome.error.messageEn}`,
        });
    }
  }

  /**
   * A code screen (issue 13's check-in, issue 15's pickup), loaded on first use with its code
   * entry and camera decoder: a kiosk that never shows it never downloads it.
   */
  private async openCodeScreen(kind: 'check-in' | 'pickup', load: () => Promise<unknown>): Promise<void> {
    try {
      await load();
    } catch {
      this.showNotice({ vi: STRINGS.vi.issueFailed, en: STRINGS.en.issueFailed });
      return;
    }
    this.clearNotice();
    this.screen = { kind };
  }

  // ── staff: long press → PIN → settings ────────────────────────────────

  private pressStart = (): void => {
    this.pressEnd();
    // Fetched during the press, so that the PIN pad is there when the press is long enough.
    loadStaffScreens().catch(() => undefined);
    this.pressTimer = setTimeout(() => void this.openPin(), LONG_PRESS_MS);
  };

  private pressEnd = (): void => {
    if (this.pressTimer) clearTimeout(this.pressTimer);
    this.pressTimer = null;
  };

  private async openPin(): Promise<void> {
    this.pressEnd();
    try {
      await loadStaffScreens();
    } catch {
      return;
    }
    this.pinError = null;
    this.pinChecking = false;
    this.staff = 'pin';
  }

  private async unlock(pin: string): Promise<void> {
    if (!this.client) return;
    this.pinChecking = true;
    const r = await this.client.unlock(pin);
    this.pinChecking = false;
    if (!r.ok) {
      this.pinError = { text: this.language === 'vi' ? r.error.message : r.error.messageEn };
      return;
    }
    this.settingsServices = this.view.snapshot?.services ?? (await this.client.fetchSnapshot())?.services ?? [];
    this.staff = 'settings';
  }

  private saveSettings(settings: KioskLocalSettings): void {
    saveLocalSettings(settings);
    const keyChanged = settings.kioskKey !== this.local.kioskKey;
    this.local = settings;
    if (keyChanged) this.client?.setKioskKey(settings.kioskKey);
    this.goHome();
  }

  // ── rendering ─────────────────────────────────────────────────────────

  private offered() {
    // The pickup service (issue 15) is reached by its file code, never by a bare tap.
    const all = (this.view.snapshot?.services ?? []).filter((s) => !s.pickup);
    const ids = this.local.serviceIds;
    return ids ? all.filter((s) => ids.includes(s.id)) : all;
  }

  private renderHeader() {
    const t = STRINGS[this.language];
    const office = this.view.snapshot?.office.name;
    return html`<header>
      <h1
        data-testid="office"
        @pointerdown=${this.pressStart}
        @pointerup=${this.pressEnd}
        @pointerleave=${this.pressEnd}
        @pointercancel=${this.pressEnd}
      >
        ${office ? pick(office, this.language) : 'Lượt'}
      </h1>
      <button class="lang" lang=${t.switchLang} data-testid="lang" @click=${() => (this.language = t.switchLang)}>
        ${GLOBE_ICON}${t.switchLabel}
      </button>
    </header>`;
  }

  private renderMessages() {
    const t = STRINGS[this.language];
    const p = this.view.printer?.status;
    const printerTrouble = p === 'offline' || p === 'paper_out' || p === 'error';
    return html`
      ${printerTrouble ? html`<p class="banner" data-testid="printer-banner">${WARNING_ICON}${t.printerBanner}</p>` : null}
      ${this.notice ? html`<p class="notice" role="alert" data-testid="notice">${WARNING_ICON}${pick(this.notice, this.language)}</p>` : null}
    `;
  }

  private renderGrid(priority: Priority | null) {
    return html`<luot-service-grid
      .services=${this.offered()}
      .language=${this.language}
      .serviceDay=${this.view.snapshot?.serviceDay ?? ''}
      @take=${(e: CustomEvent<TakeDetail>) => void this.take(e.detail.serviceId, priority)}
    ></luot-service-grid>`;
  }

  private renderScreen() {
    const t = STRINGS[this.language];
    const s = this.screen;
    switch (s.kind) {
      case 'home':
        return html`${this.renderMessages()}
          <div class="lead">
            <h2 class="instruction">${t.instruction}</h2>
            <luot-guide-button .language=${this.language} .screen=${{ kind: 'home', services: this.offered() }}></luot-guide-button>
          </div>
          ${this.renderGrid(null)}
          <button class="priority-entry" data-testid="priority" @click=${() => (this.screen = { kind: 'priority' })}>
            <span class="icons">${PRIORITIES.map((p) => PRIORITY_ICONS[p])}</span>
            <span><strong>${t.priority}</strong><span class="hint">${t.priorityHint}</span></span>
          </button>
          ${this.view.snapshot?.booking?.enabled
            ? html`<button class="booked-entry" data-testid="check-in" @click=${() => void this.openCodeScreen('check-in', () => import('./check-in.js'))}>
                <strong>${CHECK_IN_ENTRY[this.language].entry}</strong><span class="hint">${CHECK_IN_ENTRY[this.language].entryHint}</span>
              </button>`
            : null}
          ${this.view.snapshot?.services.some((x) => x.pickup && x.open)
            ? html`<button class="booked-entry" data-testid="pickup" @click=${() => void this.openCodeScreen('pickup', () => import('./pickup.js'))}>
                <strong>${PICKUP_ENTRY[this.language].entry}</strong><span class="hint">${PICKUP_ENTRY[this.language].entryHint}</span>
              </button>`
            : null}`;
      case 'priority':
        return html`<luot-priority-picker
          .language=${this.language}
          @pick=${(e: CustomEvent<PickDetail>) => (this.screen = { kind: 'priority-service', priority: e.detail.priority })}
          @back=${() => (this.screen = { kind: 'home' })}
        ></luot-priority-picker>`;
      case 'priority-service':
        return html`<p class="chosen" data-testid="chosen-priority">
            ${PRIORITY_ICONS[s.priority]}${t.priorityChosen(pick(PRIORITY_NAMES[s.priority], this.language))}
          </p>
          ${this.renderMessages()}
          <div class="lead">
            <h2 class="instruction">${t.chooseService}</h2>
            <luot-guide-button .language=${this.language} .screen=${{ kind: 'priority-service', services: this.offered() }}></luot-guide-button>
          </div>
          ${this.renderGrid(s.priority)}
          <button class="back" data-testid="back" @click=${() => (this.screen = { kind: 'priority' })}>${BACK_ICON}${t.back}</button>`;
      case 'check-in':
        return html`<luot-check-in .client=${this.client!} .language=${this.language}
          @checked-in=${(e: CustomEvent<IssueResult>) => (this.screen = { kind: 'ticket', result: e.detail })}
          @walk-in=${() => (this.screen = { kind: 'home' })} @cancel=${() => this.goHome()}></luot-check-in>`;
      case 'pickup':
        return html`<luot-pickup .client=${this.client!} .language=${this.language}
          @issued=${(e: CustomEvent<IssueResult>) => (this.screen = { kind: 'ticket', result: e.detail })}
          @cancel=${() => this.goHome()}></luot-pickup>`;
      case 'ticket': {
        const service = this.view.snapshot?.services.find((x) => x.id === s.result.ticket.serviceId);
        return html`<luot-ticket-screen
          .result=${s.result}
          .printUpdate=${this.view.print}
          .serviceName=${service?.name ?? null}
          .language=${this.language}
          @done=${() => this.goHome()}
        ></luot-ticket-screen>`;
      }
    }
  }

  override render() {
    const t = STRINGS[this.language];
    const v = this.view;
    // The ticket stays readable through a disconnection: the citizen must still see their number.
    const offline: OfflineMode | null =
      v.connected || this.screen.kind === 'ticket'
        ? null
        : v.refused
          ? v.refused.code === OFFICE_ARCHIVED ? 'closed' : 'refused'
          : v.everConnected ? 'lost' : 'connecting';
    const blocked = offline !== null || this.staff !== null;
    return html`
      <div class="top" ?inert=${blocked}>${this.renderHeader()}</div>
      <main ?inert=${blocked} data-screen=${this.screen.kind}>${this.renderScreen()}</main>
      ${v.busy ? html`<div class="busy" role="status"><span>${t.issuing}</span></div>` : null}
      ${offline && !this.staff
        ? html`<luot-offline-notice .language=${this.language} .mode=${offline} @open-settings=${() => void this.openPin()}></luot-offline-notice>`
        : null}
      ${this.staff === 'pin'
        ? html`<luot-pin-pad
            .language=${this.language}
            .error=${this.pinError}
            ?checking=${this.pinChecking}
            @submit=${(e: CustomEvent<PinDetail>) => void this.unlock(e.detail.pin)}
            @cancel=${() => (this.staff = null)}
          ></luot-pin-pad>`
        : null}
      ${this.staff === 'settings'
        ? html`<luot-kiosk-settings
            .language=${this.language}
            .services=${this.settingsServices}
            .settings=${this.local}
            @save=${(e: CustomEvent<SaveDetail>) => this.saveSettings(e.detail.settings)}
            @cancel=${() => (this.staff = null)}
          ></luot-kiosk-settings>`
        : null}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-kiosk-app': LuotKioskApp;
  }
}
