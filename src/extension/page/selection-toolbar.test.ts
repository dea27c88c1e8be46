// @vitest-environment happy-dom
import { afterEach, expect, test, vi } from 'vitest';
import type { PagePart } from './page-host';
import { createSelectionToolbar, TOOLBAR_TAG } from './selection-toolbar';

const labels = { toolbar: 'CoP Kit', capture: 'Capture as practice', ask: 'Ask the community' };
let toolbarPart: PagePart | undefined;
afterEach(() => toolbarPart?.destroy());

function select(node: Node, start: number, end: number) {
  const range = document.createRange();
  range.setStart(node, start);
  range.setEnd(node, end);
  const selection = getSelection()!;
  selection.removeAllRanges();
  selection.addRange(range);
  return range;
}

function mount(trusted: (event: Event) => boolean = () => true) {
  const onAction = vi.fn();
  toolbarPart = createSelectionToolbar(document, {
    labels,
    onAction,
    trusted,
    listen: (type, handler) => window.addEventListener(type, handler as EventListener, true),
  });
  return onAction;
}

const toolbar = () =>
  document.querySelector(TOOLBAR_TAG)?.shadowRoot?.querySelector<HTMLElement>('[role="toolbar"]');
const wait = () => new Promise((r) => setTimeout(r, 30));

test('a selection shows the toolbar; its buttons hand over the selected range', async () => {
  document.body.innerHTML = '<p id="p">Always publish the new key first.</p>';
  const onAction = mount();
  expect(document.querySelector(TOOLBAR_TAG)).toBeNull();

  select(document.getElementById('p')!.firstChild!, 7, 22);
  window.dispatchEvent(new MouseEvent('mouseup'));
  await wait();
  const bar = toolbar()!;
  expect(bar.hidden).toBe(false);
  expect(bar.getAttribute('aria-label')).toBe('CoP Kit');
  const buttons = [...bar.querySelectorAll('button')];
  expect(buttons.map((b) => b.textContent)).toEqual(['Capture as practice', 'Ask the community']);

  buttons[0]!.click();
  expect(onAction).toHaveBeenCalledWith('capture', expect.anything());
  expect((onAction.mock.calls[0]![1] as Range).toString()).toBe('publish the new');
  expect(bar.hidden).toBe(true);
});

test('the toolbar hides when the selection goes, and never shows for form fields', async () => {
  document.body.innerHTML = '<p id="p">Some text here.</p><textarea id="t">secret notes</textarea>';
  mount();
  select(document.getElementById('p')!.firstChild!, 0, 4);
  window.dispatchEvent(new MouseEvent('mouseup'));
  await wait();
  expect(toolbar()!.hidden).toBe(false);
  window.dispatchEvent(new KeyboardEvent('keyup', { key: 'Escape' }));
  expect(toolbar()!.hidden).toBe(true);

  select(document.getElementById('t')!.firstChild!, 0, 6);
  window.dispatchEvent(new MouseEvent('mouseup'));
  await wait();
  expect(toolbar()!.hidden).toBe(true);
});

test('destroy removes everything it added', async () => {
  document.body.innerHTML = '<p id="p">Some text here.</p>';
  mount();
  select(document.getElementById('p')!.firstChild!, 0, 4);
  window.dispatchEvent(new MouseEvent('mouseup'));
  await wait();
  toolbarPart?.destroy();
  toolbarPart = undefined;
  expect(document.querySelector(TOOLBAR_TAG)).toBeNull();
});

test('nothing is built, not even its words, before a selection worth acting on', async () => {
  document.body.innerHTML = '<p id="p">Always publish the new key first.</p>';
  const words = vi.fn(() => labels);
  toolbarPart = createSelectionToolbar(document, {
    trusted: () => true,
    labels: words,
    onAction: vi.fn(),
    listen: (type, handler) => window.addEventListener(type, handler as EventListener, true),
  });
  window.dispatchEvent(new MouseEvent('mouseup'));
  window.dispatchEvent(new MouseEvent('mousedown'));
  await wait();
  expect(words).not.toHaveBeenCalled();
  expect(document.querySelector(TOOLBAR_TAG)).toBeNull();

  select(document.getElementById('p')!.firstChild!, 7, 22);
  window.dispatchEvent(new MouseEvent('mouseup'));
  await wait();
  expect(words).toHaveBeenCalledTimes(1);
  expect(toolbar()!.hidden).toBe(false);
});

test('a page script cannot drive the toolbar: untrusted events show nothing and click nothing', async () => {
  document.body.innerHTML = '<p id="p">Always publish the new key first.</p>';
  // happy-dom's trust flags are not a browser's, so the test says which events a page script sent.
  const onAction = mount(() => false);
  select(document.getElementById('p')!.firstChild!, 7, 22);
  window.dispatchEvent(new MouseEvent('mouseup'));
  await wait();
  expect(document.querySelector(TOOLBAR_TAG)).toBeNull();
  toolbarPart?.destroy();
  // Shown by a person's selection (trusted mouseup), then clicked by a script: nothing happens.
  let trustedNow = true;
  const onAction2 = mount(() => trustedNow);
  window.dispatchEvent(new MouseEvent('mouseup'));
  await wait();
  trustedNow = false;
  toolbar()!.querySelector('button')!.click();
  expect(onAction2).not.toHaveBeenCalled();
  expect(onAction).not.toHaveBeenCalled();
});
