/**
 * Sync through a faulty network: several real sync clients write through a proxy that drops, delays,
 * duplicates, reorders and cuts requests; afterwards every write is in the store exactly once and
 * every client's cache equals the store. Replay a run with COP_FAULT_SEED=<seed>.
 */
import 'fake-indexeddb/auto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CopClient, createClient } from '../../src/client';
import { ENTITY_NAMES } from '../../src/core/entities';
import { seededRandom } from '../../src/core/seeded-random';
import type { Change, User } from '../../src/core/types';
import { client, makeCommunity, makeUser } from '../helpers/api';
import { FAULT_KINDS, type FaultProxy, startFaultProxy } from '../helpers/fault-proxy';
import { startStore, type TestStore } from '../helpers/store';

const SEED = Number(process.env.COP_FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const COMMUNITY = 'resilience';
const OPS_PER_CLIENT = 40;
/** The cached entities compared with a fresh pull: all but prompts, which this test's traffic never writes. */
const SYNCED_ENTITIES = ENTITY_NAMES.filter((entity) => entity !== 'prompt');

type Person = Awaited<ReturnType<typeof makeUser>> & { user: User };

interface Device {
  name: string;
  person: Person;
  client: CopClient;
  /** Mutation ids the store acknowledged in a push answer this device read completely. */
  acknowledged: Set<number>;
  queued: number;
}

/** What the store must hold once everything is synced, built from the writes the clients queued. */
interface Expected {
  practices: Map<string, { title: string; body: string; version: number; author: string }>;
  questions: Map<string, { title: string; answers: number }>;
  answers: Map<string, { body: string; questionId: string }>;
  endorsements: Set<string>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sync through a faulty network', () => {
  let store: TestStore;
  let proxy: FaultProxy;
  const devices: Device[] = [];
  const seenErrors = new Map<string, number>();

  beforeAll(async () => {
    store = await startStore();
    proxy = await startFaultProxy({ target: store.url, seed: SEED, rate: 0.35 });
  }, 60_000);

  afterAll(async () => {
    for (const d of devices) d.client.close();
    await proxy?.close();
    await store?.dispose();
  });

  async function person(name: string): Promise<Person> {
    const made = await makeUser(store.url, store.adminToken, name);
    const me = await made.api.get('/me');
    return { ...made, user: me.body.user as User };
  }

  /** A sync client with its own IndexedDB cache that reaches the store only through the proxy. */
  async function device(name: string, who: Person): Promise<Device> {
    const acknowledged = new Set<number>();
    const observed: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).endsWith('/api/v1/sync/push') && response.ok) {
        // Counted only if the whole answer arrives, like the client itself would read it.
        response
          .clone()
          .json()
          .then((body: { results: { id: number; status: string }[] }) => {
            for (const r of body.results) acknowledged.add(r.id);
          })
          .catch(() => undefined);
      }
      return response;
    };
    const cop = await createClient({
      baseUrl: proxy.url,
      getToken: () => who.token,
      dbName: `faults-${name}-${SEED}`,
      fetch: observed,
      live: true,
      intervalMs: 300,
      autoStart: false,
    });
    await cop.setUser(who.user);
    // Which failures the person would have seen in the sync status, by code.
    let lastError: unknown;
    cop.sync.status.subscribe(({ error }) => {
      if (!error || error === lastError) return;
      lastError = error;
      const key = error.code === 'client_error' ? `client_error "${error.message}"` : error.code;
      seenErrors.set(key, (seenErrors.get(key) ?? 0) + 1);
    });
    cop.sync.start();
    const d = { name, person: who, client: cop, acknowledged, queued: 0 };
    devices.push(d);
    return d;
  }

  it('applies every acknowledged write exactly once and all clients converge', async () => {
    const ada = await person('Ada');
    const bob = await person('Bob');
    const cy = await person('Cy');
    await makeCommunity(store.url, store.adminToken, COMMUNITY, [
      [ada.id, 'coordinator'],
      [bob.id, 'member'],
      [cy.id, 'member'],
    ]);
    // Ada works from two browsers: two caches, two client ids, one person.
    const fleet = [
      await device('ada-laptop', ada),
      await device('ada-phone', ada),
      await device('bob', bob),
      await device('cy', cy),
    ];

    const expected: Expected = {
      practices: new Map(),
      questions: new Map(),
      answers: new Map(),
      endorsements: new Set(),
    };

    /** One device's work: captures, edits of its own captures, questions, answers, endorsements. */
    async function work(d: Device, index: number) {
      const random = seededRandom(SEED + index + 1);
      const mine: string[] = [];
      for (let n = 0; n < OPS_PER_CLIENT; n++) {
        await sleep(50 + random() * 250);
        const roll = random();
        if (roll < 0.35 || mine.length === 0) {
          const title = `${d.name} practice ${n}`;
          const { mutation } = await d.client.mutate('createPractice', {
            community: COMMUNITY,
            title,
            body: `Written by ${d.name} at step ${n}.`,
            tags: ['resilience'],
          });
          const id = (mutation.args as { id: string }).id;
          mine.push(id);
          expected.practices.set(id, {
            title,
            body: `Written by ${d.name} at step ${n}.`,
            version: 1,
            author: d.person.id,
          });
        } else if (roll < 0.55) {
          const id = mine[Math.floor(random() * mine.length)] as string;
          const cached = await d.client.db.get('practice', id);
          if (!cached) throw new Error(`${d.name} lost its own practice ${id} from the cache`);
          const body = `Edited by ${d.name} at step ${n}.`;
          await d.client.mutate('updatePractice', {
            id,
            baseVersion: cached.version,
            patch: { body },
          });
          const want = expected.practices.get(id)!;
          want.body = body;
          want.version++;
        } else if (roll < 0.7) {
          const title = `${d.name} asks question ${n}?`;
          const { mutation } = await d.client.mutate('createQuestion', {
            community: COMMUNITY,
            title,
          });
          expected.questions.set((mutation.args as { id: string }).id, { title, answers: 0 });
        } else if (roll < 0.85) {
          const questions = await d.client.db.getAll('question');
          const question = questions[Math.floor(random() * questions.length)];
          if (!question) continue;
          const body = `${d.name} answers at step ${n}.`;
          const { mutation } = await d.client.mutate('createAnswer', {
            questionId: question.id,
            body,
          });
          expected.answers.set((mutation.args as { id: string }).id, {
            body,
            questionId: question.id,
          });
          expected.questions.get(question.id)!.answers++;
        } else {
          const practices = (await d.client.db.getAll('practice')).filter(
            (p) => p.author !== d.person.id,
          );
          const practice = practices[Math.floor(random() * practices.length)];
          if (!practice) continue;
          await d.client.mutate('endorsePractice', { practiceId: practice.id });
          expected.endorsements.add(`${d.person.id}:${practice.id}`);
        }
        d.queued++;
      }
    }

    const started = Date.now();
    await Promise.all(fleet.map((d, i) => work(d, i)));
    const faultPhaseMs = Date.now() - started;

    // The network heals; everyone syncs until nothing is pending, then once more to pull the rest.
    proxy.enabled = false;
    await proxy.idle();
    const deadline = Date.now() + 45_000;
    for (;;) {
      await Promise.all(fleet.map((d) => d.client.sync.syncNow()));
      const pending = await Promise.all(fleet.map((d) => d.client.db.count('outbox')));
      if (pending.every((p) => p === 0)) break;
      if (Date.now() > deadline)
        throw new Error(`outboxes did not drain: ${pending.join(', ')} (seed ${SEED})`);
      await sleep(200);
    }
    await Promise.all(fleet.map((d) => d.client.sync.syncNow()));
    await proxy.idle();
    for (const d of fleet) d.client.sync.stop();

    // ── The store, read directly ──
    const db = new Database(join(store.dataDir, 'cop.sqlite'), {
      readonly: true,
      fileMustExist: true,
    });
    let lost = 0;
    let duplicated = 0;
    const problems: string[] = [];
    try {
      const one = <T>(query: string, ...params: unknown[]) => db.prepare(query).get(...params) as T;
      const count = (query: string, ...params: unknown[]) =>
        (db.prepare(query).get(...params) as { n: number }).n;
      const community = one<{ id: string }>('select id from communities where slug = ?', COMMUNITY);

      for (const [id, want] of expected.practices) {
        const row = one<{ title: string; body: string; version: number; author_id: string }>(
          'select title, body, version, author_id from practices where id = ?',
          id,
        );
        const sameTitle = count('select count(*) n from practices where title = ?', want.title);
        if (!row) {
          lost++;
          problems.push(`practice ${want.title} is missing`);
          continue;
        }
        if (sameTitle > 1) {
          duplicated += sameTitle - 1;
          problems.push(`practice ${want.title} stored ${sameTitle} times`);
        }
        if (row.version < want.version) lost += want.version - row.version;
        if (row.version > want.version) duplicated += row.version - want.version;
        if (row.version !== want.version || row.body !== want.body)
          problems.push(
            `practice ${want.title}: version ${row.version}/${want.version}, body "${row.body}"/"${want.body}"`,
          );
      }
      for (const [id, want] of expected.questions) {
        const row = one<{ answer_count: number }>(
          'select answer_count from questions where id = ?',
          id,
        );
        const sameTitle = count('select count(*) n from questions where title = ?', want.title);
        const answers = count('select count(*) n from answers where question_id = ?', id);
        if (!row) {
          lost++;
          problems.push(`question ${want.title} is missing`);
          continue;
        }
        if (sameTitle > 1) duplicated += sameTitle - 1;
        if (answers !== want.answers || row.answer_count !== want.answers)
          problems.push(
            `question ${want.title}: ${answers} answers, counted ${row.answer_count}, want ${want.answers}`,
          );
        lost += Math.max(0, want.answers - answers);
        duplicated += Math.max(0, answers - want.answers, row.answer_count - want.answers);
      }
      for (const [id, want] of expected.answers) {
        const byId = count('select count(*) n from answers where id = ?', id);
        const byBody = count('select count(*) n from answers where body = ?', want.body);
        if (byId === 0) {
          lost++;
          problems.push(`answer "${want.body}" is missing`);
        }
        if (byBody > 1) {
          duplicated += byBody - 1;
          problems.push(`answer "${want.body}" stored ${byBody} times`);
        }
      }
      for (const pair of expected.endorsements) {
        const [userId, practiceId] = pair.split(':');
        const n = count(
          'select count(*) n from endorsements where user_id = ? and practice_id = ?',
          userId,
          practiceId,
        );
        if (n === 0) lost++;
        if (n > 1) duplicated += n - 1;
      }
      for (const row of db
        .prepare('select id, endorsement_count from practices where community_id = ?')
        .all(community.id) as { id: string; endorsement_count: number }[]) {
        const want = [...expected.endorsements].filter((p) => p.endsWith(`:${row.id}`)).length;
        if (row.endorsement_count !== want)
          problems.push(
            `practice ${row.id} counts ${row.endorsement_count} endorsements, want ${want}`,
          );
      }
      // Nothing in the community that no client wrote.
      const stored = {
        practices: count('select count(*) n from practices where community_id = ?', community.id),
        questions: count('select count(*) n from questions where community_id = ?', community.id),
        answers: count('select count(*) n from answers where community_id = ?', community.id),
        endorsements: count(
          'select count(*) n from endorsements where community_id = ?',
          community.id,
        ),
      };
      duplicated +=
        Math.max(0, stored.practices - expected.practices.size) +
        Math.max(0, stored.questions - expected.questions.size) +
        Math.max(0, stored.answers - expected.answers.size) +
        Math.max(0, stored.endorsements - expected.endorsements.size);
      expect(stored).toEqual({
        practices: expected.practices.size,
        questions: expected.questions.size,
        answers: expected.answers.size,
        endorsements: expected.endorsements.size,
      });
      // No edit was turned into a conflict: each device edited from what it had seen.
      expect(count('select count(*) n from conflicts where community_id = ?', community.id)).toBe(
        0,
      );

      // Each device's mutation ids arrived once each, in order, without renumbering.
      for (const d of fleet) {
        const clientId = await d.client.db.get('meta', 'clientId');
        const row = one<{ last_mutation_id: number }>(
          'select last_mutation_id from sync_clients where client_id = ?',
          clientId,
        );
        expect(row?.last_mutation_id, `${d.name}'s last mutation id`).toBe(d.queued);
        // Every id the device saw acknowledged is one it queued (and all of those are checked above).
        expect([...d.acknowledged].every((id) => id >= 1 && id <= d.queued)).toBe(true);
      }
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }

    // ── Every cache equals the store as a fresh pull shows it ──
    for (const d of fleet) {
      expect(await d.client.db.count('outbox'), `${d.name}'s outbox`).toBe(0);
      expect(d.client.sync.problems.value, `${d.name}'s problems`).toEqual([]);
      const fresh = await pullEverything(store.url, d.person.token);
      for (const entity of SYNCED_ENTITIES) {
        const cached = new Map(
          ((await d.client.db.getAll(entity)) as { id: string }[]).map((row) => [row.id, row]),
        );
        const pulled = fresh.get(entity) ?? new Map();
        expect(cached, `${d.name}'s cached ${entity} rows (seed ${SEED})`).toEqual(pulled);
      }
    }

    const injected = FAULT_KINDS.map((k) => `${k} ${proxy.faults[k]}`).join(', ');
    const acknowledged = fleet.reduce((n, d) => n + d.acknowledged.size, 0);
    const queued = fleet.reduce((n, d) => n + d.queued, 0);
    console.log(
      [
        `faults (seed ${SEED}): ${fleet.length} clients queued ${queued} mutations over ${(faultPhaseMs / 1000).toFixed(1)} s`,
        `  faults injected: ${injected}; ${proxy.clean} requests passed clean`,
        `  acknowledged pushes read completely by clients: ${acknowledged} of ${queued}`,
        `  sync errors the clients showed meanwhile: ${[...seenErrors].map(([code, n]) => `${code} ${n}`).join(', ') || 'none'}`,
        `  store holds ${expected.practices.size} practices, ${expected.questions.size} questions, ${expected.answers.size} answers, ${expected.endorsements.size} endorsements`,
        `  writes lost: ${lost}, writes duplicated: ${duplicated}; all ${fleet.length} caches equal the store`,
      ].join('\n'),
    );
    expect(problems, `seed ${SEED}`).toEqual([]);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    for (const kind of FAULT_KINDS) expect(proxy.faults[kind], kind).toBeGreaterThan(0);
  }, 150_000);
});

/** Every row the person may see, pulled from the store directly (not through the proxy). */
async function pullEverything(url: string, token: string) {
  const api = client(url, token);
  const rows = new Map<string, Map<string, unknown>>();
  let since = 0;
  for (;;) {
    const res = await api.get(`/sync/pull?since=${since}&limit=1000`);
    if (res.status !== 200) throw new Error(`pull answered ${res.status}`);
    for (const change of res.body.changes as Change[]) {
      const table = rows.get(change.entity) ?? new Map();
      rows.set(change.entity, table);
      if (change.op === 'put') table.set(change.id, change.data);
      else table.delete(change.id);
    }
    if (!res.body.hasMore) return rows;
    since = res.body.cursor;
  }
}
