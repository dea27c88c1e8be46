/**
 * A backup taken while the store runs, restored into a fresh store, holds every practice, question, answer,
 * membership and endorsement — through the same `npm run backup` / `npm run restore` a person uses.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { client } from '../helpers/api';
import { startStore } from '../helpers/store';

const npm = (script: string, args: string[], dataDir: string) =>
  spawnSync('npm', ['run', '--silent', script, '--', ...args], {
    env: { ...process.env, COP_DATA_DIR: dataDir, DATABASE_URL: '' },
    encoding: 'utf8',
  });

it('restores a backup taken while the store ran, with everything in it', async () => {
  const original = await startStore();
  const restoredDir = mkdtempSync(join(tmpdir(), 'cop-restored-'));
  const backupFile = join(mkdtempSync(join(tmpdir(), 'cop-backup-')), 'store.sqlite');
  let restored: Awaited<ReturnType<typeof startStore>> | undefined;
  try {
    const admin = client(original.url, original.adminToken);
    await admin.post('/communities', { slug: 'sre', name: 'SRE', domain: 'Reliability' });
    const people = [];
    for (const name of ['Ada', 'Grace']) {
      const res = await admin.post('/users', {
        email: `${name}-${randomUUID()}@example.com`,
        name,
      });
      await admin.put(`/communities/sre/members/${res.body.user.id}`, { role: 'member' });
      people.push(client(original.url, res.body.token));
    }
    const [ada, grace] = people as [ReturnType<typeof client>, ReturnType<typeof client>];
    const practiceIds: string[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await ada.post('/practices', { community: 'sre', title: `Runbook ${i}` });
      practiceIds.push(res.body.practice.id);
    }
    for (const id of practiceIds.slice(0, 5))
      expect((await grace.post(`/practices/${id}/endorse`, {})).status).toBe(200);
    const question = await grace.post('/questions', { community: 'sre', title: 'Who pages whom?' });
    await ada.post(`/questions/${question.body.question.id}/answers`, { body: 'The rota does.' });

    // Taken while the store is running and serving.
    const backup = npm('backup', [backupFile], original.dataDir);
    expect(backup.status, backup.stderr).toBe(0);
    // A write after the backup is not in it.
    await ada.post('/practices', { community: 'sre', title: 'After the backup' });
    await original.stop();

    const restore = npm('restore', [backupFile], restoredDir);
    expect(restore.status, restore.stderr).toBe(0);
    restored = await startStore({ dataDir: restoredDir });
    const again = client(restored.url, restored.adminToken);
    const practices = (await again.get('/practices?community=sre&limit=100')).body.items as {
      id: string;
      title: string;
      endorsementCount?: number;
    }[];
    expect(practices.map((p) => p.id).sort()).toEqual([...practiceIds].sort());
    const pull = await again.get('/sync/pull?since=0&limit=1000');
    const entities = (pull.body.changes as { entity: string }[]).map((c) => c.entity);
    const count = (entity: string) => entities.filter((e) => e === entity).length;
    expect(count('practice')).toBe(25);
    expect(count('question')).toBe(1);
    expect(count('answer')).toBe(1);
    expect(count('membership')).toBe(2);
    expect(count('endorsement')).toBe(5);
    console.log(
      `restored: ${entities.length} rows (25 practices, 1 question, 1 answer, 2 memberships, 5 endorsements)`,
    );
  } finally {
    await original.dispose();
    await restored?.dispose();
    rmSync(restoredDir, { recursive: true, force: true });
  }
}, 60_000);
