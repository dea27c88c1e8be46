// @vitest-environment happy-dom
import { expect, it } from 'vitest';
import { axeViolations, renderUi } from '../../ui/testing';
import { BarChart, niceMax, StackedBar } from './charts';

it('rounds the axis up to 1, 2 or 5 times a power of ten', () => {
  expect(niceMax(0)).toBe(1);
  expect(niceMax(3)).toBe(5);
  expect(niceMax(7)).toBe(10);
  expect(niceMax(12)).toBe(20);
  expect(niceMax(50)).toBe(50);
});

it('draws one bar per value, taller for more, and names every value for screen readers', async () => {
  const root = renderUi(
    <BarChart
      title="Practices captured per week"
      bars={[
        { label: '3 Mar', value: 2 },
        { label: '10 Mar', value: 4 },
        { label: '17 Mar', value: 0 },
      ]}
    />,
  );
  const bars = [...root.querySelectorAll<SVGRectElement>('.console-chart-bar')];
  expect(bars.map((b) => Number(b.getAttribute('height')))).toEqual([
    expect.any(Number),
    expect.any(Number),
    0,
  ]);
  expect(Number(bars[1]!.getAttribute('height'))).toBeCloseTo(
    2 * Number(bars[0]!.getAttribute('height')),
  );
  expect(root.querySelector('svg title')?.textContent).toBe(
    'Practices captured per week: 3 Mar 2, 10 Mar 4, 17 Mar 0',
  );
  expect([...root.querySelectorAll('table th')].map((th) => th.textContent)).toEqual([
    '3 Mar',
    '10 Mar',
    '17 Mar',
  ]);
  expect(await axeViolations()).toEqual([]);
});

it('splits a stacked bar in proportion and lists each count in the legend', async () => {
  const root = renderUi(
    <StackedBar
      title="Members by level"
      segments={[
        { label: 'Core', value: 1, tone: 'a' },
        { label: 'Active', value: 3, tone: 'b' },
        { label: 'Peripheral', value: 0, tone: 'c' },
      ]}
    />,
  );
  const width = (label: string) =>
    Number(root.querySelector(`[data-segment="${label}"]`)?.getAttribute('width'));
  expect(width('Active')).toBeCloseTo(3 * width('Core'));
  expect(width('Peripheral')).toBe(0);
  expect(root.querySelector('figcaption')?.textContent).toContain('Active: 3');
  expect(await axeViolations()).toEqual([]);
});
