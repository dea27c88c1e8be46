// @vitest-environment happy-dom
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { AskForm, type AskValues } from './AskForm';
import { loadScanner } from './SecretWarning';
import { axeViolations, button, byLabel, click, renderUi, settle, type } from './testing';

// The forms scan for secrets before posting: the scanner is loaded once, as a page would have by then.
beforeAll(() => loadScanner());

const communities = [{ slug: 'platform-ops', name: 'Platform operations' }];
const context = {
  url: 'https://wiki.example.org/runbook',
  title: 'Runbook',
  selection: 'tokens stay valid for an hour',
};

test('posts the question with the page context the person kept', async () => {
  const onSubmit = vi.fn(async (_: AskValues) => ({ queued: false }));
  const root = renderUi(
    <AskForm draft={{ context }} communities={communities} onSubmit={onSubmit} />,
  );
  expect(document.activeElement).toBe(byLabel(root, 'Question'));
  await type(byLabel(root, 'Question'), 'How long do old tokens stay valid?');
  await type(byLabel<HTMLTextAreaElement>(root, 'Details'), 'We rotate tonight.');
  await type(byLabel(root, 'Tags'), 'tokens');
  const group = root.querySelector('fieldset')!;
  expect(group.textContent).toContain(context.url);
  const removeAddress = [...group.querySelectorAll('button')].find(
    (b) => b.textContent === 'Remove Address',
  )!;
  await click(removeAddress);
  // Focus stays in the list, on the next remove button.
  expect(document.activeElement?.textContent).toContain('Remove');
  await click(button(root, 'Post question'));
  await settle();
  expect(onSubmit).toHaveBeenCalledWith({
    community: 'platform-ops',
    title: 'How long do old tokens stay valid?',
    body: 'We rotate tonight.',
    tags: ['tokens'],
    context: { title: 'Runbook', selection: context.selection },
  });
  expect(root.querySelector('[role="status"]')?.textContent).toBe(
    'Question posted to Platform operations.',
  );
});

test('sends no context when every part was removed', async () => {
  const onSubmit = vi.fn(async (_: AskValues) => ({ queued: true }));
  const root = renderUi(
    <AskForm draft={{ context }} communities={communities} onSubmit={onSubmit} />,
  );
  await type(byLabel(root, 'Question'), 'Why?');
  for (let i = 0; i < 3; i++) await click(button(root.querySelector('fieldset')!, 'Remove'));
  expect(root.querySelector('fieldset')).toBeNull();
  expect(document.activeElement).toBe(byLabel(root, 'Question'));
  await click(button(root, 'Post question'));
  await settle();
  expect(onSubmit.mock.calls[0]![0]).not.toHaveProperty('context');
  expect(root.querySelector('[role="status"]')?.textContent).toMatch(/when the store is reachable/);
});

test('requires a question', async () => {
  const onSubmit = vi.fn(async () => ({ queued: false }));
  const root = renderUi(
    <AskForm draft={{ context: {} }} communities={communities} onSubmit={onSubmit} />,
  );
  await click(button(root, 'Post question'));
  expect(onSubmit).not.toHaveBeenCalled();
  expect(root.textContent).toContain('Write your question.');
});

test('has no accessibility violations', async () => {
  renderUi(
    <AskForm
      draft={{ context }}
      communities={communities}
      onSubmit={async () => ({ queued: false })}
      onCancel={() => {}}
    />,
  );
  expect(await axeViolations()).toEqual([]);
});

test('shows practices and answered questions that may already answer it, without making typing wait', async () => {
  {
    const findSimilar = vi.fn(async (text: string) =>
      text.includes('tokens')
        ? [
            { kind: 'practice' as const, id: 'p-1', title: 'Rotate tokens with overlap' },
            { kind: 'question' as const, id: 'q-9', title: 'Do old tokens expire at once?' },
          ]
        : [],
    );
    const onChooseSimilar = vi.fn();
    const root = renderUi(
      <AskForm
        draft={{ context: {} }}
        communities={communities}
        onSubmit={async () => ({ queued: false })}
        findSimilar={findSimilar}
        onChooseSimilar={onChooseSimilar}
      />,
    );
    await type(byLabel(root, 'Question'), 'How long do old tokens stay valid?');
    // Nothing is looked up while the person types.
    expect(findSimilar).not.toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(findSimilar).toHaveBeenCalledTimes(1);
    await settle();
    expect(root.textContent).toContain('This may already answer it');
    expect(root.querySelectorAll('[data-similar]')).toHaveLength(2);
    await click(button(root, 'Do old tokens expire at once?'));
    expect(onChooseSimilar).toHaveBeenCalledWith(expect.objectContaining({ id: 'q-9' }));
    // Posting anyway stays one click.
    expect(button(root, 'Post question').disabled).toBe(false);
  }
  expect(await axeViolations()).toEqual([]);
});

describe('secrets in a question', () => {
  const token = `ghp_${'abcdefghij'.repeat(4)}`;

  test.each([
    ['the selection', { ...context, selection: `export GITHUB_TOKEN=${token}` }, ''],
    [
      'the page context',
      { ...context, title: `Runbook (Bearer ${'x9Y8z7W6v5U4t3S2'.repeat(2)})` },
      '',
    ],
    ['the details', context, `It fails with ${token}`],
  ])(
    'warns about a secret in %s, like the capture form, and masks it on request',
    async (_, ctx, details) => {
      const onSubmit = vi.fn(async (_: AskValues) => ({ queued: false }));
      const root = renderUi(
        <AskForm draft={{ context: ctx }} communities={communities} onSubmit={onSubmit} />,
      );
      await type(byLabel(root, 'Question'), 'Why does the deploy fail?');
      if (details) await type(byLabel<HTMLTextAreaElement>(root, 'Details'), details);
      const alert = root.querySelector('[role="alert"]')!;
      expect(alert.textContent).toMatch(/looks like it contains a token/);
      await click(button(root, 'Mask secrets'));
      expect(root.querySelector('[role="alert"]')).toBeNull();
      expect(root.textContent).toContain('Secrets masked.');
      await click(button(root, 'Post question'));
      await settle();
      const sent = JSON.stringify(onSubmit.mock.calls[0]![0]);
      expect(sent).toContain('[redacted');
      expect(sent).not.toContain(token);
      expect(sent).not.toContain('x9Y8z7W6v5U4t3S2');
    },
  );

  test('drops a token from the page address by itself, keeping the rest of the address', async () => {
    const onSubmit = vi.fn(async (_: AskValues) => ({ queued: false }));
    const jwt = `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.${'s1gnature'.repeat(3)}`;
    const root = renderUi(
      <AskForm
        draft={{
          context: { ...context, url: `https://wiki.example.org/runbook?token=${jwt}&page=2` },
        }}
        communities={communities}
        onSubmit={onSubmit}
      />,
    );
    await settle();
    expect(root.querySelector('[role="alert"]')).toBeNull();
    await type(byLabel(root, 'Question'), 'Why does the deploy fail?');
    await click(button(root, 'Post question'));
    await settle();
    expect(onSubmit.mock.calls[0]![0].context?.url).toBe('https://wiki.example.org/runbook?page=2');
  });
});
