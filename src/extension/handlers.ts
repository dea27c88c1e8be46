/**
 * The background's answers to every request (see messages.ts): reads come from the cache, writes
 * go through the client's outbox, so everything works offline and reaches the store exactly once.
 */
import type { CopClient } from '../client';
import { ApiError } from '../client';
import { allRows } from '../client/db';
import { suggestExisting } from '../client/existing-knowledge';
import { findSimilar } from '../core/similarity';
import { readerOf } from '../core/stewardship';
import { answersTo, myCommunities, preferFirst, questionLists } from './cache-views';
import {
  type ErrorInfo,
  PAGE_TEXT_LIMIT,
  type Reply,
  type Request,
  RequestError,
  type RequestMap,
  type RequestType,
  type SyncView,
} from './messages';
import { highlightsFor, promptsFor } from './page-enhancements';
import type { Session } from './session';
import type { TabPanel } from './tab-panel';

export interface SenderInfo {
  tabId?: number;
  frameId?: number;
  windowId?: number;
}

export interface HandlerDeps {
  session: Session;
  tabPanel: TabPanel;
  /** Resolves once the stored session is restored (service worker start). */
  ready: Promise<unknown>;
  /** Unseen answers per question, from the answer alerts. */
  unseen(): Promise<Record<string, number>>;
  /** Community slugs the organisation recommends (policy), offered first in this order. */
  preferredCommunities?(): Promise<string[]>;
  /** Marks the answers of a question as read; updates the badge. */
  markSeen(questionId: string): Promise<void>;
  openSidePanel(sender: SenderInfo): Promise<boolean>;
  openOptions(): Promise<boolean>;
  /** How long a write waits for the store before it is reported as queued. */
  settleMs?: number;
}

type Handler<T extends RequestType> = (
  request: Request<T>,
  sender: SenderInfo,
) => Promise<RequestMap[T]['res']>;

export function syncView(client: CopClient | null): SyncView {
  if (!client) return { state: 'signed-out', pending: 0 };
  const { state, pending, error } = client.sync.status.value;
  return error ? { state, pending, error } : { state, pending };
}

