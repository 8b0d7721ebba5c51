// Styles every kiosk component shares: large type, big targets, a focus ring visible on any
// background. Colours are picked for WCAG AA contrast (most pairs reach AAA).
import { css } from 'lit';

export const kioskBase = css`
  :host {
    --k-blue: #0b4f9c;
    --k-blue-dark: #083a73;
    --k-blue-soft: #e3ecf8;
    --k-ink: #10192b;
    --k-muted: #3d4a5c;
    --k-paper: #ffffff;
    --k-bg: #f1f4f9;
    --k-priority: #9a3412;
    --k-priority-dark: #7c2d12;
    --k-closed-bg: #e4e8ef;
    --k-closed-ink: #2d3748;
    --k-closed-reason: #8f1d1d;
    --k-warn-bg: #fff4d6;
    --k-warn-ink: #5c3b00;
    --k-warn-line: #c98a00;
    --k-focus: #f59e0b;
    font-family: var(--luot-font, 'Be Vietnam Pro', system-ui, sans-serif);
    font-size: 28px;
    line-height: 1.3;
    color: var(--k-ink);
    -webkit-tap-highlight-color: transparent;
    -webkit-touch-callout: none;
    user-select: none;
  }
  button {
    font: inherit;
    min-height: 72px;
    touch-action: manipulation;
    cursor: pointer;
    border-radius: 18px;
  }
  button:focus-visible,
  input:focus-visible {
    outline: 6px solid var(--k-focus);
    outline-offset: 4px;
  }
  .icon {
    width: 1.4em;
    height: 1.4em;
    flex: none;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  /* The "back" button of the picker screens. */
  .back {
    align-self: flex-start;
    display: inline-flex;
    align-items: center;
    gap: 14px;
    padding: 12px 36px 12px 24px;
    border: 4px solid var(--k-blue);
    background: #fff;
    color: var(--k-blue);
    font-weight: 700;
  }
`;
