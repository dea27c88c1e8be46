// @vitest-environment happy-dom
import { expect, test } from 'vitest';
import { ApiError } from '../client/api';
import { button, click, renderUi, settle } from './testing';
import { type Resource, type ResourceOptions, useResource } from './use-resource';

/** A load the test answers by hand, one promise per call. */
function deferredLoads<T>() {
  const calls: { resolve: (v: T) => void; reject: (e: unknown) => void; key: string }[] = [];
  const load = (key: string) =>
    new Promise<T>((resolve, reject) => calls.push({ resolve, reject, key }));
  return { calls, load };
}

function Probe<T>({
  load,
  k,
  options,
  seen,
}: {
  load: (key: string) => Promise<T>;
  k: string;
  options?: ResourceOptions<T>;
  seen: { current?: Resource<T> };
}) {
  const r = useResource(() => load(k), [k], options);
  seen.current = r;
  return (
    <div>
      <p id="state">
        {r.loading ? 'loading' : 'idle'}|{String(r.data ?? '')}|{r.error}|{r.fresh ? 'fresh' : ''}
      </p>
      <button type="button" onClick={() => void r.reload()}>
        Reload
      </button>
    </div>
  );
}

const state = () => document.getElementById('state')!.textContent;

test('a resource loads, shows the failure sentence, and a reload replaces it with the answer', async () => {
  const { calls, load } = deferredLoads<string>();
  const seen = {};
  const root = renderUi(<Probe load={load} k="a" seen={seen} />);
  await settle();
  expect(state()).toBe('loading|||');
  calls[0]!.reject(new ApiError(503, 'server_error', 'The store had a problem (503).'));
  await settle();
  expect(state()).toBe('idle||The store had a problem (503).|');

  await click(button(root, 'Reload'));
  expect(state()).toBe('loading|||');
  calls[1]!.resolve('practices');
  await settle();
  expect(state()).toBe('idle|practices||fresh');
});

test('an answer overtaken by a newer load is dropped', async () => {
  const { calls, load } = deferredLoads<string>();
  const seen = {};
  renderUi(<Probe load={load} k="first" seen={seen} />);
  await settle();
  renderUi(<Probe load={load} k="second" seen={seen} />);
  await settle();
  const second = calls.find((c) => c.key === 'second')!;
  second.resolve('second answer');
  await settle();
  calls.find((c) => c.key === 'first')!.resolve('first answer');
  await settle();
  expect(state()).toBe('idle|second answer||fresh');
});

test('a saved copy shows until the answer comes, and a refusal that drops data removes it', async () => {
  const { calls, load } = deferredLoads<string>();
  const seen = {};
  const root = renderUi(
    <Probe
      load={load}
      k="a"
      seen={seen}
      options={{
        saved: async () => 'saved copy',
        drops: (e) => e instanceof ApiError && e.status === 401,
      }}
    />,
  );
  await settle();
  expect(state()).toBe('loading|saved copy||');
  calls[0]!.reject(new ApiError(503, 'server_error', 'Down.'));
  await settle();
  // A passing failure keeps what was shown.
  expect(state()).toBe('idle|saved copy|Down.|');

  await click(button(root, 'Reload'));
  calls[1]!.reject(new ApiError(401, 'unauthorized', 'Sign in again.'));
  await settle();
  expect(state()).toBe('idle||Sign in again.|');
});

test('a saved copy never replaces an answer that came first', async () => {
  let release: (v: string) => void = () => undefined;
  const saved = () => new Promise<string>((resolve) => (release = resolve));
  const seen = {};
  renderUi(<Probe load={async () => 'answer'} k="a" seen={seen} options={{ saved }} />);
  await settle();
  release('old copy');
  await settle();
  expect(state()).toBe('idle|answer||fresh');
});
