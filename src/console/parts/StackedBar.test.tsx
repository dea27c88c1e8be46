// @vitest-environment happy-dom
import { expect, it } from 'vitest';
import { axeViolations, renderUi } from '../../ui/testing';
import { StackedBar } from './StackedBar';

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
