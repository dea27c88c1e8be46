import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventParser, type LiveChannel, openLiveChannel, type ServerEvent } from './events';

describe('createEventParser', () => {
  it('parses events split anywhere across chunks, with CRLF, comments and multi-line data', () => {
    const events: ServerEvent[] = [];
    const parser = createEventParser((e) => events.push(e));
    const stream =
      ': keep-alive\r\nevent: change\r\ndata: {"version":\r\n\r\nid: 7\ndata: line one\ndata: line two\n\n';
    // Feed one character at a time: the worst case for a stream reader.
    for (const ch of stream) parser.push(ch);
    expect(events).toEqual([
      { event: 'change', data: '{"version":', id: undefined, retry: undefined },
      { event: 'message', data: 'line one\nline two', id: '7', retry: undefined },
    ]);
  });
});

/** A fake fetch whose response bodies the test writes into, one stream per connection. */
function streamingFetch() {
  const connections: Array<{
    headers: Headers;
    write(text: string): void;
    end(): void;
    signal?: AbortSignal;
  }> = [];
  const fetch = (async (_: unknown, init?: RequestInit) => {
    const encoder = new TextEncoder();
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
      },
    });
    init?.signal?.addEventListener('abort', () =>
      controller.error(new DOMException('aborted', 'AbortError')),
    );
    connections.push({
      headers: new Headers(init?.headers),
      write: (text) => controller.enqueue(encoder.encode(text)),
      end: () => controller.close(),
      signal: init?.signal ?? undefined,
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }) as typeof globalThis.fetch;
  return { fetch, connections };
}

describe('openLiveChannel', () => {
  let channel: LiveChannel | undefined;
  afterEach(() => channel?.close());

  it('says "pull now" with the version of each change event, authenticated by header', async () => {
    const { fetch, connections } = streamingFetch();
    const versions: number[] = [];
    const onOpen = vi.fn();
    channel = openLiveChannel({
      baseUrl: 'http://s/',
      getToken: () => 'tok',
      fetch,
      onChange: (v) => versions.push(v),
      onOpen,
    });

    await vi.waitFor(() => expect(onOpen).toHaveBeenCalledTimes(1));
    expect(connections[0]?.headers.get('authorization')).toBe('Bearer tok');
    connections[0]?.write(
      'event: change\ndata: {"version": 12}\n\n: ping\n\nevent: other\ndata: x\n\n',
    );
    connections[0]?.write('event: change\ndata: {"version": 13}\n\n');
    await vi.waitFor(() => expect(versions).toEqual([12, 13]));
  });

  it('reconnects after the stream ends, and stops for good on close()', async () => {
    const { fetch, connections } = streamingFetch();
    const onOpen = vi.fn();
    const onError = vi.fn();
    channel = openLiveChannel({
      baseUrl: 'http://s',
      getToken: () => 'tok',
      fetch,
      onChange: () => {},
      onOpen,
      onError,
      initialDelayMs: 5,
      maxDelayMs: 20,
    });
    await vi.waitFor(() => expect(connections).toHaveLength(1));
    connections[0]?.end();
    await vi.waitFor(() => expect(onOpen).toHaveBeenCalledTimes(2));
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'unreachable' }));
    expect(connections).toHaveLength(2);

    channel.close();
    expect(connections[1]?.signal?.aborted).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(connections).toHaveLength(2);
  });

  it('backs off while the store is unreachable and reconnects when it is back', async () => {
    let down = 2;
    const { fetch: live, connections } = streamingFetch();
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (down-- > 0) throw new TypeError('fetch failed');
      return live(input, init);
    }) as typeof globalThis.fetch;
    const onError = vi.fn();
    const onOpen = vi.fn();
    channel = openLiveChannel({
      baseUrl: 'http://s',
      getToken: () => 't',
      fetch,
      onChange: () => {},
      onError,
      onOpen,
      initialDelayMs: 5,
    });
    await vi.waitFor(() => expect(onOpen).toHaveBeenCalledTimes(1));
    expect(onError).toHaveBeenCalledTimes(2);
    expect(connections).toHaveLength(1);
  });

  it('reports an expired token as unauthorized', async () => {
    const fetch = (async () => new Response('{}', { status: 401 })) as typeof globalThis.fetch;
    const onError = vi.fn();
    channel = openLiveChannel({
      baseUrl: 'http://s',
      getToken: () => 'old',
      fetch,
      onChange: () => {},
      onError,
      initialDelayMs: 1000,
    });
    await vi.waitFor(() =>
      expect(onError).toHaveBeenCalledWith(
        expect.objectContaining({ code: 'unauthorized', status: 401 }),
      ),
    );
  });
});
