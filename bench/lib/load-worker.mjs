// One load-generator thread: `connections` keep-alive sockets, each sending the next request as soon as the
// previous response is complete (closed loop), until the deadline. Posts {requests, errors, seconds, latencies}.
import { connect } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

/** Splits complete HTTP/1.1 responses (Content-Length or chunked) off a socket's byte stream. */
class ResponseReader {
  buffer = Buffer.alloc(0);

  /** Appends bytes and returns the statuses of the responses now complete. */
  feed(chunk) {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const statuses = [];
    for (;;) {
      const status = this.next();
      if (status === null) return statuses;
      statuses.push(status);
    }
  }

  next() {
    const headerEnd = this.buffer.indexOf('\r\n\r\n');
    if (headerEnd < 0) return null;
    const head = this.buffer.toString('latin1', 0, headerEnd);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    let end;
    if (length) {
      end = headerEnd + 4 + Number(length[1]);
      if (this.buffer.length < end) return null;
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      let at = headerEnd + 4;
      for (;;) {
        const lineEnd = this.buffer.indexOf('\r\n', at);
        if (lineEnd < 0) return null;
        const size = Number.parseInt(this.buffer.toString('latin1', at, lineEnd), 16);
        at = lineEnd + 2 + size + 2;
        if (this.buffer.length < at) return null;
        if (size === 0) break;
      }
      end = at;
    } else {
      end = headerEnd + 4;
    }
    this.buffer = this.buffer.subarray(end);
    return status;
  }
}

const { host, port, connections, durationMs, requests, offset } = workerData;
const wire = requests.map((r) =>
  Buffer.from(
    `GET ${r.path} HTTP/1.1\r\nHost: ${host}:${port}\r\n${r.token ? `Authorization: Bearer ${r.token}\r\n` : ''}${r.fresh ? 'Cache-Control: no-cache\r\n' : ''}Connection: keep-alive\r\n\r\n`,
  ),
);
let latencies = new Float64Array(1 << 16);
let count = 0;
let errors = 0;
let next = offset;
const started = performance.now();
const deadline = started + durationMs;
let finishedAt = started;
let open = connections;

function finish() {
  if (--open > 0) return;
  const out = latencies.slice(0, count);
  parentPort.postMessage(
    { requests: count, errors, seconds: (finishedAt - started) / 1000, latencies: out },
    [out.buffer],
  );
}

for (let c = 0; c < connections; c++) {
  const reader = new ResponseReader();
  let sentAt = 0;
  const socket = connect({ host, port, noDelay: true }, () => send());
  const send = () => {
    if (performance.now() >= deadline) {
      socket.end();
      return;
    }
    sentAt = performance.now();
    socket.write(wire[next++ % wire.length]);
  };
  socket.on('data', (chunk) => {
    for (const status of reader.feed(chunk)) {
      const now = performance.now();
      if (count === latencies.length) {
        const bigger = new Float64Array(latencies.length * 2);
        bigger.set(latencies);
        latencies = bigger;
      }
      latencies[count++] = now - sentAt;
      finishedAt = Math.max(finishedAt, now);
      if (status < 200 || status >= 300) errors++;
      send();
    }
  });
  socket.on('error', () => {
    errors++;
  });
  socket.on('close', finish);
}
