// @vitest-environment happy-dom
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { axeViolations, button, click, renderUi } from '../../ui/testing';
import { standInCanvas } from '../testing/canvas-stand-in';
import { Chart, chartSummary } from './Chart';

beforeAll(standInCanvas);
afterAll(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const weekly = {
  title: 'Practices captured per week',
  labels: ['3 Mar', '10 Mar', '17 Mar'],
  series: [{ label: 'Count', values: [2, 4, 0] }],
};

it('draws uPlot’s canvas inside a figure named by its caption, summarised for screen readers', async () => {
  const root = renderUi(<Chart {...weekly} height={160} />);
  const plot = root.querySelector<HTMLElement>('figure [role="img"]')!;
  expect(plot.getAttribute('aria-label')).toBe(
    'Practices captured per week: 3 Mar 2, 10 Mar 4, 17 Mar 0',
  );
  // The height is there before uPlot arrives, so the page does not move when it does.
  expect(plot.style.height).toBe('160px');
  await vi.waitFor(() => expect(plot.querySelector('canvas')).not.toBeNull());
  // The caption alone names the figure; the table toggle sits beside it.
  expect(root.querySelector('figcaption')?.textContent).toBe('Practices captured per week');
  expect(await axeViolations()).toEqual([]);
});

it('shows the same numbers as a table, and the chart again', async () => {
  const root = renderUi(
    <Chart
      title="People at each level, month by month"
      kind="lines"
      labels={['2026-01', '2026-02']}
      series={[
        { label: 'Core', values: [1, 2] },
        { label: 'Active', values: [3, 1] },
      ]}
    />,
  );
  await click(button(root, 'Show as table'));
  expect(root.querySelector('[role="img"]')).toBeNull();
  const rows = [...root.querySelectorAll('table tr')].map((tr) =>
    [...tr.children].map((cell) => cell.textContent),
  );
  expect(rows).toEqual([
    ['Period', 'Core', 'Active'],
    ['2026-01', '1', '3'],
    ['2026-02', '2', '1'],
  ]);
  expect(await axeViolations()).toEqual([]);
  await click(button(root, 'Show as chart'));
  const plot = root.querySelector('[role="img"]')!;
  expect(plot.getAttribute('aria-label')).toBe(
    'People at each level, month by month: Core: 2026-01 1, 2026-02 2; Active: 2026-01 3, 2026-02 1',
  );
  await vi.waitFor(() => expect(plot.querySelector('canvas')).not.toBeNull());
});

it('names every series in the summary of a chart with several', () => {
  expect(
    chartSummary({
      title: 'Value given',
      labels: ['Jan'],
      series: [
        { label: 'Helped', values: [3] },
        { label: 'Verified', values: [1] },
      ],
    }),
  ).toBe('Value given: Helped: Jan 3; Verified: Jan 1');
});
