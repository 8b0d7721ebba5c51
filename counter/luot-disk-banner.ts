// The server's disk, for staff: a red banner while the journal cannot write (every action is
// refused until it can), and for supervisors a note when damaged journal lines were set aside
// at start. Both come from the server's `disk` push, kept in LiveState.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LangController, LiveController } from './controllers.js';
import { clock } from './format.js';
import type { StaffClient } from './staff-client.js';
import { t } from './strings.js';

@customElement('luot-disk-banner')
export class LuotDiskBanner extends LitElement {
  static override styles = css`
    :host { display: block; }
    .failing { background: #b00020; color: #fff; padding: 0.55rem 1rem; font-weight: 700; }
    .since { font-weight: 400; margin-left: 0.6rem; }
    .damage { background: #fff4d6; color: #6b4a00; padding: 0.5rem 1rem; border-radius: 6px; margin-bottom: 0.8rem; }
    @media print { :host { display: none; } }
  `;

  @property({ attribute: false }) client: StaffClient | null = null;
  /** `failing`: the red banner; `damage`: the note on damaged journal lines (supervisor view). */
  @property() show: 'failing' | 'damage' = 'failing';

  constructor() {
    super();
    new LangController(this);
    new LiveController(this, () => this.client);
  }

  override render() {
    const disk = this.client?.live.disk ?? null;
    if (!disk) return nothing;
    if (this.show === 'failing') {
      if (disk.status !== 'failing') return nothing;
      return html`<div class="failing" role="alert" data-testid="disk-failing">
        ${t('diskFailing')}${disk.since ? html`<span class="since">${t('diskFailingSince', { time: clock(disk.since) })}</span>` : nothing}
      </div>`;
    }
    const d = disk.damage;
    if (!d) return nothing;
    return html`<div class="damage" role="status" data-testid="disk-damage">
      ${t('diskDamage', { day: d.day, n: d.lines.length, lines: d.lines.join(', '), file: d.file })}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-disk-banner': LuotDiskBanner;
  }
}
