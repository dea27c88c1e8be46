import { expect, test, vi } from 'vitest';
import type { MatchedPrompt, PageAddress, PageSnapshot } from '../messages';
import { createPageHello } from './page-hello';

const prompt = (id: string): MatchedPrompt => ({
  id,
  community: 'ops',
  communityName: 'Platform operations',
  message: `Prompt ${id}`,
});

/** A background that answers from tables, recording what the page sent. */
function setup(answers: {
  hello: (page: PageAddress) => { prompts: MatchedPrompt[]; needsText: boolean };
  text?: (page: PageSnapshot) => MatchedPrompt[];
  readText?: () => Promise<string>;
}) {
  const sent: { type: string; body: unknown }[] = [];
  const shown: string[][] = [];
  let url = 'https://wiki.test/a';
  const readText = vi.fn(answers.readText ?? (async () => 'the page text'));
  const greet = createPageHello({
    call: (async (type: string, body: PageAddress | PageSnapshot) => {
      sent.push({ type, body });
      if (type === 'page/hello') return answers.hello(body);
      return { prompts: answers.text?.(body as PageSnapshot) ?? [] };
    }) as never,
    page: () => ({ url, title: 'A page' }),
    readText,
    show: (prompts) => shown.push(prompts.map((p) => p.id)),
  });
  return { greet, sent, shown, readText, go: (next: string) => (url = next) };
}

test('a page no keyword rule is about is never read: address and title only', async () => {
  const { greet, sent, shown, readText } = setup({
    hello: () => ({ prompts: [prompt('by-url')], needsText: false }),
  });
  await greet();
  expect(sent).toEqual([
    { type: 'page/hello', body: { url: 'https://wiki.test/a', title: 'A page' } },
  ]);
  expect(readText).not.toHaveBeenCalled();
  expect(shown).toEqual([['by-url']]);
});

test('when keywords need it, the text goes to the background and its answer is shown once', async () => {
  const { greet, sent, shown, readText } = setup({
    hello: () => ({ prompts: [prompt('by-url')], needsText: true }),
    text: (page) => (page.text.includes('page text') ? [prompt('by-word'), prompt('by-url')] : []),
  });
  await greet();
  expect(readText).toHaveBeenCalledTimes(1);
  expect(sent[1]).toEqual({
    type: 'page/text',
    body: { url: 'https://wiki.test/a', title: 'A page', text: 'the page text' },
  });
  // Shown once, complete: no flash of the partial answer.
  expect(shown).toEqual([['by-word', 'by-url']]);
});

test('a newer navigation wins over a slower answer for the previous view', async () => {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const { greet, sent, shown, readText, go } = setup({
    hello: (page) =>
      page.url.endsWith('/slow')
        ? { prompts: [prompt('old')], needsText: true }
        : { prompts: [prompt('new')], needsText: false },
    text: () => [prompt('old')],
    readText: async () => {
      await gate;
      return 'text';
    },
  });
  go('https://wiki.test/slow');
  const first = greet();
  await vi.waitFor(() => expect(readText).toHaveBeenCalled());
  go('https://wiki.test/fast');
  await greet();
  release();
  await first;
  expect(shown).toEqual([['new']]);
  // The old view's text was never sent once the person had moved on.
  expect(sent.map((m) => m.type)).toEqual(['page/hello', 'page/hello']);
});

test('without the background (not connected, restarted) what an earlier view showed is cleared', async () => {
  const { greet, shown } = setup({
    hello: () => {
      throw new Error('Receiving end does not exist.');
    },
  });
  await greet();
  expect(shown).toEqual([[]]);
});
