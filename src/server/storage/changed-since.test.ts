import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { CHANGED_SINCE, openStorage } from './database';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('reads the changes after a version through the version index, never by scanning the feed', async () => {
  dir = mkdtempSync(join(tmpdir(), 'cop-changed-since-'));
  const storage = await openStorage({ dataDir: dir });
  await storage.close();
  const db = new SQLite(join(dir, 'cop.sqlite'), { readonly: true });
  try {
    const plan = db
      .prepare(`explain query plan ${CHANGED_SINCE('changes indexed by changes_version', '?')}`)
      .all(0) as { detail: string }[];
    expect(plan.map((p) => p.detail).join('; ')).toMatch(
      /SEARCH changes USING INDEX changes_version \(version>\?\)/,
    );
  } finally {
    db.close();
  }
});
