// The citizen's booking page (/dat-lich/, /o/<slug>/dat-lich/; issue 13): choose a field, take a
// number from home or book a time, give a phone and name with the proof, then the confirmation
// at its own address (/dat-lich/<token>), kept up to date from the public feed.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { DisplayFeed } from '../shared/client/display-feed.js';
import type { Snapshot } from '../shared/types.js';
import {
  bookingApi, bookingPath, isDeploymentPage, tokenFromLocation, type BookingKind, type BookingOffer, type BookingOfficeEntry, type CitizenBooking,
} from './booking-client.js';
import { BOOKING_EN, BOOKING_VI, dayLabel, slotTime, type BookingStrings } from './booking-strings.js';
import { bookingStyles } from './booking-styles.js';
import { DEFAULT_TIME_ZONE } from './format.js';
import './luot-booking-confirmation.js';
import './luot-booking-form.js';
import './luot-booking-offices.js';
import type { BookingDetails } from './luot-booking-form.js';
import './luot-booking-services.js';
import type { ServiceChoice } from './luot-booking-services.js';
import './luot-booking-slots.js';

const LANG_KEY = 'luot.booking.lang';
const REFETCH_DEBOUNCE_MS = 300;

type Step = 'offices' | 'services' | 'slots' | 'details' | 'booking' | 'missing';

@customElement('luot-booking-app')
export class LuotBookingApp extends LitElement {
  static override styles = [
    bookingStyles,
    css`
      :host { max-width: 32rem; margin: 0 auto; padding: 0.75rem 1rem 2rem; }
      header { display: flex; align-items: center; justify-content: space-between; gap: 0.5rem; }
      h1 { font-size: 22px; margin: 0; }
      .office { margin: 0.25rem 0 0; color: #3d4a5e; font-size: 16px; }
      .lang { border: 2px solid #0b4f9c; background: #fff; color: #0b4f9c; min-height: 48px; padding: 0 0.75rem; flex: none; }
      .banner { background: #c8102e; color: #fff; font-weight: 600; padding: 0.5rem; border-radius: 8px; margin: 0.5rem 0; }
    `,
  ];

  @state() private language: 'vi' | 'en' = localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi';
  @state() private offer: BookingOffer | null = null;
  @state() private offices: BookingOfficeEntry[] | null = null;
  @state() private loadError = '';
  @state() private step: Step = 'services';
  @state() private choice: ServiceChoice | null = null;
  @state() private at: string | null = null;
  @state() private booking: CitizenBooking | null = null;
  @state() private busy = false;
  @state() private error = '';
  @state() private snapshot: Snapshot | null = null;
  @state() private connected = true;
  private feed: DisplayFeed | null = null;
  private feedKey = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  private get t(): BookingStrings {
    return this.language === 'en' ? BOOKING_EN : BOOKING_VI;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const token = tokenFromLocation();
    if (token) void this.loadBooking(token);
    else if (isDeploymentPage()) void this.loadOffices();
    void this.loadOffer();
    addEventListener('popstate', this.onPop);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('popstate', this.onPop);
    this.stopFeed();
  }

  private onPop = () => {
    const token = tokenFromLocation();
    if (token) void this.loadBooking(token);
    else this.restart();
  };

  override updated(): void {
    document.documentElement.lang = this.language;
    document.title = this.t.pageTitle;
  }

  private async loadOffer(): Promise<void> {
    const r = await bookingApi.offer();
    if (r.ok) {
      this.offer = r;
      this.loadError = '';
    } else this.loadError = this.language === 'en' ? r.error.messageEn : r.error.message;
  }

  /** A province's `/dat-lich/` first lists its offices; a one-office server goes straight on. */
  private async loadOffices(): Promise<void> {
    const r = await bookingApi.offices();
    if (!r.ok || r.single) return;
    this.offices = r.offices;
    if (this.step === 'services') this.step = 'offices';
  }

  private async loadBooking(token: string): Promise<void> {
    const r = await bookingApi.get(token);
    if (r.ok) this.showBooking(r.booking);
    else if (r.error.code === 'not_found' || r.error.code === 'invalid') {
      this.step = 'missing';
      this.stopFeed();
    } else this.loadError = this.language === 'en' ? r.error.messageEn : r.error.message;
  }

  private showBooking(b: CitizenBooking): void {
    this.booking = b;
    this.step = 'booking';
    this.loadError = '';
    if (b.state === 'booked' || b.state === 'checkedIn') this.startFeed();
    else this.stopFeed();
  }

  /** The public feed says when the hall moved; the booking is then read again (debounced). */
  private startFeed(): void {
    if (this.feed) return;
    const feed = (this.feed = new DisplayFeed());
    feed.subscribe((s, connected) => {
      const reconnected = connected && !this.connected;
      this.snapshot = s;
      this.connected = connected;
      const key = this.relevantKey(s);
      if (reconnected || key !== this.feedKey) {
        this.feedKey = key;
        this.refetchSoon();
      }
    });
    feed.onTickets((tickets) => {
      const b = this.booking;
      if (b && tickets.some((t) => t.id === b.ticket?.id || t.serviceId === b.serviceId)) this.refetchSoon();
    });
  }

  private stopFeed(): void {
    clearTimeout(this.timer);
    this.feed?.close();
    this.feed = null;
  }

  private relevantKey(s: Snapshot | null): string {
    const b = this.booking;
    const service = s && b ? s.services.find((x) => x.id === b.serviceId) : undefined;
    return service ? `${service.waiting}:${service.estimatedWaitMin}` : '';
  }

