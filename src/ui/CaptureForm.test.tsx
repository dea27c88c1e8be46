// @vitest-environment happy-dom
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { samplePractice } from '../client/testing/fake-store';
import {
  CaptureForm,
  type CaptureFormProps,
  type CaptureValues,
  suggestTitle,
} from './CaptureForm';
import { loadScanner } from './SecretWarning';
import {
  axeViolations,
  button,
  byLabel,
  choose,
  click,
  failing,
  renderUi,
  settle,
  type,
} from './testing';

const communities = [
  { slug: 'platform-ops', name: 'Platform operations' },
  { slug: 'security', name: 'Security' },
];
const draft = {
  quote: {
    exact: 'Rotate the key with token ghp_abcdefghijklmnopqrstuvwxyz0123456789 first.',
    prefix: 'Step two. ',
    suffix: ' Then revoke.',
  },
  url: 'https://wiki.example.org/runbook',
  pageTitle: 'Runbook',
};

const similar = samplePractice({
  id: 'p-1',
  community: 'platform-ops',
  title: 'Rotate keys before revoking',
  author: 'u-2',
  authorName: 'Cora',
  endorsements: 2,
});

/** The form on `draft` for `communities`, saved at once, but for what `props` sets. */
function renderForm(props: Partial<CaptureFormProps> = {}, locale?: string) {
  return renderUi(
    <CaptureForm
      draft={draft}
      communities={communities}
      onSubmit={async () => ({ queued: false })}
      {...props}
    />,
    locale,
  );
}

describe('CaptureForm', () => {
  // The scanner is a lazily loaded chunk; once loaded, every later form has it from the start.
  beforeAll(() => loadScanner());

  test('prefills from the selection and saves the practice with its quote and source', async () => {
    const onSubmit = vi.fn(async (_: CaptureValues) => ({ queued: false }));
    const root = renderForm({
      draft: { ...draft, quote: { ...draft.quote, exact: 'Publish first. Then revoke.' } },
      onSubmit,
    });
    const title = byLabel(root, 'Title');
    expect(title.value).toBe('Publish first.');
    expect(document.activeElement).toBe(title);
    await type(title, 'Publish before revoke');
    await choose(byLabel<HTMLSelectElement>(root, 'Community'), 'security');
    await choose(byLabel<HTMLSelectElement>(root, 'Kind'), 'lesson');
    await type(byLabel(root, 'Tags'), 'Key Rotation, security, security');
    await type(byLabel<HTMLTextAreaElement>(root, 'Note'), 'Keeps sessions alive.');
    await click(button(root, 'Save practice'));
    await settle();

    expect(onSubmit).toHaveBeenCalledWith({
      community: 'security',
      title: 'Publish before revoke',
      body: 'Keeps sessions alive.',
      kind: 'lesson',
      tags: ['key-rotation', 'security'],
      source: {
        url: draft.url,
        title: 'Runbook',
        quote: {
          exact: 'Publish first. Then revoke.',
          prefix: 'Step two. ',
          suffix: ' Then revoke.',
        },
      },
    });
    const status = root.querySelector('[role="status"]')!;
    expect(status.textContent).toBe('Practice saved and shared with Security.');
    expect(document.activeElement).toBe(status);
  });

  test('drops a token from the source address, keeping the rest of the address', async () => {
    const onSubmit = vi.fn(async (_: CaptureValues) => ({ queued: false }));
    const jwt = `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.${'s1gnature'.repeat(3)}`;
    const root = renderForm({
      draft: {
        ...draft,
        quote: { exact: 'Publish first.', prefix: '', suffix: '' },
        url: `https://wiki.example.org/runbook?token=${jwt}&page=2#top`,
      },
      onSubmit,
    });
    await click(button(root, 'Save practice'));
    await settle();
    expect(onSubmit.mock.calls[0]![0].source?.url).toBe(
      'https://wiki.example.org/runbook?page=2#top',
    );
  });

  test('says when the practice waits for the store', async () => {
    const root = renderForm({ onSubmit: async () => ({ queued: true }) });
    await click(button(root, 'Save practice'));
    await settle();
    expect(root.querySelector('[role="status"]')?.textContent).toMatch(
      /when the store is reachable/,
    );
  });

  test('warns about a secret in the quote and masks it on request', async () => {
    const onSubmit = vi.fn(async (_: CaptureValues) => ({ queued: false }));
    const root = renderForm({ onSubmit });
    const alert = root.querySelector('[role="alert"]')!;
    expect(alert.textContent).toMatch(/looks like it contains a token/);
    await click(button(root, 'Mask secrets'));
    expect(root.querySelector('[role="alert"]')).toBeNull();
    expect(root.querySelector('blockquote')?.textContent).not.toContain('ghp_');
    await click(button(root, 'Save practice'));
    await settle();
    const sent = onSubmit.mock.calls[0]![0];
    expect(sent.source?.quote?.exact).toContain('[redacted');
    expect(JSON.stringify(sent)).not.toContain('ghp_abcdefghij');
  });

  test('requires a title and keeps the form', async () => {
    const onSubmit = vi.fn(async () => ({ queued: false }));
    const root = renderForm({ draft: { ...draft, quote: null, pageTitle: '' }, onSubmit });
    await type(byLabel(root, 'Title'), '  ');
    await click(button(root, 'Save practice'));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(root.textContent).toContain('Give the practice a title.');
    expect(byLabel(root, 'Title').getAttribute('aria-invalid')).toBe('true');
  });

  test('offers similar practices to endorse instead', async () => {
    const onEndorse = vi.fn(async () => {});
    const onLookup = vi.fn();
    const root = renderForm({ similar: [similar], onLookup, onEndorse });
    expect(onLookup).toHaveBeenCalledWith(
      expect.objectContaining({ community: 'platform-ops', text: draft.quote.exact }),
    );
    expect(root.textContent).toContain('Similar practices already exist');
    await click(button(root, 'Endorse this instead'));
    await settle();
    expect(onEndorse).toHaveBeenCalledWith(similar);
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Endorsed');
  });

  test('shows the store error and lets the person try again', async () => {
    const root = renderForm({
      onSubmit: failing('The extension is not connected to a store.'),
    });
    await click(button(root, 'Mask secrets'));
    await click(button(root, 'Save practice'));
    await settle();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('not connected');
    expect(button(root, 'Save practice').disabled).toBe(false);
  });

  test('has no accessibility violations, with and without warnings', async () => {
    renderForm({ similar: [similar], onEndorse: async () => {}, onCancel: () => {} });
    expect(await axeViolations()).toEqual([]);
  });

  test('speaks German when asked', () => {
    const root = renderForm({}, 'de-DE');
    expect(byLabel(root, 'Titel')).toBeTruthy();
    expect(button(root, 'Praxis speichern')).toBeTruthy();
  });
});

test('suggestTitle takes the first sentence, shortened', () => {
  expect(suggestTitle({ exact: 'One. Two.', prefix: '', suffix: '' }, 'Page')).toBe('One.');
  expect(suggestTitle(null, 'Page title')).toBe('Page title');
  expect(suggestTitle({ exact: 'x'.repeat(200), prefix: '', suffix: '' }, '')).toHaveLength(88);
});
