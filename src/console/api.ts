/**
 * The console's calls to the store: the shared client (`createApi`) for what every client does, plus
 * the coordinator routes. Every failure is an `ApiError` with a code and a sentence to show.
 */
import { type Api, ApiError, createApi, UNREACHABLE_MESSAGE } from '../client/api';
import type {
  AuditEntry,
  BulkResult,
  ConflictView,
  DeliveryLogEntry,
  EditOutcome,
  HealthReport,
  ImportResult,
  MemberView,
  PracticeExport,
  QueueItem,
  RouteSuggestions,
  Webhook,
  WebhookEvent,
} from '../core/responses';
import type { PracticePatch, ReviewAction } from '../core/schemas';
import type { Practice, PracticeStatus, PromptRule, Question } from '../core/types';

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

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export function createConsoleApi(baseUrl: string, getToken: () => string | null) {
  const shared: Api = createApi({ baseUrl, getToken });

  /** One authenticated call; `raw` returns the response text (downloads). */
  async function send<T>(method: Method, path: string, body?: unknown, raw = false): Promise<T> {
    const token = getToken();
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (cause) {
      throw new ApiError(0, 'unreachable', UNREACHABLE_MESSAGE, { cause: String(cause) });
    }
    const text = await response.text();
    if (response.ok) return (raw ? text : text ? JSON.parse(text) : undefined) as T;
    let error: { code?: string; message?: string; details?: unknown } | undefined;
    try {
      error = JSON.parse(text).error;
    } catch {}
    throw new ApiError(
      response.status,
      error?.code ?? `http_${response.status}`,
      error?.message ?? `The store answered ${response.status}.`,
      error?.details,
    );
  }

  const c = (slug: string) => `/communities/${encodeURIComponent(slug)}`;
  const id = encodeURIComponent;

  return {
    shared,
    queue: async (slug: string, status: PracticeStatus | 'all') =>
      (await send<{ items: QueueItem[] }>('GET', `${c(slug)}/queue?status=${status}&limit=100`))
        .items,
    review: async (
      action: ReviewAction['action'],
      items: { id: string; baseVersion: number }[],
      note?: string,
    ) =>
      (
        await send<{ results: BulkResult[] }>('POST', '/practices/bulk-review', {
          action,
          items,
          note,
        })
      ).results,
    /** Applies an edit, or throws an ApiError `edit_conflict` whose details are an EditConflict. */
    edit: async (practiceId: string, baseVersion: number, patch: PracticePatch) =>
      (
        await send<{ practice: Practice }>('PUT', `/practices/${id(practiceId)}`, {
          baseVersion,
          patch,
        })
      ).practice,
    merge: (
      targetId: string,
      baseVersion: number,
      duplicates: { id: string; baseVersion: number }[],
    ) =>
      send<{ practice: Practice; merged: string[] }>('POST', `/practices/${id(targetId)}/merge`, {
        baseVersion,
        duplicates,
      }),
    conflicts: async (slug: string) =>
      (await send<{ items: ConflictView[] }>('GET', `${c(slug)}/conflicts`)).items,
    resolveConflict: (conflictId: string, keep: 'current' | 'proposed', baseVersion: number) =>
      send<{ practice: Practice }>('POST', `/conflicts/${id(conflictId)}/resolve`, {
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
        await send<{ question: Question }>('POST', `/questions/${id(questionId)}/route`, {
          userIds,
        })
      ).question,
    close: async (questionId: string, note?: string) =>
      (await send<{ question: Question }>('POST', `/questions/${id(questionId)}/close`, { note }))
        .question,
    prompts: async (slug: string) =>
      (await send<{ items: PromptRule[] }>('GET', `${c(slug)}/prompts`)).items,
    savePrompt: async (
      slug: string,
      rule: {
        id?: string;
        urlPatterns: string[];
        keywords: string[];
        message: string;
        enabled: boolean;
      },
    ) => (await send<{ prompt: PromptRule }>('POST', `${c(slug)}/prompts`, rule)).prompt,
    members: async (slug: string) =>
      (await send<{ items: MemberView[] }>('GET', `${c(slug)}/members`)).items,
    addMember: (slug: string, email: string, role: 'member' | 'coordinator') =>
      send('POST', `${c(slug)}/members`, { email, role }),
    setRole: (slug: string, userId: string, role: 'member' | 'coordinator') =>
      send('PUT', `${c(slug)}/members/${id(userId)}`, { role }),
    due: async (slug: string) => (await send<{ items: Practice[] }>('GET', `${c(slug)}/due`)).items,
    verify: async (practiceId: string) =>
      (await send<{ practice: Practice }>('POST', `/practices/${id(practiceId)}/verify`, {}))
        .practice,
    health: (slug: string, from: string, to: string) =>
      send<HealthReport>('GET', `${c(slug)}/health?from=${from}&to=${to}`),
    exportFile: (slug: string, format: ExportFormat) =>
      send<string>('GET', `${c(slug)}/export?format=${format}`, undefined, true),
    importFile: (slug: string, data: PracticeExport | unknown) =>
      send<ImportResult>('POST', `${c(slug)}/import`, data),
    audit: (slug: string, before?: number, action?: string) =>
      send<{ items: AuditEntry[]; next: number | null }>(
        'GET',
        `${c(slug)}/audit?limit=50${before ? `&before=${before}` : ''}${action ? `&action=${encodeURIComponent(action)}` : ''}`,
      ),
    webhooks: async (slug: string) =>
      (await send<{ items: Webhook[] }>('GET', `${c(slug)}/webhooks`)).items,
    addWebhook: async (slug: string, url: string, events: WebhookEvent[]) =>
      (await send<{ webhook: Webhook }>('POST', `${c(slug)}/webhooks`, { url, events })).webhook,
    updateWebhook: async (
      slug: string,
      hookId: string,
      patch: { enabled?: boolean; events?: WebhookEvent[]; rotateSecret?: boolean },
    ) =>
      (await send<{ webhook: Webhook }>('PUT', `${c(slug)}/webhooks/${id(hookId)}`, patch)).webhook,
    deleteWebhook: (slug: string, hookId: string) =>
      send('DELETE', `${c(slug)}/webhooks/${id(hookId)}`),
    testWebhook: (slug: string, hookId: string) =>
      send('POST', `${c(slug)}/webhooks/${id(hookId)}/test`, {}),
    deliveries: async (slug: string, hookId: string) =>
      (
        await send<{ items: DeliveryLogEntry[] }>(
          'GET',
          `${c(slug)}/webhooks/${id(hookId)}/deliveries?limit=50`,
        )
      ).items,
    retryDelivery: (slug: string, hookId: string, deliveryId: string) =>
      send('POST', `${c(slug)}/webhooks/${id(hookId)}/deliveries/${id(deliveryId)}/retry`, {}),
  };
}

export type ConsoleApi = ReturnType<typeof createConsoleApi>;

/** The sentence to show for any failure. */
export const describeError = (error: unknown) =>
  error instanceof ApiError
    ? error.message
    : error instanceof Error
      ? error.message
      : 'Something went wrong.';
