/**
 * Known XSS payloads stored in every text field, through REST and through sync push: what comes back is the
 * same plain text (never executed, never turned into markup), and search highlights contain only bare <mark>.
 */
// @vitest-environment node
import { randomUUID } from 'node:crypto';
import { Window } from 'happy-dom';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Practice, PullResponse } from '../../src/core/types';
import { type Client, client, type Reply } from '../helpers/api';
import { ENGINES, type EngineStore, openEngineStore } from '../helpers/engines';
import { storedText, XSS_PAYLOADS } from '../helpers/payloads';

const window = new Window();
const document = window.document;

/** Parses a highlight as a browser would and returns its text; fails on any element but a bare <mark>. */
function highlightText(html: string): string {
  const template = document.createElement('template');
  template.innerHTML = html;
  const elements = template.content.querySelectorAll('*');
  for (const element of elements) {
    expect(element.tagName, `element in highlight ${JSON.stringify(html)}`).toBe('MARK');
    expect(element.attributes.length, `attributes in highlight ${JSON.stringify(html)}`).toBe(0);
    expect(element.children.length).toBe(0);
  }
  // Independently of the parser: with the marks removed, no raw markup character is left.
  expect(html.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  return template.content.textContent ?? '';
}

describe.each(ENGINES)('hostile input on %s', (engine) => {
  let store: EngineStore;
  let admin: Client;
  let member: { id: string; token: string; api: Client };
  const stats = {
    stored: 0,
    compared: 0,
    highlights: 0,
    refusedTags: 0,
    refusedUrls: 0,
  };
  const fields = new Set<string>();

  /** Asserts a returned text equals what was sent (after the store's control-character and trim rules). */
  function same(field: string, got: unknown, sent: string, exact = false) {
    fields.add(field);
    stats.compared++;
    expect(got, `${field} for ${JSON.stringify(sent)}`).toBe(storedText(sent, exact));
  }
  function jsonReply(reply: Reply, status: number, what: string) {
    expect(reply.status, `${what}: ${JSON.stringify(reply.body)}`).toBe(status);
    // JSON with nosniff: a browser never renders an API reply as a page.
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    stats.stored++;
  }

  beforeAll(async () => {
    store = await openEngineStore(engine);
    admin = client(store.url, store.adminToken);
    await admin.post('/communities', { slug: 'alpha', name: 'Alpha', domain: 'Alpha' });
    const res = await admin.post('/users', { email: 'member@example.com', name: 'Member' });
    member = {
      id: res.body.user.id,
      token: res.body.token,
      api: client(store.url, res.body.token),
    };
    await admin.put(`/communities/alpha/members/${member.id}`, { role: 'member' });
  });
  afterAll(async () => {
    console.log(
      `hostile input on ${engine}: ${XSS_PAYLOADS.length} payloads × ${fields.size} fields → ` +
        `${stats.stored} writes, ${stats.compared} round trips compared, ${stats.highlights} highlights parsed ` +
        '(every payload found by a word of its own), ' +
        `${stats.refusedTags} markup tags and ${stats.refusedUrls} script URLs refused`,
    );
    await store?.dispose();
  });

  it('returns every practice, question and answer field as the plain text it was sent (REST)', async () => {
    for (const [i, payload] of XSS_PAYLOADS.entries()) {
      const practice = {
        id: randomUUID(),
        community: 'alpha',
        title: payload,
        body: `${payload}\n\nzqmark${i}`,
        source: {
          url: `https://wiki.example.com/page?q=${encodeURIComponent(payload)}`,
          title: payload,
          quote: { exact: payload, prefix: payload, suffix: payload },
        },
      };
      const created = await member.api.post('/practices', practice);
      jsonReply(created, 201, `practice ${i}`);
      const read = (await member.api.get(`/practices/${practice.id}`)).body.practice as Practice;
      for (const p of [created.body.practice as Practice, read]) {
        same('practice.title', p.title, payload);
        same('practice.body', p.body, practice.body);
        same('practice.source.title', p.source?.title, payload);
        same('practice.source.quote.exact', p.source?.quote?.exact, payload, true);
        same('practice.source.quote.prefix', p.source?.quote?.prefix, payload, true);
        same('practice.source.quote.suffix', p.source?.quote?.suffix, payload, true);
        expect(p.source?.url).toBe(practice.source.url);
      }

      const q = await member.api.post('/questions', {
        community: 'alpha',
        title: payload,
        body: payload,
        context: {
          url: `https://wiki.example.com/?p=${encodeURIComponent(payload)}`,
          title: payload,
          selection: payload,
        },
      });
      jsonReply(q, 201, `question ${i}`);
      const answer = await admin.post(`/questions/${q.body.question.id}/answers`, {
        body: payload,
      });
      jsonReply(answer, 201, `answer ${i}`);
      const full = (await member.api.get(`/questions/${q.body.question.id}`)).body;
      same('question.title', full.question.title, payload);
      same('question.body', full.question.body, payload);
      same('question.context.title', full.question.context.title, payload);
      same('question.context.selection', full.question.context.selection, payload);
      same('answer.body', full.answers[0].body, payload);
    }
  });

  it('returns community, user, prompt and embed-token names as plain text', async () => {
    for (const [i, payload] of XSS_PAYLOADS.entries()) {
      const slug = `hostile-${i}`;
      const community = await admin.post('/communities', { slug, name: payload, domain: payload });
      jsonReply(community, 201, `community ${i}`);
      const listed = (await admin.get('/communities')).body.items.find(
        (c: { slug: string }) => c.slug === slug,
      );
      same('community.name', listed.name, payload);
      same('community.domain', listed.domain, payload);

      const user = await admin.post('/users', {
        email: `hostile-${i}@example.com`,
        name: payload,
      });
      jsonReply(user, 201, `user ${i}`);
      const me = await client(store.url, user.body.token).get('/me');
      same('user.name', me.body.user.name, payload);

      const prompt = await admin.post('/communities/alpha/prompts', {
        urlPatterns: [payload],
        keywords: payload.length <= 60 ? [payload] : [],
        message: payload,
      });
      jsonReply(prompt, 200, `prompt ${i}`);
      same('prompt.message', prompt.body.prompt.message, payload);
      same('prompt.urlPatterns', prompt.body.prompt.urlPatterns[0], payload);
      if (payload.length <= 60) same('prompt.keywords', prompt.body.prompt.keywords[0], payload);

      const embed = await new SignJWT({
        sub: `hostile-${i}`,
        email: `embed-${i}@example.com`,
        name: payload,
      })
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(store.embedSecret));
      const embedMe = await client(store.url, embed).get('/me');
      expect(embedMe.status).toBe(200);
      same('embed.name', embedMe.body.user.name, payload);
    }
  });

  it('returns the same plain text through sync push and pull, edits included', async () => {
    const clientId = `client-${randomUUID()}`;
    let next = 1;
    const ids: string[] = [];
    const questions: string[] = [];
    for (const payload of XSS_PAYLOADS) {
      const id = randomUUID();
      const qid = randomUUID();
      ids.push(id);
      questions.push(qid);
      const res = await member.api.post('/sync/push', {
        clientId,
        mutations: [
          {
            id: next++,
            name: 'createPractice',
            args: {
              id,
              community: 'alpha',
              title: 'placeholder',
              body: payload,
              source: { url: 'https://example.com', title: payload, quote: { exact: payload } },
            },
          },
          {
            id: next++,
            name: 'updatePractice',
            args: { id, baseVersion: 1, patch: { title: payload } },
          },
          {
            id: next++,
            name: 'createQuestion',
            args: { id: qid, community: 'alpha', title: payload, body: payload },
          },
          {
            id: next++,
            name: 'createAnswer',
            args: { id: randomUUID(), questionId: qid, body: payload },
          },
        ],
      });
      jsonReply(res, 200, 'push');
      expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(
        Array(4).fill('applied'),
      );
    }
    const changes: PullResponse['changes'] = [];
    for (let cursor = 0; ; ) {
      const page = await member.api.get<PullResponse>(`/sync/pull?since=${cursor}&limit=1000`);
      changes.push(...page.body.changes);
      cursor = page.body.cursor;
      if (!page.body.hasMore) break;
    }
    const data = new Map(
      changes.map((c) => [`${c.entity}:${c.id}`, c.op === 'put' ? c.data : null]),
    );
    for (const [i, payload] of XSS_PAYLOADS.entries()) {
      const p = data.get(`practice:${ids[i]}`) as Practice;
      same('sync practice.title', p.title, payload);
      same('sync practice.body', p.body, payload);
      same('sync practice.source.title', p.source?.title, payload);
      same('sync practice.source.quote.exact', p.source?.quote?.exact, payload, true);
      const q = data.get(`question:${questions[i]}`) as { title: string; body: string };
      same('sync question.title', q.title, payload);
      same('sync question.body', q.body, payload);
      const answer = changes.find(
        (c) => c.entity === 'answer' && c.op === 'put' && c.data.questionId === questions[i],
      );
      same(
        'sync answer.body',
        answer?.op === 'put' && (answer.data as { body: string }).body,
        payload,
      );
    }
  });

  it('highlights search matches with bare <mark> only, inside hostile titles and bodies', async () => {
    for (const [i, payload] of XSS_PAYLOADS.entries()) {
      // Search for a word of the payload itself and for the practice's marker in its body.
      const word = (payload.match(/[\p{L}\p{N}]{3,}/u) ?? ['zqmark'])[0].toLowerCase();
      const search = (q: string) =>
        member.api.get(`/practices?community=alpha&limit=100&q=${encodeURIComponent(q)}`);
      // Words inside markup are searchable on both engines (PostgreSQL indexes <…> as spaces).
      const res = await search(`${word} zqmark${i}`);
      expect(res.status).toBe(200);
      const hit = res.body.items.find((p: Practice) => p.title === storedText(payload));
      expect(hit, `search hit for payload ${i} (${word})`).toBeDefined();
      for (const item of res.body.items) {
        stats.highlights += 2;
        // The title highlight is the whole title; the snippet is a part of the body.
        expect(highlightText(item.highlight.title)).toBe(item.title);
        const snippet = highlightText(item.highlight.snippet).replaceAll('…', '');
        for (const piece of snippet.split(/\s+/).filter(Boolean))
          expect(item.body.includes(piece), `snippet piece ${piece}`).toBe(true);
      }
      expect(hit.highlight.snippet).toContain(`<mark>zqmark${i}</mark>`);
    }
  });

  it('keeps markup out of tags and refuses script URLs as sources', async () => {
    for (const payload of XSS_PAYLOADS) {
      const res = await member.api.post('/practices', {
        community: 'alpha',
        title: 'Tagged',
        tags: [payload],
      });
      if (res.status === 201) {
        // A payload that is a valid tag (letters, digits, . _ + # -) carries no markup character.
        expect(res.body.practice.tags[0]).not.toMatch(/[<>"'&\s:/()]/);
      } else {
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(/tags/);
        stats.refusedTags++;
      }
    }
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      '//evil.example/x',
    ]) {
      const practice = await member.api.post('/practices', {
        community: 'alpha',
        title: 'Source',
        source: { url },
      });
      expect(practice.status, url).toBe(400);
      expect(practice.body.error.message).toMatch(/source\.url/);
      const question = await member.api.post('/questions', {
        community: 'alpha',
        title: 'Context',
        context: { url },
      });
      expect(question.status, url).toBe(400);
      stats.refusedUrls += 2;
    }
  });

  it('shows hostile text in the experts evidence as the same plain text', async () => {
    const coordinator = await admin.post('/users', { email: 'coord@example.com', name: 'Coord' });
    await admin.put(`/communities/alpha/members/${coordinator.body.user.id}`, {
      role: 'coordinator',
    });
    const titles: string[] = [];
    for (const payload of XSS_PAYLOADS.slice(0, 10)) {
      const title = `${payload} quokkaops`;
      const res = await member.api.post('/practices', { community: 'alpha', title });
      await client(store.url, coordinator.body.token).post(
        `/practices/${res.body.practice.id}/review`,
        { action: 'publish', baseVersion: 1 },
      );
      titles.push(storedText(title));
    }
    const experts = await admin.get('/experts?topic=quokkaops&community=alpha');
    expect(experts.status).toBe(200);
    const evidence = experts.body.items.flatMap((e: { evidence: { title: string }[] }) =>
      e.evidence.map((x) => x.title),
    );
    // Evidence lists the strongest few practices; each one shown is a hostile title, unchanged.
    expect(evidence.length).toBeGreaterThan(0);
    for (const title of evidence) {
      stats.compared++;
      expect(titles).toContain(title);
    }
    fields.add('experts.evidence.title');
  });
});
