import { expect, test, vi } from 'vitest';
import { followAlert, QUESTIONS_VIEW } from './alert-clicks';

const api = (panelOpens: boolean) => ({
  openSidePanel: vi.fn(async () => panelOpens),
  openTab: vi.fn(async () => undefined),
  clear: vi.fn(async () => undefined),
});

test('a question alert opens the side panel and is cleared', async () => {
  const browser = api(true);
  await followAlert('answer:a1', browser);
  expect(browser.openSidePanel).toHaveBeenCalledOnce();
  expect(browser.openTab).not.toHaveBeenCalled();
  expect(browser.clear).toHaveBeenCalledWith('answer:a1');
});

test('where the side panel cannot open, the questions view opens in a tab', async () => {
  const browser = api(false);
  await followAlert('routed:q1', browser);
  expect(browser.openTab).toHaveBeenCalledWith(QUESTIONS_VIEW);
  expect(browser.clear).toHaveBeenCalledWith('routed:q1');
});

test('another notification is left alone', async () => {
  const browser = api(true);
  await followAlert('something-else', browser);
  expect(browser.openSidePanel).not.toHaveBeenCalled();
  expect(browser.clear).not.toHaveBeenCalled();
});
