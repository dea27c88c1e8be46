/**
 * One horizontal bar split into shares, for the health page: a proportion rather than a series (the series
 * are uPlot's, in Chart.tsx). It names itself for screen readers and lists each count in its legend.
 */
import { useId } from 'preact/hooks';

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
