/**
 * The console's calls to the store: the shared client (`createApi`) for what every client does, plus
 * the coordinator routes. Every failure is an `ApiError` with a code and a sentence to show.
 */
import type { z } from 'zod';
import { type Api, createApi, describeError } from '../client/api';
import type { Candidate, Invitation, JoinRequest } from '../core/accounts';
import type {
  AuditEntry,
  AuditPage,
  BulkResult,
  BulkReviewAnswer,
  ConflictList,
  ConflictView,
  DeliveryLog,
  DeliveryLogEntry,
  EditOutcome,
  HealthReport,
  ImportResult,
  MemberList,
  MemberView,
  MergeAnswer,
  PracticeExport,
  QueueItem,
  QueueList,
  RouteSuggestions,
  Webhook,
  WebhookAnswer,
  WebhookEvent,
  WebhookList,
} from '../core/console-responses';
import type { Weekday } from '../core/digest';
import type { DigestAnswer } from '../core/digest-schemas';
import type { Role } from '../core/kinds';
import type {
  CommunityAnswer,
  PracticeAnswer,
  PromptRuleAnswer,
  PromptRuleList,
  QuestionAnswer,
} from '../core/responses';
import type { CommunityPatch, PracticePatch, ReviewAction } from '../core/schemas';
import type { HelpedHow } from '../core/stewardship';
import type { OverviewAnswer } from '../core/stewardship-schemas';
import type { Membership, Practice, PracticeStatus, Question, User } from '../core/types';

export type {
  AuditEntry,
  BulkResult,
  ConflictView,
  DeliveryLogEntry,
  HealthReport,
  MemberView,
  QueueItem,
  RouteSuggestions,
  Webhook,
  WebhookEvent,
};
export type ExportFormat = 'csv' | 'json' | 'md';
export type EditConflict = Extract<EditOutcome, { status: 'conflict' }>;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** The body of an answer, as its schema in src/core declares it. */
type Of<S extends z.ZodType> = z.infer<S>;

