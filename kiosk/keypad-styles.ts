// The big on-screen keypad of the kiosk's lazy screens (the staff PIN pad, the code entry): one
// look for both, and kept out of the start-up bundle because only those screens import it.
import { css } from 'lit';

export const keypadStyles = css`
  .error {
    margin: 0;
    min-height: 1.3em;
    color: var(--k-closed-reason);
    font-weight: 700;
  }
  .keys {
    display: grid;
    gap: 14px;
    grid-template-columns: repeat(3, 1fr);
  }
  .keys button {
    min-height: 92px;
    border: 3px solid var(--k-blue);
    background: var(--k-blue-soft);
    color: var(--k-ink);
    font-size: 44px;
    font-weight: 700;
  }
  .keys button.small {
    font-size: 30px;
  }
`;
