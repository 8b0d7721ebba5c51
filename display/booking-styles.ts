// The booking page's shared look: phone first, big type and targets (an elderly person's thumb),
// the ticket page's colours.
import { css } from 'lit';

export const bookingStyles = css`
  :host { display: block; font-size: 18px; line-height: 1.4; color: #10192b; }
  h2 { font-size: 22px; margin: 1rem 0 0.75rem; }
  .card { background: #fff; border-radius: 16px; padding: 1rem; box-shadow: 0 2px 10px rgba(16, 25, 43, 0.12); margin-bottom: 0.75rem; }
  button { font: inherit; font-weight: 600; min-height: 56px; border-radius: 12px; cursor: pointer; touch-action: manipulation; }
  .primary { width: 100%; border: 0; background: #0b4f9c; color: #fff; padding: 0.75rem 1rem; font-size: 20px; }
  .primary[disabled] { background: #6b778c; cursor: default; }
  .secondary { width: 100%; border: 2px solid #0b4f9c; background: #fff; color: #0b4f9c; padding: 0.6rem 1rem; }
  .danger { width: 100%; border: 0; background: #a30f26; color: #fff; padding: 0.75rem 1rem; }
  .link { border: 0; background: none; color: #0b4f9c; text-decoration: underline; min-height: 48px; padding: 0 0.25rem; }
  .hint { font-size: 15px; color: #3d4a5e; margin: 0.25rem 0 0; }
  .error { color: #a30f26; font-weight: 600; }
  :focus-visible { outline: 3px solid #ffd23f; outline-offset: 2px; }
`;