export function createConsoleApi(baseUrl: string, getToken: () => string | null) {
  const shared: Api = createApi({ baseUrl, getToken });

  /**
   * One call through the shared client (its timeout and error parsing); `raw` answers the body as text
   * (downloads). A query string in `path` stays as written. The token goes along whenever there is
   * one; without it the store itself answers 401, as it does for a revoked one.
   */
  const send = <T = unknown>(method: Method, path: string, body?: unknown, raw = false) =>
    shared.request<T>(`/api/v1${path}`, { method, body, raw, auth: false });

  const c = (slug: string) => `/communities/${encodeURIComponent(slug)}`;
  const id = encodeURIComponent;

  return {
    shared,
    queue: async (slug: string, status: PracticeStatus | 'all') =>
      (await send<Of<typeof QueueList>>('GET', `${c(slug)}/queue?status=${status}&limit=100`))
        .items,
    review: async (
      action: ReviewAction['action'],
      items: { id: string; baseVersion: number }[],
      note?: string,
    ) =>
      (
        await send<Of<typeof BulkReviewAnswer>>('POST', '/practices/bulk-review', {
          action,
          items,
          note,
        })
      ).results,
    /** Applies an edit, or throws an ApiError `edit_conflict` whose details are an EditConflict. */
    edit: async (practiceId: string, baseVersion: number, patch: PracticePatch) =>
      (
        await send<Of<typeof PracticeAnswer>>('PUT', `/practices/${id(practiceId)}`, {
          baseVersion,
          patch,
        })
      ).practice,
    merge: (
      targetId: string,
      baseVersion: number,
      duplicates: { id: string; baseVersion: number }[],
    ) =>
      send<Of<typeof MergeAnswer>>('POST', `/practices/${id(targetId)}/merge`, {
        baseVersion,
        duplicates,
      }),
    conflicts: async (slug: string) =>
      (await send<Of<typeof ConflictList>>('GET', `${c(slug)}/conflicts`)).items,
    resolveConflict: (conflictId: string, keep: 'current' | 'proposed', baseVersion: number) =>
      send<Of<typeof PracticeAnswer>>('POST', `/conflicts/${id(conflictId)}/resolve`, {
        keep,
        baseVersion,
      }),
    openQuestions: (slug: string) =>
      shared.request<{ items: Question[] }>('/api/v1/questions', {
        query: { community: slug, status: 'open', order: 'oldest', limit: 200 },
      }),
    routeSuggestions: (questionId: string) =>
      send<RouteSuggestions>('GET', `/questions/${id(questionId)}/route-suggestions`),
    route: async (questionId: string, userIds: string[]) =>
      (
        await send<Of<typeof QuestionAnswer>>('POST', `/questions/${id(questionId)}/route`, {
          userIds,
        })
      ).question,
    close: async (questionId: string, note?: string) =>
      (
        await send<Of<typeof QuestionAnswer>>('POST', `/questions/${id(questionId)}/close`, {
          note,
        })
      ).question,
    prompts: async (slug: string) =>
      (await send<Of<typeof PromptRuleList>>('GET', `${c(slug)}/prompts`)).items,
    savePrompt: async (
      slug: string,
      rule: {
        id?: string;
        urlPatterns: string[];
        keywords: string[];
        message: string;
        enabled: boolean;
      },
    ) => (await send<Of<typeof PromptRuleAnswer>>('POST', `${c(slug)}/prompts`, rule)).prompt,
    members: async (slug: string) =>
      (await send<Of<typeof MemberList>>('GET', `${c(slug)}/members`)).items,
    addMember: (slug: string, email: string, role: Role) =>
      send('POST', `${c(slug)}/members`, { email, role }),
    setRole: (slug: string, userId: string, role: Role) =>
      send('PUT', `${c(slug)}/members/${id(userId)}`, { role }),
    removeMember: (slug: string, userId: string) =>
      send('DELETE', `${c(slug)}/members/${id(userId)}`),
    createCommunity: async (input: { slug: string; name: string; domain: string }) =>
      (await send<Of<typeof CommunityAnswer>>('POST', '/communities', input)).community,
    updateCommunity: async (slug: string, patch: CommunityPatch) =>
      (await send<Of<typeof CommunityAnswer>>('PATCH', c(slug), patch)).community,
    joinRequests: async (slug: string) =>
      (await send<{ items: JoinRequest[] }>('GET', `${c(slug)}/requests`)).items,
    decideRequest: (slug: string, requestId: string, approve: boolean) =>
      send('POST', `${c(slug)}/requests/${id(requestId)}/${approve ? 'approve' : 'decline'}`, {}),
    people: async (slug: string, q: string) =>
      (await send<{ items: Candidate[] }>('GET', `${c(slug)}/people?q=${encodeURIComponent(q)}`))
        .items,
    invite: (slug: string, email: string, role: Role) =>
      send<{ invitation: Invitation; url: string }>('POST', `${c(slug)}/invitations`, {
        email,
        role,
      }),
    invitation: async (token: string) =>
      (await send<{ invitation: Invitation }>('GET', `/invitations/${id(token)}`)).invitation,
    acceptInvitation: async (token: string) =>
      (await send<{ membership: Membership }>('POST', `/invitations/${id(token)}/accept`, {}))
        .membership,
    signUpWithInvitation: (token: string, name: string, password: string) =>
      send<{ token: string; user: User; membership: Membership }>('POST', '/auth/invitation', {
        token,
        name,
        password,
      }),
    due: async (slug: string) => (await send<{ items: Practice[] }>('GET', `${c(slug)}/due`)).items,
    markHelped: (practiceId: string, args: { how?: HelpedHow }) =>
      send<{ practice: Practice; counted: boolean }>(
        'POST',
        `/practices/${id(practiceId)}/helped`,
        args,
      ),
    verify: async (practiceId: string) =>
      (await send<Of<typeof PracticeAnswer>>('POST', `/practices/${id(practiceId)}/verify`, {}))
        .practice,
    digest: (slug: string) => send<DigestAnswer>('GET', `${c(slug)}/digest`),
    setDigestDay: (slug: string, day: Weekday | null) =>
      send<DigestAnswer>('PUT', `${c(slug)}/digest`, { day }),
    health: (slug: string, from: string, to: string) =>
      send<HealthReport>('GET', `${c(slug)}/health?from=${from}&to=${to}`),
    /** The sponsor's (or admin's) overview of the communities they sponsor, and the same as a file. */
    overview: () => send<OverviewAnswer>('GET', '/overview'),
    overviewFile: (format: 'csv' | 'json') =>
      send<string>('GET', `/overview?format=${format}`, undefined, true),
    exportFile: (slug: string, format: ExportFormat) =>
      send<string>('GET', `${c(slug)}/export?format=${format}`, undefined, true),
    importFile: (slug: string, data: PracticeExport | unknown) =>
      send<ImportResult>('POST', `${c(slug)}/import`, data),
    audit: (slug: string, before?: number, action?: string) =>
      send<Of<typeof AuditPage>>(
        'GET',
        `${c(slug)}/audit?limit=50${before ? `&before=${before}` : ''}${action ? `&action=${encodeURIComponent(action)}` : ''}`,
      ),
    webhooks: async (slug: string) =>
      (await send<Of<typeof WebhookList>>('GET', `${c(slug)}/webhooks`)).items,
    addWebhook: async (slug: string, url: string, events: WebhookEvent[]) =>
      (await send<Of<typeof WebhookAnswer>>('POST', `${c(slug)}/webhooks`, { url, events }))
        .webhook,
    updateWebhook: async (
      slug: string,
      hookId: string,
      patch: { enabled?: boolean; events?: WebhookEvent[]; rotateSecret?: boolean },
    ) =>
      (await send<Of<typeof WebhookAnswer>>('PUT', `${c(slug)}/webhooks/${id(hookId)}`, patch))
        .webhook,
    deleteWebhook: (slug: string, hookId: string) =>
      send('DELETE', `${c(slug)}/webhooks/${id(hookId)}`),
    testWebhook: (slug: string, hookId: string) =>
      send('POST', `${c(slug)}/webhooks/${id(hookId)}/test`, {}),
    deliveries: async (slug: string, hookId: string) =>
      (
        await send<Of<typeof DeliveryLog>>(
          'GET',
          `${c(slug)}/webhooks/${id(hookId)}/deliveries?limit=50`,
        )
      ).items,
    retryDelivery: (slug: string, hookId: string, deliveryId: string) =>
      send('POST', `${c(slug)}/webhooks/${id(hookId)}/deliveries/${id(deliveryId)}/retry`, {}),
  };
}

export type ConsoleApi = ReturnType<typeof createConsoleApi>;

/** The sentence to show for any failure (one function for every client: src/client/api.ts). */
export { describeError };
