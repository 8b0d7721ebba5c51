// Reactive controllers: re-render a component when the language, the live state or the clock moves.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { StaffClient } from './staff-client.js';
import { onLangChange } from './strings.js';

export class LangController implements ReactiveController {
  private off: (() => void) | null = null;
  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }
  hostConnected(): void {
    this.off = onLangChange(() => this.host.requestUpdate());
  }
  hostDisconnected(): void {
    this.off?.();
  }
}

/**
 * Follows a StaffClient that the host receives as a property (it may arrive after connection
 * or change after a re-login). LiveState mutates its snapshot in place, so a property
 * comparison would never see a change: this asks for an update on every notification.
 */
export class LiveController implements ReactiveController {
  private off: (() => void) | null = null;
  private client: StaffClient | null = null;
  constructor(private readonly host: ReactiveControllerHost, private readonly get: () => StaffClient | null | undefined) {
    host.addController(this);
  }
  hostConnected(): void {
    this.follow();
  }
  hostUpdate(): void {
    if ((this.get() ?? null) !== this.client) this.follow();
  }
  hostDisconnected(): void {
    this.off?.();
    this.off = null;
    this.client = null;
  }
  private follow(): void {
    this.off?.();
    this.client = this.get() ?? null;
    let first = true;
    this.off =
      this.client?.subscribe(() => {
        // subscribe() calls back at once; that first call happens inside an update.
        if (first) first = false;
        else this.host.requestUpdate();
      }) ?? null;
  }
}

/** Re-renders every `ms` so that waiting and idle times keep counting. */
export class TickController implements ReactiveController {
  private timer: ReturnType<typeof setInterval> | null = null;
  constructor(private readonly host: ReactiveControllerHost, private readonly ms = 15_000) {
    host.addController(this);
  }
  hostConnected(): void {
    this.timer = setInterval(() => this.host.requestUpdate(), this.ms);
  }
  hostDisconnected(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
