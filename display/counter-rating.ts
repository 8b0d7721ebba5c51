// The counter display's rating channel: the display key this screen was paired with, and the
// rating request that carries it. The component calls rate() and never builds the request.
import { officeApi, officePrefix } from '../shared/client/office-base.js';
import type { ApiError, Result } from '../shared/errors.js';

// Per office too: one browser may have paired screens of two offices (the default office's key is as before).
const storageKey = (counter: number) => `luot.display.key.${officePrefix()}${counter}`;

export type RatingOutcome = { ok: true } | { ok: false; error: ApiError; offline: boolean };

export class CounterRating {
  private key: string | null;

  /**
   * Pairs from `?key=…` when the page was opened with one (an admin's link), then takes the key
   * out of the address bar so that it is not left on screen or in a photo of it.
   */
  constructor(
    private readonly counter: number,
    private readonly storage: Storage | undefined = globalThis.localStorage,
    loc: { search: string; href: string } = globalThis.location,
    history: Pick<History, 'replaceState'> | undefined = globalThis.history,
  ) {
    const url = new URL(loc.href);
    const fromUrl = url.searchParams.get('key');
    if (fromUrl) {
      this.storage?.setItem(storageKey(counter), fromUrl);
      url.searchParams.delete('key');
      history?.replaceState(null, '', url.pathname + url.search + url.hash);
    }
    this.key = fromUrl ?? this.storage?.getItem(storageKey(counter)) ?? null;
  }

  /** Whether this screen was paired: only then does it offer ratings. */
  get paired(): boolean {
    return this.key !== null;
  }

  async rate(counterId: string, score: number): Promise<RatingOutcome> {
    try {
      const res = await fetch(officeApi(`/api/counters/${encodeURIComponent(counterId)}/rating`), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-display-key': this.key ?? '' },
        body: JSON.stringify({ score }),
      });
      const body = (await res.json()) as Result<{ ticketId: string }>;
      if (body.ok) return { ok: true };
      // A key an admin replaced: this screen is no longer paired.
      if (body.error.code === 'forbidden') {
        this.key = null;
        this.storage?.removeItem(storageKey(this.counter));
      }
      return { ok: false, error: body.error, offline: false };
    } catch {
      return { ok: false, error: { code: 'internal', message: 'Mất kết nối', messageEn: 'Disconnected' }, offline: true };
    }
  }
}
