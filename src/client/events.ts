/**
 * The live channel: the store's Server-Sent Events say "something changed, pull now". Read with
 * fetch and a stream reader because EventSource cannot send an Authorization header.
 */
import { ApiError, type TokenSource, UNAUTHORIZED_MESSAGE, UNREACHABLE_MESSAGE } from './api';

export interface LiveChannelOptions {
  baseUrl: string;
  getToken: TokenSource;
  fetch?: typeof fetch;
  /** Called for every `change` event with the store's new global version. */
  onChange: (version: number) => void;
  /** Called on every (re)connection: changes may have been missed while disconnected. */
  onOpen?: () => void;
  /** Called when a connection fails or drops; the channel retries by itself. */
  onError?: (error: ApiError) => void;
  /** First reconnect delay; doubles up to `maxDelayMs`, with jitter. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Reconnect when nothing (not even a comment) arrived for this long: proxies drop idle streams silently. */
  idleTimeoutMs?: number;
  path?: string;
}

export interface LiveChannel {
  /** Stops the channel for good. */
  close(): void;
  /** True while a stream is open. */
  readonly connected: boolean;
}

/** One parsed Server-Sent Event. */
export interface ServerEvent {
  event: string;
  data: string;
  id?: string;
  retry?: number;
}

/** Opens the live channel and keeps it open, reconnecting with backoff, until `close()`. */
export function openLiveChannel(options: LiveChannelOptions): LiveChannel {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const initialDelay = options.initialDelayMs ?? 1_000;
  const maxDelay = options.maxDelayMs ?? 60_000;
  const idleTimeout = options.idleTimeoutMs ?? 90_000;
  const path = options.path ?? '/api/v1/sync/events';

  let closed = false;
  let connected = false;
  let failures = 0;
  let lastEventId: string | undefined;
  let serverRetry: number | undefined;
  let controller: AbortController | undefined;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;

  const armIdle = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => controller?.abort(), idleTimeout);
  };

  const scheduleReconnect = () => {
    if (closed) return;
    const base = Math.min(maxDelay, (serverRetry ?? initialDelay) * 2 ** Math.min(failures, 16));
    const delay = base / 2 + Math.random() * (base / 2);
    failures++;
    reconnectTimer = setTimeout(connect, delay);
  };

  const dispatch = (event: ServerEvent) => {
    if (event.id !== undefined) lastEventId = event.id;
    if (event.retry !== undefined) serverRetry = event.retry;
    if (event.event !== 'change') return;
    let version = Number.NaN;
    try {
      version = Number((JSON.parse(event.data) as { version?: unknown }).version);
    } catch {
      // A change event without a readable version still means "pull now".
    }
    options.onChange(Number.isFinite(version) ? version : 0);
  };

  async function connect() {
    if (closed) return;
    controller = new AbortController();
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    try {
      const token = await options.getToken();
      if (token) headers.authorization = `Bearer ${token}`;
    } catch {
      // Treated as signed out: the store will answer 401.
    }
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;

    try {
      armIdle();
      const response = await doFetch(`${baseUrl}${path}`, {
        headers,
        signal: controller.signal,
        cache: 'no-store',
      });
      if (!response.ok || !response.body) {
        const error =
          response.status === 401
            ? new ApiError(401, 'unauthorized', UNAUTHORIZED_MESSAGE)
            : new ApiError(
                response.status,
                `http_${response.status}`,
                'The live channel was refused.',
              );
        await response.body?.cancel().catch(() => {});
        throw error;
      }
      connected = true;
      failures = 0;
      options.onOpen?.();
      const parser = createEventParser(dispatch);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        armIdle();
        parser.push(value);
      }
      // The store ended the stream (restart, deploy): come back soon, not at once.
      connected = false;
      if (!closed) options.onError?.(new ApiError(0, 'unreachable', UNREACHABLE_MESSAGE));
    } catch (error) {
      connected = false;
      if (closed) return;
      options.onError?.(
        error instanceof ApiError ? error : new ApiError(0, 'unreachable', UNREACHABLE_MESSAGE),
      );
    } finally {
      clearTimeout(idleTimer);
    }
    scheduleReconnect();
  }

  void connect();

  return {
    close() {
      closed = true;
      connected = false;
      clearTimeout(reconnectTimer);
      clearTimeout(idleTimer);
      controller?.abort();
    },
    get connected() {
      return connected;
    },
  };
}

/**
 * An incremental parser for the `text/event-stream` format: feed it chunks as they arrive,
 * it calls `onEvent` for every complete event (split lines across chunks are handled).
 */
export function createEventParser(onEvent: (event: ServerEvent) => void) {
  let buffer = '';
  let data: string[] = [];
  let eventName = '';
  let id: string | undefined;
  let retry: number | undefined;
  let pendingCR = false;

  const line = (text: string) => {
    if (text === '') {
      if (data.length > 0 || eventName) {
        onEvent({ event: eventName || 'message', data: data.join('\n'), id, retry });
      }
      data = [];
      eventName = '';
      retry = undefined;
      return;
    }
    if (text.startsWith(':')) return; // comment / keep-alive
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') eventName = value;
    else if (field === 'id') id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
  };

  return {
    push(chunk: string) {
      let text = chunk;
      // A CRLF may be split across chunks: drop the LF that completes an earlier CR.
      if (pendingCR && text.startsWith('\n')) text = text.slice(1);
      pendingCR = false;
      buffer += text;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const ch = buffer[i];
        if (ch !== '\n' && ch !== '\r') continue;
        line(buffer.slice(start, i));
        if (ch === '\r') {
          if (i + 1 === buffer.length) pendingCR = true;
          else if (buffer[i + 1] === '\n') i++;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
  };
}
