// Inline SVG pictograms: they render offline and need no emoji font (most kiosk PCs lack one).
// Decorative only: every icon sits next to its text, so they are hidden from screen readers.
import { html, svg, type SVGTemplateResult, type TemplateResult } from 'lit';
import type { Priority } from '../shared/types.js';

const icon = (body: SVGTemplateResult): TemplateResult => html`<svg
  class="icon"
  viewBox="0 0 64 64"
  aria-hidden="true"
  focusable="false"
  fill="none"
  stroke="currentColor"
  stroke-width="4.5"
  stroke-linecap="round"
  stroke-linejoin="round"
>${body}</svg>`;

export const PRIORITY_ICONS: Record<Priority, TemplateResult> = {
  // Bent figure with a walking stick.
  elderly: icon(svg`<circle cx="28" cy="10" r="6" fill="currentColor" stroke="none" />
    <path d="M27 19 L22 38 M22 38 L17 58 M22 38 L30 58 M25 26 L37 32 M37 32 L40 58 M34 30 Q38 24 42 30" />`),
  // The international symbol of access.
  disabled: icon(svg`<circle cx="26" cy="9" r="6" fill="currentColor" stroke="none" />
    <path d="M26 18 L26 36 L42 36 L48 52 L54 50 M26 26 L38 26" />
    <path d="M18 32 A14 14 0 1 0 40 47" />`),
  pregnant: icon(svg`<circle cx="30" cy="9" r="6" fill="currentColor" stroke="none" />
    <path d="M29 18 C24 24 24 29 29 31 C42 32 44 46 31 48 L27 48 M28 48 L25 60 M33 48 L35 60 M28 23 L36 30" />`),
  // An adult holding a small child's hand.
  child: icon(svg`<circle cx="20" cy="10" r="6" fill="currentColor" stroke="none" />
    <path d="M20 19 L20 40 M20 40 L14 60 M20 40 L26 60 M20 25 L33 38" />
    <circle cx="44" cy="29" r="5" fill="currentColor" stroke="none" />
    <path d="M44 36 L44 48 M44 48 L40 60 M44 48 L48 60 M44 40 L34 38" />`),
  // A medal with a star.
  merit: icon(svg`<path d="M20 4 L29 24 M44 4 L35 24" />
    <circle cx="32" cy="41" r="16" />
    <polygon
      fill="currentColor"
      stroke="none"
      points="32.0,31.0 34.5,37.6 41.5,37.9 36.0,42.3 37.9,49.1 32.0,45.2 26.1,49.1 28.0,42.3 22.5,37.9 29.5,37.6"
    />`),
};

export const GLOBE_ICON = icon(svg`<circle cx="32" cy="32" r="24" />
  <path d="M8 32 H56 M32 8 C22 18 22 46 32 56 M32 8 C42 18 42 46 32 56" />`);

export const BACK_ICON = icon(svg`<path d="M40 12 L20 32 L40 52" />`);

export const CLOCK_ICON = icon(svg`<circle cx="32" cy="32" r="24" /><path d="M32 18 V32 L42 38" />`);

export const WARNING_ICON = icon(svg`<path d="M32 6 L60 56 H4 Z" /><path d="M32 24 V38" /><circle cx="32" cy="47" r="2.5" fill="currentColor" />`);

export const SPEAKER_ICON = icon(svg`<path d="M8 24 H20 L34 12 V52 L20 40 H8 Z" />
  <path d="M42 24 C46 28 46 36 42 40 M48 18 C56 26 56 38 48 46" />`);

export const PEOPLE_ICON = icon(svg`<circle cx="24" cy="18" r="8" /><path d="M8 54 C8 38 40 38 40 54" />
  <circle cx="44" cy="22" r="6" /><path d="M42 36 C52 36 58 42 58 54" />`);
