// An office's slug, the `<slug>` of its URLs (`/o/<slug>/kiosk/`): the one rule, for the server's
// checks, the apps' reading of their address and the add-office form's live validation.

export const OFFICE_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const OFFICE_SLUG_MAX = 60;

export function isOfficeSlug(s: string): boolean {
  return s.length <= OFFICE_SLUG_MAX && OFFICE_SLUG.test(s);
}

/**
 * A slug suggested from a Vietnamese name: "Phường Bến Thành" → "phuong-ben-thanh". Diacritics
 * go (đ is a letter of its own, not d with a mark, so it is mapped by hand).
 */
export function slugFromName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, OFFICE_SLUG_MAX)
    .replace(/-+$/, '');
}
