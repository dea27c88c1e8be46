/**
 * Hand-made SVG charts for the health page: bars over time and one stacked bar of shares. Each chart
 * names itself for screen readers and carries its numbers in a table for those who cannot see it.
 */
import { useId } from 'preact/hooks';

export interface Bar {
  label: string;
  value: number;
}

/** A round upper bound for the axis: 1, 2, 5, 10, 20, 50… at least `max`. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= max) return step * magnitude;
  return 10 * magnitude;
}

export function BarChart({
  title,
  bars,
  height = 180,
  labelEvery = 1,
}: {
  title: string;
  bars: Bar[];
  height?: number;
  /** Show every nth x label when bars are many. */
  labelEvery?: number;
}) {
  const id = useId();
  const top = niceMax(Math.max(0, ...bars.map((b) => b.value)));
  const left = 32;
  const bottom = 28;
  const slot = 36;
  const width = left + Math.max(1, bars.length) * slot + 8;
  const plot = height - bottom - 12;
  const y = (v: number) => 12 + plot - (v / top) * plot;
  const ticks = [0, top / 2, top];
  return (
    <figure class="console-chart">
      <svg
        role="img"
        aria-labelledby={`${id}-t`}
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        style={{ maxWidth: `${width * 1.6}px` }}
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={`${id}-t`}>
          {title}: {bars.map((b) => `${b.label} ${b.value}`).join(', ')}
        </title>
        {ticks.map((t) => (
          <g key={t}>
            <line class="console-chart-grid" x1={left} x2={width - 4} y1={y(t)} y2={y(t)} />
            <text class="console-chart-axis" x={left - 6} y={y(t) + 4} text-anchor="end">
              {Number.isInteger(t) ? t : t.toFixed(1)}
            </text>
          </g>
        ))}
        {bars.map((b, i) => {
          const x = left + i * slot + 6;
          const h = (b.value / top) * plot;
          return (
            <g key={b.label} data-bar={b.label} data-value={b.value}>
              <rect class="console-chart-bar" x={x} y={y(b.value)} width={slot - 12} height={h}>
                <title>
                  {b.label}: {b.value}
                </title>
              </rect>
              {b.value > 0 && (
                <text
                  class="console-chart-value"
                  x={x + (slot - 12) / 2}
                  y={y(b.value) - 3}
                  text-anchor="middle"
                >
                  {b.value}
                </text>
              )}
              {i % labelEvery === 0 && (
                <text
                  class="console-chart-axis"
                  x={x + (slot - 12) / 2}
                  y={height - 10}
                  text-anchor="middle"
                >
                  {b.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>{title}</figcaption>
      <DataTable caption={title} rows={bars.map((b) => [b.label, b.value])} />
    </figure>
  );
}

export interface Segment {
  label: string;
  value: number;
  /** A CSS class suffix choosing the colour. */
  tone: 'a' | 'b' | 'c' | 'd';
}

/** One horizontal bar split into shares, with a legend giving each count. */
export function StackedBar({ title, segments }: { title: string; segments: Segment[] }) {
  const id = useId();
  const total = segments.reduce((n, s) => n + s.value, 0);
  const width = 300;
  let x = 0;
  return (
    <figure class="console-chart">
      <svg role="img" aria-labelledby={`${id}-t`} viewBox={`0 0 ${width} 24`} width="100%">
        <title id={`${id}-t`}>
          {title}: {segments.map((s) => `${s.label} ${s.value}`).join(', ')}
        </title>
        <rect class="console-chart-empty" x="0" y="0" width={width} height="24" rx="4" />
        {total > 0 &&
          segments.map((s) => {
            const w = (s.value / total) * width;
            const rect = (
              <rect
                key={s.label}
                class={`console-chart-seg console-chart-seg--${s.tone}`}
                x={x}
                y="0"
                width={w}
                height="24"
                data-segment={s.label}
                data-value={s.value}
              />
            );
            x += w;
            return rect;
          })}
      </svg>
      <figcaption>
        {title}
        <ul class="console-legend">
          {segments.map((s) => (
            <li key={s.label}>
              <span class={`console-swatch console-chart-seg--${s.tone}`} aria-hidden="true" />
              {s.label}: {s.value}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

function DataTable({ caption, rows }: { caption: string; rows: [string, number][] }) {
  return (
    <table class="cop-visually-hidden">
      <caption>{caption}</caption>
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
