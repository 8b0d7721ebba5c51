// An office's slug, the `<slug>` of its URLs (`/o/<slug>/kiosk/`): the one rule, for the server's
// checks, the apps' reading of their address and the add-office form's live validation.

export const OFFICE_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const OFFICE_SLUG_MAX = 60;

export function isOfficeSlug(s: string): boolean {
  return s.length <= OFFICE_SLUG_MAX && OFFICE_SLUG.test(s);
}
