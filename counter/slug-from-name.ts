// The add-office form's suggestion of a slug from the office's Vietnamese name.
import { OFFICE_SLUG_MAX } from '../shared/office-slug.js';

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
