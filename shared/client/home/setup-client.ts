// The home page's data: GET /api/setup of the page's office, read again every few seconds so the
// checklist ticks while the installer works on the other devices (a password change or a test
// print is pushed to no socket the page could listen to).
import type { Result } from '../../errors.js';
import type { SetupState } from '../../setup.js';
import { officeApi } from '../office-base.js';

export const POLL_MS = 3000;

export class SetupClient {
  state: SetupState | null = null;
  /** False after a failed read: the page says its figures may be old. */
  connected = true;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(private readonly onChange: () => void) {}

  start(): void {
    void this.read();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async read(): Promise<void> {
    try {
      const res = await fetch(officeApi('/api/setup'), { cache: 'no-store' });
      const body = (await res.json()) as Result<SetupState>;
      if (!body.ok) throw new Error(body.error.message);
      const { ok: _ok, ...state } = body;
      this.state = state;
      this.connected = true;
    } catch {
      this.connected = false;
    }
    this.onChange();
    if (!this.stopped) this.timer = setTimeout(() => void this.read(), POLL_MS);
  }
}
