/**
 * The messages pages, panels and content scripts send to the background, which owns the one
 * client and sync engine. Each request type maps to its reply type; failures carry a code and a sentence.
 */

import type { HelpedHow } from '../core/stewardship';
import type {
  Answer,
  Community,
  ExpertHit,
  PageContext,
  Practice,
  PracticeKind,
  PromptRule,
  Question,
  Quote,
  SearchHit,
  User,
} from '../core/types';
import type { ManagedPolicy } from './settings';

export type PanelMode = 'capture' | 'ask';

export interface CaptureRequest {
  community: string;
  title: string;
  body: string;
  kind: PracticeKind;
  tags: string[];
  source?: { url: string; title: string; quote?: Quote };
}

export interface AskRequest {
  community: string;
  title: string;
  body: string;
  tags: string[];
  context?: PageContext;
}

/** What the person is connected as, or why not. */
export interface SessionView {
  storeUrl: string | null;
  /** A store URL set by enterprise policy (`storage.managed`). */
  managedStoreUrl: string | null;
  /** Everything the organisation set by policy (store URL, enabled sites, communities). */
  managed: ManagedPolicy;
  user: Pick<User, 'id' | 'name' | 'email'> | null;
  /** Set when the stored token stopped working: the person must connect again. */
  expired: boolean;
}

export interface SyncView {
  state: 'synced' | 'pending' | 'offline' | 'error' | 'signed-out';
  pending: number;
  error?: { code: string; message: string };
}

export interface QuestionsView {
  mine: Question[];
  open: Question[];
  routed: Question[];
  /** New answers per question the person asked, since they last looked. */
  unseen: Record<string, number>;
}

/** A prompt that matched the page, with the community's name to show. */
export interface MatchedPrompt {
  id: string;
  community: string;
  communityName: string;
  message: string;
}

/** A practice captured from the page the person is on, for the panel to find and highlight again. */
export type PageHighlight = Pick<Practice, 'id' | 'title' | 'community' | 'source'>;

/** The page as the first-load script sees it: address and title, no text. */
export interface PageAddress {
  url: string;
  title: string;
}

/** How much of a page's text prompt keywords are matched against (characters, from the start). */
export const PAGE_TEXT_LIMIT = 50_000;

/** The page with (the start of) its text, sent only when a rule's keywords need it; it never leaves the browser. */
export interface PageSnapshot extends PageAddress {
  text: string;
}

/** The background's first answer to a page: what it can show without the text, and whether it needs it. */
export interface PageHello {
  /** Prompts matched so far (by URL, and by keywords found in the title). */
  prompts: MatchedPrompt[];
  /** Some enabled rule for this URL has keywords the title did not settle: send the text (`page/text`). */
  needsText: boolean;
}

/** The prompt a panel is opened from: it preselects the prompt's community. */
export interface PromptOrigin {
  id: string;
  community: string;
}

/** How the panel opens: from a selection (kept or given as text) or from a prompt. */
export interface PanelOpening {
  /** The selection text from a context menu, when the page's own selection is gone. */
  selectionText?: string;
  prompt?: PromptOrigin;
}

/** Outcome of a write: `queued` when it waits in the outbox for the store. */
export interface WriteOutcome {
  id: string;
  queued: boolean;
}

export interface RequestMap {
  'session/get': { req: Record<string, never>; res: SessionView };
  'session/connect': {
    req: { storeUrl: string; email: string; password: string };
    res: SessionView;
  };
  'session/token': { req: { storeUrl: string; token: string }; res: SessionView };
  'session/signOut': { req: Record<string, never>; res: SessionView };
  'sync/get': { req: Record<string, never>; res: SyncView };
  'sync/now': { req: Record<string, never>; res: SyncView };
  'communities/mine': { req: Record<string, never>; res: Pick<Community, 'slug' | 'name'>[] };
  'practice/capture': { req: { values: CaptureRequest }; res: WriteOutcome };
  'practice/similar': {
    req: { title: string; text: string; community?: string };
    res: Practice[];
  };
  'practice/endorse': { req: { practiceId: string }; res: { queued: boolean } };
  'practice/helped': {
    req: { practiceId: string; how?: HelpedHow };
    res: { helpedCount: number };
  };
  'practices/search': { req: { q: string; community?: string }; res: SearchHit[] };
  'practices/recent': { req: { limit?: number }; res: Practice[] };
  'question/ask': { req: { values: AskRequest }; res: WriteOutcome };
  'questions/list': { req: Record<string, never>; res: QuestionsView };
  'answers/list': { req: { questionId: string }; res: Answer[] };
  'answers/seen': { req: { questionId: string }; res: QuestionsView };
  'answer/post': { req: { questionId: string; body: string }; res: WriteOutcome };
  'answer/accept': { req: { questionId: string; answerId: string }; res: { queued: boolean } };
  'experts/find': { req: { topic: string; community?: string }; res: ExpertHit[] };
  /** From the first-load script: the page loaded or navigated (SPA). Address and title only. */
  'page/hello': { req: PageAddress; res: PageHello };
  /** From the first-load script, only after a hello answered `needsText`: every prompt that matches. */
  'page/text': { req: PageSnapshot; res: { prompts: MatchedPrompt[] } };
  /** From the selection toolbar or a prompt: open the panel in this tab. */
  'page/openPanel': {
    req: { mode: PanelMode; prompt?: PromptOrigin };
    res: { opened: boolean };
  };
  'sidepanel/open': { req: { section?: 'questions' }; res: { opened: boolean } };
  'options/open': { req: Record<string, never>; res: { opened: boolean } };
}

export type RequestType = keyof RequestMap;
export type Request<T extends RequestType = RequestType> = {
  [K in T]: { type: K } & RequestMap[K]['req'];
}[T];
export type Response<T extends RequestType> = RequestMap[T]['res'];

export interface ErrorInfo {
  code: string;
  message: string;
}
export type Reply<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** A failed request, thrown on the caller's side with the background's code and sentence. */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Messages the background sends to the panel script in a tab. */
export type PanelMessage =
  | ({ type: 'panel/open'; mode: PanelMode } & PanelOpening)
  /** The practices captured from the page now shown (empty: clear what an earlier view showed). */
  | { type: 'panel/highlights'; highlights: PageHighlight[] }
  | { type: 'panel/ping' };

/** Messages the background pushes to open extension pages over the `live` port. */
export type LiveMessage =
  | { type: 'sync'; sync: SyncView }
  | { type: 'session'; session: SessionView }
  | { type: 'changed'; entities: string[] };

export const LIVE_PORT = 'cop-live';

/** Re-exported for the pages' convenience. */
export type { PromptRule };

type Sender = (message: unknown) => Promise<unknown>;

/**
 * Sends a request to the background and unwraps its reply; throws `RequestError` on failure.
 * `send` is `browser.runtime.sendMessage`, passed in so tests can hand in their own.
 */
export async function request<T extends RequestType>(
  send: Sender,
  type: T,
  body: RequestMap[T]['req'],
): Promise<Response<T>> {
  let reply: Reply<Response<T>> | undefined;
  try {
    reply = (await send({ ...body, type })) as Reply<Response<T>> | undefined;
  } catch (error) {
    throw new RequestError(
      'extension_unavailable',
      `The extension did not answer (${error instanceof Error ? error.message : String(error)}). Reload the page and try again.`,
    );
  }
  if (!reply) throw new RequestError('no_reply', 'The extension did not answer. Try again.');
  if (!reply.ok) throw new RequestError(reply.error.code, reply.error.message);
  return reply.value;
}
