/**
 * Crashes: a store process killed with SIGKILL in the middle of a burst of pushes from several clients, then
 * restarted; every acknowledged mutation is there exactly once and retried batches apply once. A graceful SIGTERM
 * lets a request in flight finish. Runs on SQLite and (with DATABASE_URL) PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse, PushResponse } from '../../src/core/types';
import { type Client, client } from '../helpers/api';
import { ENGINES, freshPostgres } from '../helpers/engines';
import { startStore, type TestStore } from '../helpers/store';

const CLIENTS = 5;
const BATCH = 5;

interface Batch {
  clientId: string;
  mutations: { id: number; name: string; args: Record<string, unknown> }[];
}

/** A database of its own for a PostgreSQL run, dropped afterwards. */
const freshDatabase = (engine: string) =>
  engine === 'postgres'
    ? freshPostgres('cop_crash')
    : Promise.resolve({ url: '', drop: async () => {} });

async function pullEverything(api: Client) {
  const changes: PullResponse['changes'] = [];
  for (let cursor = 0; ; ) {
    const res = await api.get<PullResponse>(`/sync/pull?since=${cursor}&limit=1000`);
    expect(res.status).toBe(200);
    changes.push(...res.body.changes);
    cursor = res.body.cursor;
    if (!res.body.hasMore) return changes;
  }
}

