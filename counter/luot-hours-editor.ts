// Opening hours per weekday (several ranges a day; the gaps are breaks) and days off.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { OpeningHours, TimeRange, Weekday } from '../shared/types.js';
import { LangController } from './controllers.js';
import { shortDay } from './format.js';
import { t, type StringKey } from './strings.js';
import { base } from './styles.js';
import { errorFor, type FieldErrors } from './validation.js';

/** Monday first, as office timetables are written. */
const DAYS: { id: Weekday; label: StringKey }[] = [
  { id: 'mon', label: 'wdMon' },
  { id: 'tue', label: 'wdTue' },
  { id: 'wed', label: 'wdWed' },
  { id: 'thu', label: 'wdThu' },
  { id: 'fri', label: 'wdFri' },
  { id: 'sat', label: 'wdSat' },
  { id: 'sun', label: 'wdSun' },
];

export const STANDARD_HOURS: OpeningHours = {
  weekly: Object.fromEntries(
    (['mon', 'tue', 'wed', 'thu', 'fri'] as Weekday[]).map((d) => [d, [{ from: '07:30', to: '11:30' }, { from: '13:30', to: '17:00' }]]),
  ),
  daysOff: [],
};

@customElement('luot-hours-editor')
export class LuotHoursEditor extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      table td { padding: 0.25rem 0.4rem; }
      .ranges { display: flex; gap: 0.5rem; flex-wrap: wrap; align-items: center; }
      .range { display: inline-flex; gap: 0.2rem; align-items: center; border: 1px solid var(--line); border-radius: 6px; padding: 0.15rem 0.3rem; }
      .range input { padding: 0.15rem 0.3rem; }
      .closed { color: var(--luot-muted); font-style: italic; }
      .off { display: flex; gap: 0.4rem; flex-wrap: wrap; align-items: center; margin-top: 0.4rem; }
      .check { display: flex; gap: 0.5rem; align-items: center; font-weight: 400; }
    `,
  ];

  private readonly langCtl = new LangController(this);
  @property({ attribute: false }) value: OpeningHours | null = null;
  /** Errors under `hours.` from the service form. */
  @property({ attribute: false }) errors: FieldErrors = {};
  @state() private newDayOff = '';

  private emit(value: OpeningHours | null) {
    this.value = value;
    this.dispatchEvent(new CustomEvent('hours-change', { detail: value }));
  }

  private setDay(day: Weekday, ranges: TimeRange[]) {
    const v = this.value!;
    const weekly = { ...v.weekly };
    if (ranges.length) weekly[day] = ranges;
    else delete weekly[day];
    this.emit({ ...v, weekly });
  }

  private copyMonday() {
    const v = this.value!;
    const mon = v.weekly.mon ?? [];
    const weekly = { ...v.weekly };
    for (const d of ['tue', 'wed', 'thu', 'fri'] as Weekday[]) weekly[d] = mon.map((r) => ({ ...r }));
    this.emit({ ...v, weekly });
  }

  private addDayOff() {
    const v = this.value!;
    if (!this.newDayOff || v.daysOff.includes(this.newDayOff)) return;
    this.emit({ ...v, daysOff: [...v.daysOff, this.newDayOff].sort() });
    this.newDayOff = '';
  }

  override render() {
    const v = this.value;
    return html`
      <label class="check"><input type="checkbox" .checked=${v === null}
        @change=${(e: Event) => this.emit((e.target as HTMLInputElement).checked ? null : structuredClone(STANDARD_HOURS))} />
        ${t('hoursAlways')}</label>
      ${v === null
        ? nothing
        : html`<table>
            <tbody>
              ${DAYS.map(({ id, label }) => {
                const ranges = v.weekly[id] ?? [];
                return html`<tr>
                  <th scope="row">${t(label)}</th>
                  <td><div class="ranges">
                    ${ranges.length === 0 ? html`<span class="closed">${t('hoursClosedDay')}</span>` : nothing}
                    ${ranges.map((r, i) => {
                      const err = errorFor(this.errors, `hours.weekly.${id}.${i}`);
                      const set = (patch: Partial<TimeRange>) => this.setDay(id, ranges.map((x, j) => (j === i ? { ...x, ...patch } : x)));
                      return html`<span class="range">
                        <input type="time" aria-label="${t(label)} ${t('hoursFrom')} ${i + 1}" .value=${r.from}
                          aria-invalid=${err ? 'true' : 'false'} @change=${(e: Event) => set({ from: (e.target as HTMLInputElement).value })} />
                        –
                        <input type="time" aria-label="${t(label)} ${t('hoursTo')} ${i + 1}" .value=${r.to}
                          aria-invalid=${err ? 'true' : 'false'} @change=${(e: Event) => set({ to: (e.target as HTMLInputElement).value })} />
                        <button type="button" class="link" aria-label="${t('hoursRemove')} ${t(label)} ${i + 1}"
                          @click=${() => this.setDay(id, ranges.filter((_, j) => j !== i))}>✕</button>
                        ${err ? html`<span class="err">${err}</span>` : nothing}
                      </span>`;
                    })}
                    <button type="button" class="small" @click=${() => this.setDay(id, [...ranges, { from: ranges.at(-1)?.to ?? '07:30', to: '17:00' }])}
                      aria-label="${t('hoursAdd')} — ${t(label)}">+ ${t('hoursAdd')}</button>
                  </div></td>
                </tr>`;
              })}
            </tbody>
          </table>
          <button type="button" class="small" @click=${this.copyMonday}>${t('hoursCopyMonday')}</button>
          <div class="off">
            <strong>${t('daysOff')}:</strong>
            ${v.daysOff.length === 0 ? html`<span class="muted">${t('none')}</span>` : nothing}
            ${v.daysOff.map((d) => html`<span class="chip">${shortDay(d)}
              <button type="button" class="link" aria-label="${t('hoursRemove')} ${shortDay(d)}"
                @click=${() => this.emit({ ...v, daysOff: v.daysOff.filter((x) => x !== d) })}>✕</button></span>`)}
            <input type="date" aria-label=${t('daysOffAdd')} .value=${this.newDayOff}
              @change=${(e: Event) => (this.newDayOff = (e.target as HTMLInputElement).value)} />
            <button type="button" class="small" @click=${this.addDayOff}>${t('daysOffAdd')}</button>
            ${errorFor(this.errors, 'hours.daysOff') ? html`<span class="err">${errorFor(this.errors, 'hours.daysOff')}</span>` : nothing}
          </div>`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-hours-editor': LuotHoursEditor;
  }
}
