// A grouped bar chart drawn as inline SVG: no chart library, nothing fetched, prints as drawn.
import { LitElement, css, html, svg, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { num } from './format.js';

export interface ChartSeries {
  name: string;
  color: string;
  values: number[];
}

/** 1, 2, 5 × 10ⁿ steps, so that the axis reads in round numbers. */
function niceStep(max: number, ticks: number): number {
  const raw = Math.max(max, 1) / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  // Counts: never a half ticket on the axis.
  return Math.max(1, (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag);
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

@customElement('luot-bar-chart')
export class LuotBarChart extends LitElement {
  static override styles = css`
    :host { display: block; font-family: var(--luot-font); }
    svg { width: 100%; height: auto; display: block; }
    text { font-family: var(--luot-font); fill: #10192b; }
    .axis { font-size: 12px; fill: #4a5568; }
    .legend { display: flex; gap: 1rem; flex-wrap: wrap; font-size: 0.85rem; margin-top: 0.3rem; }
    .legend span { display: inline-flex; align-items: center; gap: 0.35rem; }
    .legend i { width: 0.8rem; height: 0.8rem; display: inline-block; border-radius: 2px; }
  `;

  @property() label = '';
  @property({ attribute: false }) categories: string[] = [];
  @property({ attribute: false }) series: ChartSeries[] = [];
  @property() orientation: 'vertical' | 'horizontal' = 'vertical';

  override render() {
    if (this.categories.length === 0) return nothing;
    return html`${this.orientation === 'horizontal' ? this.horizontal() : this.vertical()}
      <div class="legend" aria-hidden="true">
        ${this.series.map((s) => html`<span><i style="background:${s.color}"></i>${s.name}</span>`)}
      </div>`;
  }

  private max(): number {
    return Math.max(0, ...this.series.flatMap((s) => s.values));
  }

  private vertical() {
    const W = 760, H = 240, left = 40, right = 8, top = 10, bottom = 36;
    const cats = this.categories;
    const step = niceStep(this.max(), 4);
    const top_ = Math.max(step, Math.ceil(this.max() / step) * step);
    const plotW = W - left - right, plotH = H - top - bottom;
    const band = plotW / cats.length;
    // A day or two must not turn into slabs: bars stay bar-sized and the group is centred.
    const barW = Math.max(1, Math.min(36, (band * 0.8) / this.series.length));
    const groupW = barW * this.series.length;
    const y = (v: number) => top + plotH - (v / top_) * plotH;
    // Label every k-th category so that a quarter's 90 days stay legible.
    const every = Math.max(1, Math.ceil(cats.length / 16));
    const ticks = Array.from({ length: Math.round(top_ / step) + 1 }, (_, i) => i * step);
    return html`<svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${this.label}>
      <title>${this.label}</title>
      ${ticks.map((v) => svg`<line x1=${left} x2=${W - right} y1=${y(v)} y2=${y(v)} stroke="#e2e7f0" />
        <text class="axis" x=${left - 6} y=${y(v) + 4} text-anchor="end">${num(v)}</text>`)}
      ${cats.map((cat, i) => {
        const x0 = left + i * band + (band - groupW) / 2;
        return svg`<g>
          ${this.series.map((s, k) => {
            const v = s.values[i] ?? 0;
            return svg`<rect x=${x0 + k * barW} y=${y(v)} width=${Math.max(1, barW - 1)} height=${Math.max(0, top + plotH - y(v))} fill=${s.color}>
              <title>${cat} — ${s.name}: ${num(v)}</title></rect>`;
          })}
          ${i % every === 0 ? svg`<text class="axis" x=${left + i * band + band / 2} y=${H - bottom + 16} text-anchor="middle">${cat}</text>` : nothing}
        </g>`;
      })}
      <line x1=${left} x2=${W - right} y1=${top + plotH} y2=${top + plotH} stroke="#8a94a6" />
    </svg>`;
  }

  private horizontal() {
    const cats = this.categories;
    const rowH = 12 + this.series.length * 13;
    const W = 760, left = 230, right = 50, top = 6;
    const H = top + cats.length * rowH + 22;
    const step = niceStep(this.max(), 5);
    const max = Math.max(step, Math.ceil(this.max() / step) * step);
    const plotW = W - left - right;
    const x = (v: number) => left + (v / max) * plotW;
    const ticks = Array.from({ length: Math.round(max / step) + 1 }, (_, i) => i * step);
    return html`<svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${this.label}>
      <title>${this.label}</title>
      ${ticks.map((v) => svg`<line x1=${x(v)} x2=${x(v)} y1=${top} y2=${H - 20} stroke="#e2e7f0" />
        <text class="axis" x=${x(v)} y=${H - 6} text-anchor="middle">${num(v)}</text>`)}
      ${cats.map((cat, i) => {
        const y0 = top + i * rowH + 5;
        return svg`<g>
          <text x=${left - 8} y=${y0 + (this.series.length * 13) / 2 + 4} text-anchor="end" font-size="14"><title>${cat}</title>${clip(cat, 28)}</text>
          ${this.series.map((s, k) => {
            const v = s.values[i] ?? 0;
            return svg`<rect x=${left} y=${y0 + k * 13} width=${Math.max(0, x(v) - left)} height="11" fill=${s.color}>
              <title>${cat} — ${s.name}: ${num(v)}</title></rect>
              <text class="axis" x=${x(v) + 4} y=${y0 + k * 13 + 10}>${num(v)}</text>`;
          })}
        </g>`;
      })}
    </svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luot-bar-chart': LuotBarChart;
  }
}
