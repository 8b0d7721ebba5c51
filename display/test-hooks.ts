// The window.__luot… lists that browser tests read. They stay in production builds: the tests run
// the very build that ships (`npm test` builds once), and a hook compiled out would leave the
// shipped code untested. What makes that safe on a screen that runs all day for months is the
// bound: each list keeps only its newest entries, a few kilobytes at most.

/** Entries kept per hook: far more than any test reads, far less than a day of calls. */
export const TEST_HOOK_LIMIT = 200;

/** Appends `entry`, dropping the oldest entries beyond the limit. */
export function record<T>(list: T[], entry: T, limit = TEST_HOOK_LIMIT): void {
  list.push(entry);
  if (list.length > limit) list.splice(0, list.length - limit);
}
