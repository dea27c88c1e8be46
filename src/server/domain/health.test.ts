import { expect, it } from 'vitest';
import { median, parseRange, weekStartOf } from './health';

it('starts weeks on Monday, UTC', () => {
  const monday = Date.parse('2025-03-03T00:00:00Z');
  expect(weekStartOf(Date.parse('2025-03-03T00:00:00Z'))).toBe(monday);
  expect(weekStartOf(Date.parse('2025-03-09T23:59:59Z'))).toBe(monday);
  expect(weekStartOf(Date.parse('2025-03-10T00:00:00Z'))).toBe(monday + 7 * 86_400_000);
});

it('takes the median, averaging the middle two of an even count', () => {
  expect(median([])).toBeNull();
  expect(median([5, 1, 3])).toBe(3);
  expect(median([4, 1, 3, 10])).toBe(3.5);
});

it('reads a range of whole UTC days and refuses nonsense with a sentence', () => {
  expect(parseRange('2025-03-01', '2025-03-01')).toEqual({
    start: Date.parse('2025-03-01T00:00:00Z'),
    end: Date.parse('2025-03-02T00:00:00Z'),
  });
  expect(() => parseRange('2025-03-02', '2025-03-01')).toThrow(/on or before/);
  expect(() => parseRange('2020-01-01', '2025-01-01')).toThrow(/at most 731 days/);
  expect(() => parseRange('2025-13-45', '2025-01-01')).toThrow(/YYYY-MM-DD/);
});
