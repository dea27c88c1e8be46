/**
 * The prompt chip's own script, injected by the background when an enabled page first has a prompt
 * to show (lazy-parts.ts): the first-load script every page gets does not carry the chip's code.
 */
import { browser } from 'wxt/browser';
import { request } from '../messages';
import { providePart } from './lazy-parts';
import { createPromptChip, promptChipLabels } from './prompt-chip';

export function startPromptChip(): void {
  const send = (message: unknown) => browser.runtime.sendMessage(message);
  providePart(
    'prompt-chip',
    createPromptChip(document, {
      labels: () => promptChipLabels(browser.i18n.getUILanguage()),
      onAsk: ({ id, community }) =>
        request(send, 'page/openPanel', { mode: 'ask', prompt: { id, community } }),
    }),
  );
}
