import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storeClock, testClockFile } from './clock';

describe('the store clock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cop-clock-'));
  const file = join(dir, 'now');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the instant in the clock file each time, and real time while it is missing or empty', () => {
    const clock = storeClock(file);
    expect(Math.abs(clock().getTime() - Date.now())).toBeLessThan(60_000);
    writeFileSync(file, '2031-05-01T08:00:00Z\n');
    expect(clock().toISOString()).toBe('2031-05-01T08:00:00.000Z');
    writeFileSync(file, '2031-09-01T08:00:00Z');
    expect(clock().toISOString()).toBe('2031-09-01T08:00:00.000Z');
    writeFileSync(file, '');
    expect(clock().getFullYear()).toBe(new Date().getFullYear());
  });

  it('says what it expects when the file holds something else', () => {
    writeFileSync(file, 'next tuesday');
    expect(() => storeClock(file)()).toThrow(/ISO date.*next tuesday/);
  });

  it('is ignored in production', () => {
    expect(testClockFile({ COP_TEST_CLOCK_FILE: file })).toBe(file);
    expect(testClockFile({ COP_TEST_CLOCK_FILE: file, NODE_ENV: 'production' })).toBeUndefined();
  });
});
