import { afterEach, expect, test, vi } from 'vitest';
import { lazyPart, providePart } from './lazy-parts';

const KEY = Symbol.for('cop-kit/lazy-parts');
afterEach(() => {
  delete (globalThis as { [KEY]?: unknown })[KEY];
});

const reader = async () => 'page text';

test('a part loads its script once, on first use, however many ask at once', async () => {
  const load = vi.fn(async () => providePart('page-text', reader));
  const part = lazyPart('page-text', load);
  expect(load).not.toHaveBeenCalled();
  const [a, b] = await Promise.all([part(), part()]);
  expect(a).toBe(reader);
  expect(b).toBe(reader);
  await part();
  expect(load).toHaveBeenCalledTimes(1);
});

test('a load that failed, or a script that provided nothing, is tried again on next use', async () => {
  const load = vi
    .fn<() => Promise<unknown>>()
    .mockRejectedValueOnce(new Error('The extension did not answer.'))
    .mockResolvedValueOnce(undefined)
    .mockImplementationOnce(async () => providePart('page-text', reader));
  const part = lazyPart('page-text', load);
  await expect(part()).rejects.toThrow('did not answer');
  await expect(part()).rejects.toThrow('The page-text did not load.');
  expect(await part()).toBe(reader);
});
