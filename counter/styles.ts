// Styles every staff component shares: shadow DOM does not inherit page CSS, only custom properties.
import { css } from 'lit';

export const base = css`
  :host {
    --line: #cfd6e3;
    --soft: #e9eef6;
    --card: #ffffff;
    --danger: #b00020;
    --danger-bg: #fdecee;
    --ok-bg: #e6f4ea;
    --warn-bg: #fff4d6;
    box-sizing: border-box;
    font-family: var(--luot-font);
    color: var(--luot-fg);
  }
  *, *::before, *::after { box-sizing: inherit; }
  h1, h2, h3 { margin: 0 0 0.5rem; line-height: 1.25; }
  h2 { font-size: 1.15rem; }
  h3 { font-size: 1rem; }
  p { margin: 0.25rem 0; }
  .card {
    background: var(--card);
    border: 1px solid var(--line);
    border-radius: 10px;
    padding: 0.9rem 1rem;
  }
  button, .btn {
    font: inherit;
    font-weight: 600;
    border: 1px solid var(--luot-primary);
    background: #fff;
    color: var(--luot-primary);
    border-radius: 8px;
    padding: 0.45rem 0.8rem;
    cursor: pointer;
    line-height: 1.2;
    white-space: nowrap;
  }
  button:hover:not([disabled]) { background: var(--soft); }
  button.primary { background: var(--luot-primary); color: var(--luot-primary-fg); }
  button.primary:hover:not([disabled]) { background: #093f7c; }
  button.danger { border-color: var(--danger); color: var(--danger); }
  button.danger.primary { background: var(--danger); color: #fff; }
  button.link { border: 0; background: none; padding: 0.2rem 0.3rem; text-decoration: underline; }
  button.small { padding: 0.2rem 0.5rem; font-size: 0.9rem; }
  button[disabled] { opacity: 1; border-color: #c3c9d4; color: #6b7280; background: #eef0f4; cursor: not-allowed; }
  button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, a:focus-visible {
    outline: 3px solid #f5b400;
    outline-offset: 2px;
  }
  kbd {
    font-family: ui-monospace, monospace;
    font-size: 0.8em;
    font-weight: 700;
    border: 1px solid currentColor;
    border-radius: 4px;
    padding: 0 0.3em;
    margin-left: 0.4em;
  }
  input, select, textarea {
    font: inherit;
    padding: 0.4rem 0.5rem;
    border: 1px solid #8a94a6;
    border-radius: 6px;
    background: #fff;
    color: inherit;
    min-width: 0;
  }
  input[disabled], select[disabled], textarea[disabled] { background: #eef0f4; color: #4a5568; }
  input[aria-invalid='true'], select[aria-invalid='true'] { border-color: var(--danger); border-width: 2px; }
  label { font-weight: 600; font-size: 0.92rem; }
  .field { display: flex; flex-direction: column; gap: 0.2rem; min-width: 0; }
  .field > input:not([type='checkbox']):not([type='radio']):not([type='range']), .field > select, .field > textarea { width: 100%; }
  .field .hint { font-weight: 400; font-size: 0.85rem; color: var(--luot-muted); }
  .err { color: var(--danger); font-size: 0.88rem; font-weight: 600; }
  .alert { background: var(--danger-bg); color: var(--danger); border: 1px solid #f3b5bd; border-radius: 8px; padding: 0.5rem 0.75rem; font-weight: 600; }
  .notice { background: var(--ok-bg); color: var(--luot-ok); border: 1px solid #b7dfc4; border-radius: 8px; padding: 0.5rem 0.75rem; font-weight: 600; }
  .info { background: var(--soft); color: var(--luot-fg); border-radius: 8px; padding: 0.5rem 0.75rem; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: middle; }
  th { font-size: 0.85rem; color: var(--luot-muted); font-weight: 600; }
  tbody th { font-size: inherit; color: inherit; font-weight: 700; }
  td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
  td.n { white-space: nowrap; }
  .muted { color: var(--luot-muted); }
  .chip { display: inline-block; border-radius: 999px; padding: 0.05rem 0.6rem; font-size: 0.85rem; font-weight: 600; background: var(--soft); white-space: nowrap; }
  .chip.ok { background: var(--ok-bg); color: var(--luot-ok); }
  .chip.warn { background: var(--warn-bg); color: var(--luot-warn); }
  .chip.bad { background: var(--danger-bg); color: var(--danger); }
  .chip.prio { background: #fde7d9; color: #8a3b00; }
  .row { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  dialog { border: 1px solid var(--line); border-radius: 12px; padding: 1.2rem; min-width: 22rem; max-width: 90vw; }
  dialog::backdrop { background: rgba(16, 25, 43, 0.5); }
`;

/** A report section's row of key figures (the bookings and pickup sections of the reports page). */
export const kpis = css`:host { display: block; } .kpis { display: flex; flex-wrap: wrap; gap: 1.2rem; margin-bottom: 0.6rem; }
  .kpis div { display: flex; flex-direction: column; } .kpis strong { font-size: 1.5rem; }`;
