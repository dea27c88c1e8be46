import { expect, test } from 'vitest';
import { mayAsk } from './sender-trust';

const deps = {
  extensionId: 'ours',
  enabled: async (origin: string) => origin === 'https://wiki.example.org',
};
const page = (path: string) => ({ id: 'ours', url: `chrome-extension://ours/${path}` });
const script = (url: string) => ({ id: 'ours', url, tab: { id: 4 } });

test('our own pages may ask anything, the frame in a page included', async () => {
  expect(await mayAsk('session/get', page('options.html'), deps)).toBe(true);
  expect(
    await mayAsk('practice/capture', { ...page('panel-frame.html'), tab: { id: 4 } }, deps),
  ).toBe(true);
});

test('a content script asks only for its page view, and only on an enabled site', async () => {
  const onWiki = script('https://wiki.example.org/runbook');
  expect(await mayAsk('page/hello', onWiki, deps)).toBe(true);
  expect(await mayAsk('page/openPanel', onWiki, deps)).toBe(true);
  expect(await mayAsk('page/loadPart', onWiki, deps)).toBe(true);
  // Nothing that reads or writes the person's data, even on an enabled site.
  for (const type of ['session/get', 'communities/mine', 'practice/capture', 'practices/search']) {
    expect(await mayAsk(type, onWiki, deps)).toBe(false);
  }
  expect(await mayAsk('page/hello', script('https://elsewhere.example.com/'), deps)).toBe(false);
  expect(await mayAsk('page/hello', { id: 'ours', url: 'https://wiki.example.org/' }, deps)).toBe(
    false,
  );
});

test('another extension is never answered', async () => {
  expect(
    await mayAsk('session/get', { id: 'theirs', url: 'chrome-extension://theirs/x.html' }, deps),
  ).toBe(false);
  expect(
    await mayAsk('page/hello', { ...script('https://wiki.example.org/'), id: 'theirs' }, deps),
  ).toBe(false);
});
