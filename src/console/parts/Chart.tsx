/**
 * A chart drawn by uPlot, with the same numbers as a table a person can show instead. uPlot and its
 * stylesheet load on the first chart shown, so the console's first bundle does not carry them; the chart's
 * height is reserved from the start, so nothing moves when it arrives.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';

export interface ChartSeries {
  label: string;
  values: number[];
}

export interface ChartProps {
  /** The figure's caption, and the start of what a screen reader hears. */
  title: string;
  /** The categories along the x axis (weeks, months), in order. */
  labels: string[];
  series: ChartSeries[];
  /** Bars for counts per period; lines for how a figure moves over time. */
  kind?: 'bars' | 'lines';
  /** The plot's height in CSS pixels, reserved before uPlot arrives. */
  height?: number;
  /** Write every nth x label when the categories are many. */
  labelEvery?: number;
}

let loaded: Promise<typeof uPlot> | undefined;

/** uPlot and its stylesheet, fetched once, when the first chart appears. */
export function loadUplot(): Promise<typeof uPlot> {
  loaded ??= Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(
    ([module]) => module.default,
  );
  return loaded;
}

/** What the chart shows, in words: "Title: a 1, b 2" for one series, each series named for several. */
export function chartSummary({ title, labels, series }: ChartProps): string {
  const values = (s: ChartSeries) => labels.map((l, i) => `${l} ${s.values[i] ?? 0}`).join(', ');
  if (series.length === 1) return `${title}: ${values(series[0]!)}`;
  return `${title}: ${series.map((s) => `${s.label}: ${values(s)}`).join('; ')}`;
}

/** The legend's swatch classes (console.css), one per series colour of `themeColours`. */
const SWATCHES = ['b', 'a', 'c', 'd'];

/** Colours from the console's theme (light or dark), for a canvas that cannot read CSS variables. */
function themeColours(element: HTMLElement) {
  const style = getComputedStyle(element);
  const token = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: token('--_fg', '#1f2933'),
    grid: token('--_border', '#d0d7de'),
    // In the order of SWATCHES, the legend's classes for the same colours.
    series: [
      token('--_accent', '#1d4ed8'),
      token('--_ok', '#15803d'),
      '#d97706',
      token('--_muted', '#6b7280'),
    ],
  };
}

/** The share of a category's width its bars take, together. */
const GROUP = 0.7;

/**
 * Bars side by side: each series gets its slice of the category's group, placed by its left edge in the
 * x scale's units (one category per unit).
 */
function barsOf(UPlot: typeof uPlot, count: number) {
  if (count === 1) return UPlot.paths.bars!({ size: [GROUP, 64] });
  const width = GROUP / count;
  return UPlot.paths.bars!({
    disp: {
      x0: {
        unit: 1,
        values: (u, seriesIdx) =>
          (u.data[0] as number[]).map((i) => i - GROUP / 2 + (seriesIdx - 1) * width),
      },
      size: { unit: 1, values: (u) => (u.data[0] as number[]).map(() => width) },
    },
  });
}

function chartOptions(
  UPlot: typeof uPlot,
  props: ChartProps,
  element: HTMLElement,
  width: number,
): uPlot.Options {
  const { labels, series, kind = 'bars', height = 180, labelEvery = 1 } = props;
  const colours = themeColours(element);
  const axis = { stroke: colours.text, grid: { stroke: colours.grid, width: 0.5 } };
  return {
    width,
    height,
    // The caption, the summary and the table say what the legend would.
    legend: { show: false },
    cursor: { show: false },
    scales: {
      x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] },
      y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
    },
    axes: [
      {
        ...axis,
        splits: () => labels.map((_l, i) => i),
        // Every nth label, so that labels about 56 px wide never overlap, however narrow the chart.
        values: (u, splits) => {
          const every = Math.max(
            labelEvery,
            Math.ceil((labels.length * 56) / Math.max(1, u.width)),
          );
          return splits.map((i) => (i % every === 0 ? (labels[i] ?? '') : ''));
        },
      },
      // Counts: whole steps only.
      { ...axis, size: 40, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000] },
    ],
    series: [
      {},
      ...series.map((s, i) => {
        const colour = colours.series[i % colours.series.length]!;
        return kind === 'bars'
          ? {
              label: s.label,
              fill: colour,
              stroke: colour,
              paths: barsOf(UPlot, series.length),
              points: { show: false },
            }
          : { label: s.label, stroke: colour, width: 2, points: { show: true } };
      }),
    ],
  };
}

/** One chart of the console: uPlot's drawing, named for screen readers, with a table to show instead. */
export function Chart(props: ChartProps) {
  const { title, labels, series, kind = 'bars', height = 180, labelEvery = 1 } = props;
  const plot = useRef<HTMLDivElement>(null);
  const [asTable, setAsTable] = useState(false);
  const shape = JSON.stringify([labels, series, kind, height, labelEvery]);

  // `shape` stands for every prop the drawing uses: a new render with the same figures draws nothing again.
  useEffect(() => {
    const element = plot.current;
    if (!element || asTable) return;
    let chart: uPlot | undefined;
    let resize: ResizeObserver | undefined;
    let gone = false;
    const width = () => element.clientWidth || 480;
    void loadUplot().then((UPlot) => {
      if (gone) return;
      const data: uPlot.AlignedData = [labels.map((_l, i) => i), ...series.map((s) => s.values)];
      chart = new UPlot(chartOptions(UPlot, props, element, width()), data, element);
      if (typeof ResizeObserver === 'function') {
        resize = new ResizeObserver(() => chart?.setSize({ width: width(), height }));
        resize.observe(element);
      }
    });
    return () => {
      gone = true;
      resize?.disconnect();
      chart?.destroy();
    };
  }, [shape, asTable]);

  return (
    <figure class="console-chart" data-chart={title}>
      {asTable ? (
        <table class="console-table console-chart-table">
          <caption class="cop-visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">
                <span class="cop-visually-hidden">Period</span>
              </th>
              {series.map((s) => (
                <th key={s.label} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, i) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {series.map((s) => (
                  <td key={s.label}>{s.values[i] ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <div
          ref={plot}
          class="console-chart-plot"
          role="img"
          aria-label={chartSummary(props)}
          style={{ height: `${height}px` }}
        />
      )}
      <figcaption>{title}</figcaption>
      {series.length > 1 && (
        <ul class="console-legend" aria-hidden="true">
          {series.map((s, i) => (
            <li key={s.label}>
              <span class={`console-swatch console-chart-seg--${SWATCHES[i % SWATCHES.length]}`} />
              {s.label}
            </li>
          ))}
        </ul>
      )}
      {/* Outside the caption, so the figure's name is its title alone. */}
      <button
        type="button"
        class="cop-button cop-button--small console-chart-toggle"
        onClick={() => setAsTable(!asTable)}
      >
        {asTable ? 'Show as chart' : 'Show as table'}
      </button>
    </figure>
  );
}
