/** Graceful shutdown ends open event streams at once instead of waiting for a timeout. */
import { expect, it } from 'vitest';
import { startStore } from '../helpers/store';

it('stops promptly while clients listen on the event channel', async () => {
  const store = await startStore();
  try {
    const streams = await Promise.all(
      [1, 2, 3].map(() =>
        fetch(`${store.url}/api/v1/sync/events`, {
          headers: { Authorization: `Bearer ${store.adminToken}` },
        }),
      ),
    );
    for (const res of streams)
      expect(res.headers.get('content-type')).toContain('text/event-stream');
    const started = Date.now();
    await store.stop();
    const took = Date.now() - started;
    console.log(`store stopped in ${took} ms with ${streams.length} open event streams`);
    expect(took).toBeLessThan(5_000);
  } finally {
    await store.dispose();
  }
});
