// The counter display's `?counter=`: the counter's number (`?counter=3`, what the home page and
// the settings print) or its id (`?counter=q3`, what the API and the staff app show).
import type { PublicCounter } from '../shared/types.js';

export function counterParam(search: string = globalThis.location?.search ?? ''): string {
  return (new URLSearchParams(search).get('counter') ?? '').trim();
}

/** The counter `param` names: by number when it is one, else by id; undefined when none. */
export function findCounter<C extends Pick<PublicCounter, 'id' | 'number'>>(counters: readonly C[], param: string): C | undefined {
  if (!param) return undefined;
  if (/^\d+$/.test(param)) {
    const byNumber = counters.find((c) => c.number === Number(param));
    if (byNumber) return byNumber;
  }
  return counters.find((c) => c.id === param);
}
