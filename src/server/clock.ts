/**
 * The store's clock for what depends on the calendar (practices falling due, the weekly digest). Outside
 * production, COP_TEST_CLOCK_FILE names a file holding an ISO instant that replaces the time, so an
 * end-to-end test can age practices by months without waiting; an empty or missing file means real time.
 */
import { readFileSync } from 'node:fs';

export type Clock = () => Date;

/** Real time, or the instant in `file` each time it is read (the file may change while the store runs). */
export function storeClock(file: string | undefined): Clock {
  if (!file) return () => new Date();
  return () => {
    let text = '';
    try {
      text = readFileSync(file, 'utf8').trim();
    } catch {
      // Not written yet: real time.
    }
    if (!text) return new Date();
    const at = Date.parse(text);
    if (Number.isNaN(at))
      throw new Error(
        `COP_TEST_CLOCK_FILE must hold an ISO date such as 2030-01-31T09:00:00Z, not "${text.slice(0, 40)}"`,
      );
    return new Date(at);
  };
}

/** The clock file the store obeys: COP_TEST_CLOCK_FILE, ignored when NODE_ENV is production. */
export function testClockFile(env: NodeJS.ProcessEnv): string | undefined {
  if (env.NODE_ENV === 'production') return undefined;
  return env.COP_TEST_CLOCK_FILE?.trim() || undefined;
}