  private refetchSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.booking) void this.loadBooking(this.booking.token);
    }, REFETCH_DEBOUNCE_MS);
  }

  private restart(): void {
    this.stopFeed();
    this.booking = null;
    this.choice = null;
    this.at = null;
    this.error = '';
    this.step = this.offices ? 'offices' : 'services';
    if (tokenFromLocation()) history.pushState(null, '', bookingPath(''));
    void this.loadOffer();
  }

  private onChoose(e: CustomEvent<ServiceChoice>): void {
    this.choice = e.detail;
    this.at = null;
    this.error = '';
    this.step = e.detail.kind === 'slot' ? 'slots' : 'details';
  }

  private async onDetails(e: CustomEvent<BookingDetails>): Promise<void> {
    if (!this.choice || this.busy) return;
    this.busy = true;
    this.error = '';
    const r = await bookingApi.make({
      serviceId: this.choice.serviceId,
      kind: this.choice.kind,
      ...(this.at ? { at: this.at } : {}),
      ...e.detail,
    });
    this.busy = false;
    if (r.ok) {
      history.pushState(null, '', bookingPath(r.booking.token));
      this.showBooking(r.booking);
      return;
    }
    this.error = this.language === 'en' ? r.error.messageEn : r.error.message;
    const code: string = r.error.code;
    // A challenge is good once and a slot may just have filled: a fresh offer after any refusal
    // (the form solves the new challenge at once), so a second try is not refused for the proof.
    await this.loadOffer();
    if (code === 'booking_full' && this.choice.kind === 'slot') this.step = 'slots';
  }

  private async onCancel(): Promise<void> {
    const b = this.booking;
    if (!b || this.busy) return;
    this.busy = true;
    const r = await bookingApi.cancel(b.token);
    this.busy = false;
    if (r.ok) this.showBooking(r.booking);
    else this.error = this.language === 'en' ? r.error.messageEn : r.error.message;
  }

  private serviceName(id: string | undefined): string {
    const s = this.offer?.services.find((x) => x.id === id);
    const live = this.snapshot?.services.find((x) => x.id === id);
    if (s) return this.language === 'en' ? s.nameEn || s.name : s.name;
    return live ? (this.language === 'en' ? live.name.en || live.name.vi : live.name.vi) : '';
  }

  private toggleLang(): void {
    this.language = this.language === 'vi' ? 'en' : 'vi';
    localStorage.setItem(LANG_KEY, this.language);
  }

  override render() {
    const t = this.t;
    const officeName = this.offer?.office ?? this.snapshot?.office.name;
    return html`<header>
        <div>
          <h1>${t.title}</h1>
          ${officeName ? html`<p class="office">${this.language === 'en' ? officeName.en || officeName.vi : officeName.vi}</p>` : nothing}
        </div>
        <button class="lang" lang=${this.language === 'vi' ? 'en' : 'vi'} data-testid="lang" @click=${this.toggleLang}>${t.langSwitch}</button>
      </header>
      ${this.step === 'booking' && !this.connected ? html`<div class="banner" role="alert">${this.language === 'en' ? 'Connection lost — reconnecting' : 'Mất kết nối — đang kết nối lại'}</div>` : nothing}
      <main>${this.renderStep()}</main>`;
  }

  private renderStep() {
    const t = this.t;
    if (this.step === 'missing') {
      return html`<p class="card error" role="alert" data-testid="missing">${t.missing}</p>
        <button class="secondary" @click=${this.restart}>${t.newBooking}</button>`;
    }
    if (this.step === 'booking' && this.booking) {
      return html`<luot-booking-confirmation .booking=${this.booking} .t=${t} .serviceName=${this.serviceName(this.booking.serviceId)}
        .timeZone=${this.snapshot?.display?.timeZone ?? DEFAULT_TIME_ZONE} ?busy=${this.busy} .error=${this.error}
        @cancel=${this.onCancel} @again=${this.restart}></luot-booking-confirmation>`;
    }
    if (this.loadError && !this.offer) {
      return html`<p class="card error" role="alert">${this.loadError}</p>
        <button class="primary" @click=${() => void this.loadOffer()}>${t.retry}</button>`;
    }
    if (this.step === 'offices' && this.offices) return html`<luot-booking-offices .offices=${this.offices} .t=${t}></luot-booking-offices>`;
    const offer = this.offer;
    if (!offer) return html`<p role="status">${t.loading}</p>`;
    if (!offer.enabled) return html`<p class="card" role="status" data-testid="disabled">${t.disabled}</p>`;
    const service = offer.services.find((s) => s.id === this.choice?.serviceId);
    const back = (to: Step) => html`<button class="link" data-testid="back" @click=${() => (this.step = to)}>← ${t.back}</button>`;
    switch (this.step) {
      case 'services':
        return html`<luot-booking-services .services=${offer.services} .t=${t} @choose=${this.onChoose}></luot-booking-services>`;
      case 'slots':
        return service
          ? html`${back('services')}<luot-booking-slots .service=${service} .t=${t}
              @pick=${(e: CustomEvent<{ at: string }>) => ((this.at = e.detail.at), (this.error = ''), (this.step = 'details'))}></luot-booking-slots>`
          : nothing;
      case 'details': {
        const name = this.serviceName(service?.id);
        const kind: BookingKind = this.choice?.kind ?? 'remote';
        const summary = kind === 'slot' && this.at
          ? t.summarySlot(name, `${slotTime(this.at)} · ${dayLabel(this.at.slice(0, 10), this.language)}`)
          : t.summaryRemote(name);
        return html`${back(kind === 'slot' ? 'slots' : 'services')}<luot-booking-form .t=${t} .proofOffer=${offer.proof}
          .summary=${summary} ?busy=${this.busy} .error=${this.error} @details=${this.onDetails}></luot-booking-form>`;
      }
      default:
        return nothing;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-booking-app': LuotBookingApp;
  }
}
