/**
 * The messages pages, panels and content scripts send to the background, which owns the one
 * client and sync engine. Each request type maps to its reply type; failures carry a code and a sentence.
 */

import type { SimilarItem } from '../client/existing-knowledge';
import type { DirectoryEntry } from '../core/accounts';
import type { MyExpertise } from '../core/question-loop';
import type { HelpedHow, Reader } from '../core/stewardship';
import type {
  Answer,
  Community,
  ExpertHit,
  Practice,
  PromptRule,
  Question,
  Quote,
  SearchHit,
  User,
} from '../core/types';
import type { AskValues } from '../ui/AskForm';
import type { CaptureValues } from '../ui/CaptureForm';
import type { ManagedPolicy } from './settings';

export type PanelMode = 'capture' | 'ask';

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

/** Someone else's changes not sent yet (options page: "N changes from ALICE are not sent yet"). */
export interface UnsentWorkView {
  cache: string;
  storeUrl: string;
  user: Pick<User, 'id' | 'name' | 'email'>;
  pending: number;
}

export interface SyncView {
  /** `outdated`: a newer version of the extension upgraded the cache; this one stopped syncing. */
  state: 'synced' | 'pending' | 'offline' | 'error' | 'signed-out' | 'outdated';
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

/** Page parts whose script loads on first use (src/extension/page/lazy-parts.ts). */
export type PagePartName = 'prompt-chip' | 'page-text';

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
  /** The one-time code from "Sign in with your organisation", exchanged by the background. */
  'session/sso': { req: { storeUrl: string; code: string }; res: SessionView };
  'session/signOut': { req: Record<string, never>; res: SessionView };
  /** Changes people signed in here before left unsent: they wait for that person. */
  'session/unsent': { req: Record<string, never>; res: UnsentWorkView[] };
  'session/discardUnsent': { req: { cache: string }; res: UnsentWorkView[] };
  'sync/get': { req: Record<string, never>; res: SyncView };
  'sync/now': { req: Record<string, never>; res: SyncView };
  'communities/mine': { req: Record<string, never>; res: Pick<Community, 'slug' | 'name'>[] };
  /** Every community on the store, with where the person stands (asks the store: needs the network). */
  'communities/directory': { req: Record<string, never>; res: DirectoryEntry[] };
  /** Joins an open community (`joined`) or asks to join a closed one. */
  'communities/join': { req: { slug: string }; res: { joined: boolean } };
  'practice/capture': { req: { values: CaptureValues }; res: WriteOutcome };
  'practice/similar': {
    req: { title: string; text: string; community?: string };
    res: Practice[];
  };
  'practice/endorse': { req: { practiceId: string }; res: { queued: boolean } };
  'practice/helped': {
    req: { practiceId: string; how?: HelpedHow };
    res: { helpedCount: number };
  };
  /** Who may mark which practice "Still right" here: the person, and the communities they coordinate. */
  'practice/reader': { req: Record<string, never>; res: Reader };
  /** "Still right": the owner or a coordinator verifies the practice (needs the store: online). */
  'practice/verify': { req: { practiceId: string }; res: Practice };
  'practices/search': { req: { q: string; community?: string }; res: SearchHit[] };
  'practices/recent': { req: { limit?: number }; res: Practice[] };
  'question/ask': { req: { values: AskValues }; res: WriteOutcome };
  /** "This may already answer it": cached practices and answered questions like the one typed. */
  'question/similar': { req: { text: string; community?: string }; res: SimilarItem[] };
  /** The person chose a suggestion instead of posting: answered by existing knowledge. */
  'question/answeredByExisting': { req: SimilarItem; res: { recorded: boolean } };
  'questions/list': { req: Record<string, never>; res: QuestionsView };
  'answers/list': { req: { questionId: string }; res: Answer[] };
  'answers/seen': { req: { questionId: string }; res: QuestionsView };
  'answer/post': { req: { questionId: string; body: string }; res: WriteOutcome };
  'answer/accept': { req: { questionId: string; answerId: string }; res: { queued: boolean } };
  /** The asker turns the accepted answer into a practice by the answerer (needs the store: online). */
  'question/promote': { req: { questionId: string }; res: { practiceId: string } };
  /** My profile: topics, hidden, evidence and load (needs the store: online). */
  'me/expertise': { req: Record<string, never>; res: MyExpertise };
  'me/setExpertise': { req: { topics?: string[]; hidden?: boolean }; res: MyExpertise };
  'experts/find': { req: { topic: string; community?: string }; res: ExpertHit[] };
  /** From the first-load script: the page loaded or navigated (SPA). Address and title only. */
  'page/hello': { req: PageAddress; res: PageHello };
  /** From the first-load script, only after a hello answered `needsText`: every prompt that matches. */
  'page/text': { req: PageSnapshot; res: { prompts: MatchedPrompt[] } };
  /** From the first-load script: inject a part's script into this frame on its first use. */
  'page/loadPart': { req: { part: PagePartName }; res: { loaded: boolean } };
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

/**
 * Messages the background sends to the panel script in a tab. The script lives in the page's
 * renderer, so it gets only what the page already has: quotes to find, never titles or communities.
 * `frame` names the extension frame it mounts (an unguessable token the background gave it).
 */
export type PanelMessage =
  | ({ type: 'panel/open'; mode: PanelMode; frame: string } & Omit<PanelOpening, 'prompt'>)
  /** Quotes of the practices captured from the page now shown (empty: clear what an earlier view showed). */
  | { type: 'panel/highlights'; quotes: { id: string; quote: Quote }[]; frame: string }
  /** Where the frame needs room now (the frame's own report, passed on by the background). */
  | { type: 'panel/layout'; layout: FrameLayout }
  /** Scroll a found highlight into view. */
  | { type: 'panel/reveal'; id: string }
  | { type: 'panel/ping' };

/** What the panel script answers to `panel/open`: the draft it read from the page's selection. */
export interface PanelDraft {
  quote: Quote | null;
  url: string;
  pageTitle: string;
}

/**
 * How much of the viewport the extension frame needs: nothing, the form at the top right, or the
 * highlights dock at the bottom right; heights in CSS pixels, so the frame covers no more of the page.
 */
export type FrameLayout =
  | { kind: 'none' }
  | { kind: 'column'; height: number }
  | { kind: 'dock'; height: number };

/** What the extension frame shows: an opening of a form (a new `seq` is a new form) and highlights. */
export interface FrameView {
  seq: number;
  mode: PanelMode;
  draft: PanelDraft;
  /** The prompt's community, preselected in the ask form. */
  community?: string;
}

/** A practice captured from the page, as the frame's dock lists it. */
export interface FrameHighlight {
  id: string;
  title: string;
  found: boolean;
}

/** The background to the extension frame, over its port. */
export type FrameMessage =
  | { type: 'frame/view'; view: FrameView | null }
  | { type: 'frame/highlights'; highlights: FrameHighlight[] };

/** The extension frame to the background, over its port. */
export type FrameRequest =
  | { type: 'frame/hello'; token: string }
  | { type: 'frame/layout'; layout: FrameLayout }
  | { type: 'frame/reveal'; id: string }
  | { type: 'frame/closed' };

export const FRAME_PORT = 'cop-frame';
/** The extension page the panel script mounts in a closed shadow root (web_accessible_resources). */
export const FRAME_PAGE = '/panel-frame.html';

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