export function createHandlers(deps: HandlerDeps) {
  const { session } = deps;
  const settleMs = deps.settleMs ?? 4_000;

  function connected(): { client: CopClient; userId: string } {
    const client = session.client();
    const current = session.current();
    if (!client || !current) {
      throw new RequestError(
        'signed_out',
        'The extension is not connected to a store. Open the options page and connect.',
      );
    }
    return { client, userId: current.user.id };
  }

  /** Gives the store a moment to take a write; true when it still waits in the outbox. */
  async function queuedAfterTrying(client: CopClient, mutationId: number): Promise<boolean> {
    await Promise.race([
      client.sync.syncNow().catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, settleMs)),
    ]);
    return (await client.db.get('outbox', mutationId)) !== undefined;
  }

  /** The outcome of a create: its new id, and whether it still waits for the store. */
  async function created(client: CopClient, mutation: { id: number; args: { id: string } }) {
    return { id: mutation.args.id, queued: await queuedAfterTrying(client, mutation.id) };
  }

  const handlers: { [K in RequestType]: Handler<K> } = {
    'session/get': () => session.view(),
    'session/connect': (r) => session.connect(r.storeUrl, r.email, r.password),
    'session/token': (r) => session.useToken(r.storeUrl, r.token),
    'session/sso': (r) => session.useSsoCode(r.storeUrl, r.code),
    'session/signOut': () => session.signOut(),
    'session/unsent': () => session.unsent(),
    'session/discardUnsent': (r) => session.discardUnsent(r.cache),
    'sync/get': async () => syncView(session.client()),
    'sync/now': async () => {
      const client = session.client();
      await client?.sync.syncNow().catch(() => undefined);
      return syncView(client);
    },

    'communities/mine': async () => {
      const { client, userId } = connected();
      const preferred = (await deps.preferredCommunities?.()) ?? [];
      return preferFirst(await myCommunities(client, userId), preferred);
    },

    'communities/directory': async () => connected().client.api.directory(),
    'communities/join': async ({ slug }) => {
      const { client } = connected();
      const result = await client.api.join(slug);
      // The new membership arrives with the next pull: forms then offer the community.
      await client.sync.syncNow().catch(() => undefined);
      return { joined: result.membership !== undefined };
    },

    'practice/capture': async ({ values }) => {
      const { client } = connected();
      const { mutation } = await client.mutate('createPractice', {
        community: values.community,
        title: values.title,
        body: values.body,
        kind: values.kind,
        tags: values.tags,
        ...(values.source ? { source: values.source } : {}),
      });
      return created(client, mutation);
    },
    'practice/similar': async ({ title, text, community }) => {
      const { client } = connected();
      const practices = await allRows(client.db, 'practice');
      const pool = practices.filter(
        (p) =>
          p.status !== 'rejected' &&
          p.status !== 'archived' &&
          (!community || p.community === community),
      );
      const draft = { title, source: text ? { quote: { exact: text } } : null };
      return findSimilar(draft, pool, { limit: 3 }).map((hit) => hit.practice);
    },
    'practice/endorse': async ({ practiceId }) => {
      const { client } = connected();
      const { mutation } = await client.mutate('endorsePractice', { practiceId, endorse: true });
      return { queued: await queuedAfterTrying(client, mutation.id) };
    },
    // "This helped" is counted by the store at once (once per person), so it goes straight to it.
    'practice/helped': async ({ practiceId, how }) => {
      const { client } = connected();
      const { practice } = await client.api.markHelped(practiceId, how ? { how } : {});
      return { helpedCount: practice.helpedCount };
    },
    // The extension signs in with an API token, so a coordinator curates here as in the console.
    'practice/reader': async () => {
      const { client, userId } = connected();
      const memberships = await allRows(client.db, 'membership');
      return readerOf(
        userId,
        memberships.filter((m) => m.userId === userId),
      );
    },
    'practice/verify': async ({ practiceId }) => {
      const { client } = connected();
      return (await client.api.verifyPractice(practiceId)).practice;
    },
    'practices/search': async ({ q, community }) => {
      const { client } = connected();
      return client.search.query(q, { limit: 50, ...(community ? { community } : {}) });
    },
    'practices/recent': async ({ limit }) => {
      const { client } = connected();
      const practices = await allRows(client.db, 'practice');
      return practices
        .filter((p) => p.status !== 'rejected' && p.status !== 'archived')
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
        .slice(0, limit ?? 20);
    },

    'question/ask': async ({ values }) => {
      const { client } = connected();
      const { mutation } = await client.mutate('createQuestion', {
        community: values.community,
        title: values.title,
        body: values.body,
        tags: values.tags,
        ...(values.context ? { context: values.context } : {}),
      });
      return created(client, mutation);
    },
    'question/similar': async ({ text, community }) => {
      const { client } = connected();
      const questions = await allRows(client.db, 'question');
      return suggestExisting(client.search, questions, text, community ? { community } : {});
    },
    'question/answeredByExisting': async (item) => {
      const { client } = connected();
      await client.api.answeredByExisting({ kind: item.kind, id: item.id });
      return { recorded: true };
    },
    'questions/list': async () => {
      const { client, userId } = connected();
      return questionLists(await allRows(client.db, 'question'), userId, await deps.unseen());
    },
    'answers/list': async ({ questionId }) => answersTo(connected().client, questionId),
    'answers/seen': async ({ questionId }) => {
      const { client, userId } = connected();
      await deps.markSeen(questionId);
      return questionLists(await allRows(client.db, 'question'), userId, await deps.unseen());
    },
    'answer/post': async ({ questionId, body }) => {
      const { client } = connected();
      const { mutation } = await client.mutate('createAnswer', { questionId, body });
      return created(client, mutation);
    },
    'answer/accept': async ({ questionId, answerId }) => {
      const { client } = connected();
      const { mutation } = await client.mutate('acceptAnswer', { questionId, answerId });
      return { queued: await queuedAfterTrying(client, mutation.id) };
    },
    'question/promote': async ({ questionId }) => {
      const { client } = connected();
      const practice = await client.api.promoteAnswer(questionId);
      void client.sync.syncNow();
      return { practiceId: practice.id };
    },

    'me/expertise': async () => connected().client.api.myExpertise(),
    'me/setExpertise': async ({ topics, hidden }) =>
      connected().client.api.setMyExpertise({
        ...(topics ? { topics } : {}),
        ...(hidden === undefined ? {} : { hidden }),
      }),
    'experts/find': async ({ topic, community }) => {
      const { client } = connected();
      return client.api.experts({ topic, ...(community ? { community } : {}), limit: 10 });
    },

    'page/hello': async ({ url, title }, sender) => {
      const client = session.client();
      if (!client || sender.tabId === undefined) return { prompts: [], needsText: false };
      // Highlights need the panel (and its anchoring code); the page's answer does not wait for
      // them, nor for reading every practice, so a prompt shows at once.
      const target = { tabId: sender.tabId, frameId: sender.frameId ?? 0 };
      allRows(client.db, 'practice')
        .then((practices) => deps.tabPanel.highlight(target, highlightsFor(url, practices)))
        .catch((error) => console.warn('[cop-kit] could not show highlights', error));
      const [rules, communities] = await Promise.all([
        allRows(client.db, 'prompt'),
        allRows(client.db, 'community'),
      ]);
      return promptsFor({ url, title }, rules, communities);
    },
    'page/text': async (page) => {
      const client = session.client();
      if (!client) return { prompts: [] };
      const [rules, communities] = await Promise.all([
        allRows(client.db, 'prompt'),
        allRows(client.db, 'community'),
      ]);
      const text = page.text.slice(0, PAGE_TEXT_LIMIT);
      return { prompts: promptsFor({ ...page, text }, rules, communities).prompts };
    },
    'page/loadPart': async ({ part }, sender) => {
      if (sender.tabId === undefined) return { loaded: false };
      await deps.tabPanel.loadPart({ tabId: sender.tabId, frameId: sender.frameId ?? 0 }, part);
      return { loaded: true };
    },
    'page/openPanel': async ({ mode, prompt }, sender) => {
      if (sender.tabId === undefined) return { opened: false };
      const target = { tabId: sender.tabId, frameId: sender.frameId ?? 0 };
      await deps.tabPanel.open(target, mode, prompt ? { prompt } : {});
      return { opened: true };
    },
    'sidepanel/open': async (_r, sender) => ({ opened: await deps.openSidePanel(sender) }),
    'options/open': async () => ({ opened: await deps.openOptions() }),
  };

  /** Answers one message; never throws (errors become `{ok: false}` with a code and a sentence). */
  return async function handle(message: unknown, sender: SenderInfo): Promise<Reply<unknown>> {
    const type = (message as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !(type in handlers)) {
      return {
        ok: false,
        error: { code: 'unknown_request', message: `Unknown request ${String(type)}.` },
      };
    }
    try {
      await deps.ready;
      const handler = handlers[type as RequestType] as Handler<RequestType>;
      return { ok: true, value: await handler(message as Request, sender) };
    } catch (error) {
      return { ok: false, error: errorInfo(error) };
    }
  };
}

export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof RequestError || error instanceof ApiError) {
    return { code: error.code, message: error.message };
  }
  return {
    code: 'error',
    message: error instanceof Error ? error.message : String(error),
  };
}
