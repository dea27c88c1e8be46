import { expect, it } from 'vitest';
import { duration, isoDay, percent, timeAgo } from './format';

it('writes durations a person reads at a glance', () => {
  expect(duration(null)).toBe('–');
  expect(duration(350)).toBe('350 ms');
  expect(duration(45_000)).toBe('45 s');
  expect(duration(12 * 60_000)).toBe('12 min');
  expect(duration(3 * 3_600_000 + 20 * 60_000)).toBe('3 h 20 min');
  expect(duration(2 * 86_400_000 + 4 * 3_600_000)).toBe('2 d 4 h');
});

it('writes shares as rounded percentages, and nothing to divide as a dash', () => {
  expect(percent(0.756)).toBe('76%');
  expect(percent(null)).toBe('–');
});

it('writes relative times and UTC days', () => {
  const now = Date.parse('2025-03-10T12:00:00Z');
  expect(timeAgo('2025-03-07T12:00:00Z', now)).toBe('3 days ago');
  expect(timeAgo('2025-03-10T11:59:58Z', now)).toBe('2 seconds ago');
  expect(isoDay(Date.parse('2025-03-10T23:30:00Z'))).toBe('2025-03-10');
});
