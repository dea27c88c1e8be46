import { describe, expect, it } from 'vitest';
import { isoWeek, isoWeekday } from './digest';

describe('digest weeks', () => {
  it('numbers weeks as ISO 8601 does, across a year end', () => {
    expect(isoWeek(new Date('2026-12-07T10:00:00Z'))).toBe('2026-W50');
    expect(isoWeek(new Date('2021-01-03T10:00:00Z'))).toBe('2020-W53');
    expect(isoWeek(new Date('2024-12-30T10:00:00Z'))).toBe('2025-W01');
    expect(isoWeekday(new Date('2026-12-07T10:00:00Z'))).toBe(1);
    expect(isoWeekday(new Date('2026-12-13T23:59:00Z'))).toBe(7);
  });
});