describe.each(ENGINES)('crashes on %s', (engine) => {
  let store: TestStore;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let admin: Client;
  const people: { id: string; token: string }[] = [];

  beforeAll(async () => {
    database = await freshDatabase(engine);
    store = await startStore({ env: { DATABASE_URL: database.url } });
    admin = client(store.url, store.adminToken);
    await admin.post('/communities', { slug: 'crash', name: 'Crash', domain: 'Surviving crashes' });
    for (let i = 0; i < CLIENTS; i++) {
      const res = await admin.post('/users', { email: `writer${i}@example.com`, name: `W${i}` });
      await admin.put(`/communities/crash/members/${res.body.user.id}`, { role: 'member' });
      people.push({ id: res.body.user.id, token: res.body.token });
    }
  }, 60_000);
  afterAll(async () => {
    await store?.dispose();
    await database?.drop();
  });

  it('keeps every acknowledged write exactly once across SIGKILL, and applies retries once', async () => {
    const acknowledged: Batch[] = [];
    const unacknowledged: Batch[] = [];
    const restAcked: { key: string; title: string }[] = [];
    const restPending: { key: string; title: string }[] = [];
    let stop = false;
    const rounds = 2;
    let inFlightAtKill = 0;
    let inFlight = 0;
    const failures: string[] = [];

    for (let round = 0; round < rounds; round++) {
      stop = false;
      const writers = people.map(async (person, c) => {
        const api = client(store.url, person.token);
        const clientId = `crash-${engine}-${round}-${c}-${randomUUID()}`;
        let next = 1;
        while (!stop) {
          const batch: Batch = {
            clientId,
            mutations: Array.from({ length: BATCH }, () => {
              const id = next++;
              return {
                id,
                name: 'createPractice',
                args: { id: randomUUID(), community: 'crash', title: `${clientId}#${id}` },
              };
            }),
          };
          inFlight++;
          let res: Awaited<ReturnType<typeof api.post<PushResponse>>>;
          try {
            res = await api.post<PushResponse>('/sync/push', batch);
          } catch {
            // The store died under this request: the client keeps the batch to send again.
            unacknowledged.push(batch);
            return;
          } finally {
            inFlight--;
          }
          if (res.status !== 200 || !res.body.results.every((r) => r.status === 'applied'))
            failures.push(`push answered ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
          acknowledged.push(batch);
        }
      });
      // A REST writer too, whose retries rely on Idempotency-Key.
      const restWriter = (async () => {
        const api = client(store.url, people[0]!.token);
        for (let n = 0; !stop; n++) {
          const write = {
            key: `q-${round}-${n}-${randomUUID()}`,
            title: `REST question ${round}.${n}`,
          };
          let status: number;
          try {
            status = (
              await api.post(
                '/questions',
                { community: 'crash', title: write.title },
                { 'Idempotency-Key': write.key },
              )
            ).status;
          } catch {
            restPending.push(write);
            return;
          }
          if (status !== 201) failures.push(`REST write answered ${status}`);
          restAcked.push(write);
        }
      })();
      // Let the burst run, then pull the plug while requests are in flight.
      const target = acknowledged.length + 10 + round * 5;
      while (acknowledged.length < target) await new Promise((r) => setTimeout(r, 5));
      inFlightAtKill += inFlight;
      await store.kill();
      stop = true;
      await Promise.all([...writers, restWriter]);
      await store.start();
    }
    expect(inFlightAtKill, 'the kill landed while pushes were in flight').toBeGreaterThan(0);

    // Clients retry what was never acknowledged: each mutation is applied now, or was already (skipped).
    let committedBeforeKill = 0;
    let appliedOnRetry = 0;
    for (const batch of unacknowledged) {
      const api = client(store.url, people[Number(batch.clientId.split('-')[3])]!.token);
      const retry = await api.post<PushResponse>('/sync/push', batch);
      expect(retry.status).toBe(200);
      for (const r of retry.body.results) {
        expect(['applied', 'skipped']).toContain(r.status);
        if (r.status === 'skipped') committedBeforeKill++;
        else appliedOnRetry++;
      }
      // A second retry (say, after a lost response) changes nothing.
      const again = await api.post<PushResponse>('/sync/push', batch);
      expect(again.body.results.every((r) => r.status === 'skipped')).toBe(true);
    }
    for (const write of restPending) {
      const res = await client(store.url, people[0]!.token).post(
        '/questions',
        { community: 'crash', title: write.title },
        { 'Idempotency-Key': write.key },
      );
      expect(res.status).toBe(201);
    }

    const changes = await pullEverything(admin);
    const practices = changes.flatMap((c) =>
      c.entity === 'practice' && c.op === 'put' ? [c.data] : [],
    );
    const questions = changes.flatMap((c) =>
      c.entity === 'question' && c.op === 'put' ? [c.data] : [],
    );
    const count = <T>(items: T[], key: (t: T) => string) => {
      const m = new Map<string, number>();
      for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
      return m;
    };
    const byId = count(practices, (p) => p.id);
    const byTitle = count(practices, (p) => p.title);
    const questionTitles = count(questions, (q) => q.title);

    const expected = [...acknowledged, ...unacknowledged].flatMap((b) => b.mutations);
    let lost = 0;
    let duplicated = 0;
    for (const m of expected) {
      const n = Math.max(
        byId.get(m.args.id as string) ?? 0,
        byTitle.get(m.args.title as string) ?? 0,
      );
      if (n === 0) lost++;
      if (n > 1) duplicated += n - 1;
    }
    for (const w of [...restAcked, ...restPending]) {
      const n = questionTitles.get(w.title) ?? 0;
      if (n === 0) lost++;
      if (n > 1) duplicated += n - 1;
    }
    // Nothing appeared that no client wrote.
    expect(practices.length).toBe(expected.length);
    expect(questions.length).toBe(restAcked.length + restPending.length);
    expect(failures).toEqual([]);
    // Each client's lastMutationId is its last mutation: no gap, nothing beyond.
    const last = new Map<string, number>();
    for (const b of [...acknowledged, ...unacknowledged])
      last.set(b.clientId, Math.max(last.get(b.clientId) ?? 0, b.mutations.at(-1)!.id));
    for (const [clientId, id] of last) {
      const owner = people[Number(clientId.split('-')[3])]!;
      const res = await client(store.url, owner.token).get<PullResponse>(
        `/sync/pull?since=0&limit=1&clientId=${clientId}`,
      );
      expect(res.body.lastMutationId, clientId).toBe(id);
    }
    console.log(
      `crash test on ${engine}: ${rounds} SIGKILLs during a burst from ${CLIENTS} sync clients + 1 REST client; ` +
        `${acknowledged.length} batches (${acknowledged.length * BATCH} mutations) and ${restAcked.length} REST writes acknowledged, ` +
        `${unacknowledged.length} batches and ${restPending.length} REST writes in flight (${committedBeforeKill} mutations had committed, ${appliedOnRetry} applied on retry); ` +
        `writes lost: ${lost}, duplicated: ${duplicated}`,
    );
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
  }, 120_000);

  it('lets a request in flight finish on SIGTERM, and refuses new ones', async () => {
    const person = people[1]!;
    const id = randomUUID();
    const body = JSON.stringify({
      clientId: `graceful-${randomUUID()}`,
      mutations: [
        {
          id: 1,
          name: 'createPractice',
          args: { id, community: 'crash', title: 'Finished during shutdown' },
        },
      ],
    });
    const { port } = new URL(store.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let answer = '';
    socket.on('data', (d) => {
      answer += d.toString();
    });
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    // Headers and half the body now; the store is told to stop; the rest of the body after.
    socket.write(
      `POST /api/v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${person.token}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 40)}`,
    );
    await new Promise((r) => setTimeout(r, 300));
    // A listener on the change stream must not hold the shutdown up either.
    const events = await fetch(`${store.url}/api/v1/sync/events`, {
      headers: { Authorization: `Bearer ${person.token}` },
    });
    expect(events.status).toBe(200);
    const started = Date.now();
    const stopped = store.stop();
    await new Promise((r) => setTimeout(r, 300));
    const refused = await fetch(`${store.url}/api/v1/health`).then(
      (r) => r.status,
      () => 'refused',
    );
    expect(refused).toBe('refused');
    // (write, not end: a client that half-closes its socket has given up on the answer)
    socket.write(body.slice(40));
    await closed;
    await stopped;
    const shutdownMs = Date.now() - started;
    expect(answer, store.output().slice(-3000)).toMatch(/^HTTP\/1\.1 200/);
    expect(answer).toContain('"status":"applied"');
    expect(shutdownMs).toBeLessThan(8000);

    await store.start();
    const stored = await client(store.url, person.token).get(`/practices/${id}`);
    expect(stored.status).toBe(200);
    expect(stored.body.practice.title).toBe('Finished during shutdown');
    console.log(
      `graceful stop on ${engine}: the push in flight at SIGTERM finished (200, applied, present after restart); new connections refused; stopped in ${shutdownMs} ms with an SSE listener open`,
    );
  }, 60_000);
});
