// A face whose mouth follows the rating (no emoji: office PCs and CI lack a colour emoji font).
import { svg } from 'lit';

export function face(mood: number) {
  const y = 15.5 - mood * 1.5;
  const curve = y + mood * 4;
  return svg`<svg viewBox="0 0 24 24" aria-hidden="true" class="face">
    <circle cx="12" cy="12" r="10.5" fill="none" stroke="currentColor" stroke-width="1.6"/>
    <circle cx="8.5" cy="9.5" r="1.4" fill="currentColor"/><circle cx="15.5" cy="9.5" r="1.4" fill="currentColor"/>
    <path d="M7 ${y} Q12 ${curve} 17 ${y}" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/>
  </svg>`;
}
