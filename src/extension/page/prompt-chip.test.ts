// @vitest-environment happy-dom
import { afterEach, expect, test, vi } from 'vitest';
import { en } from '../../ui/i18n';
import { de } from '../../ui/i18n-de';
import type { MatchedPrompt } from '../messages';
import { updatePageLayer } from './page-layer';
import {
  createPromptChip,
  PROMPT_CHIP_TAG,
  type PromptChip,
  promptChipLabels,
} from './prompt-chip';

const prompt = (id: string, message = `Prompt ${id}`): MatchedPrompt => ({
  id,
  community: 'ops',
  communityName: 'Platform operations',
  message,
});

let chip: PromptChip | null = null;
afterEach(() => {
  chip?.destroy();
  chip = null;
  updatePageLayer({ panelOpen: false });
  document.body.innerHTML = '';
});

function setup(
  onAsk: (p: MatchedPrompt) => Promise<unknown> = async () => ({ opened: true }),
  trusted: (event: Event) => boolean = () => true,
) {
  const ask = vi.fn(onAsk);
  chip = createPromptChip(document, {
    labels: () => promptChipLabels('en-US'),
    onAsk: ask,
    trusted,
  });
  const root = () => document.querySelector(PROMPT_CHIP_TAG)?.shadowRoot ?? null;
  const region = () => root()?.querySelector<HTMLElement>('aside') ?? null;
  const buttons = (name: string) =>
    [...(root()?.querySelectorAll('button') ?? [])].filter((b) => b.textContent === name);
  return { chip, ask, root, region, buttons };
}

test('nothing enters the page until a prompt matches; then one named region shows it', () => {
  const { chip, region, buttons } = setup();
  chip.show([]);
  expect(document.querySelector(PROMPT_CHIP_TAG)).toBeNull();

  chip.show([prompt('r1', 'Ran an incident review? Share what you learned.')]);
  const aside = region();
  expect(aside?.getAttribute('aria-label')).toBe('From your community');
  expect(aside?.hidden).toBe(false);
  expect(aside?.textContent).toContain('From your community: Platform operations');
  expect(aside?.textContent).toContain('Ran an incident review? Share what you learned.');
  expect(buttons('Ask the community')).toHaveLength(1);
  expect(buttons('Dismiss')).toHaveLength(1);
  // Outside the page's body, so it never takes part in the page's layout.
  expect(document.querySelector(PROMPT_CHIP_TAG)?.parentElement).toBe(document.documentElement);
});

test('a prompt message is text, never markup', () => {
  const { chip, root } = setup();
  chip.show([prompt('r1', '<img src=x onerror=alert(1)>Read this')]);
  expect(root()?.querySelector('img')).toBeNull();
  expect(root()?.textContent).toContain('<img src=x onerror=alert(1)>Read this');
});

test('a dismissed prompt stays away on this page (also after SPA navigation); focus moves on', () => {
  const { chip, region, buttons, root } = setup();
  chip.show([prompt('r1'), prompt('r2')]);
  buttons('Dismiss')[0]!.click();
  expect(region()?.textContent).not.toContain('Prompt r1');
  expect(region()?.textContent).toContain('Prompt r2');
  expect(root()?.activeElement?.textContent).toBe('Dismiss');
  expect(root()?.activeElement?.closest('[data-prompt-id]')?.getAttribute('data-prompt-id')).toBe(
    'r2',
  );

  chip.show([prompt('r1'), prompt('r2')]);
  expect(region()?.textContent).not.toContain('Prompt r1');
  buttons('Dismiss')[0]!.click();
  expect(region()?.hidden).toBe(true);
  expect(region()?.textContent).toBe('');
});

test('asking opens the panel for that prompt and retires it; a failure is said in the chip', async () => {
  let fail = true;
  const { chip, ask, region, buttons, root } = setup(async () => {
    if (fail) throw new Error('The extension did not answer. Try again.');
    return { opened: true };
  });
  chip.show([prompt('r1')]);
  buttons('Ask the community')[0]!.click();
  expect(ask).toHaveBeenCalledWith(prompt('r1'));
  await vi.waitFor(() =>
    expect(root()?.querySelector('[role="alert"]')?.textContent).toBe(
      'The extension did not answer. Try again.',
    ),
  );
  expect(region()?.textContent).toContain('Prompt r1');
  expect(buttons('Ask the community')[0]!.getAttribute('aria-busy')).toBeNull();

  fail = false;
  buttons('Ask the community')[0]!.click();
  await vi.waitFor(() => expect(region()?.hidden).toBe(true));
  expect(region()?.textContent).not.toContain('Prompt r1');
});

test('the chip steps aside while the panel shows a form, and comes back after', () => {
  const { chip, region } = setup();
  chip.show([prompt('r1')]);
  updatePageLayer({ panelOpen: true });
  expect(region()?.hidden).toBe(true);
  updatePageLayer({ panelOpen: false });
  expect(region()?.hidden).toBe(false);
  chip.destroy();
  expect(document.querySelector(PROMPT_CHIP_TAG)).toBeNull();
});

test('its words are the shared UI catalogs’ words, in English and German', () => {
  expect(promptChipLabels('en')).toEqual({
    region: en.promptLabel,
    ask: en.askCommunity,
    dismiss: en.dismiss,
  });
  expect(promptChipLabels('de-AT')).toEqual({
    region: de.promptLabel,
    ask: de.askCommunity,
    dismiss: de.dismiss,
  });
  expect(promptChipLabels('fr')).toEqual(promptChipLabels('en'));
  expect(promptChipLabels(undefined)).toEqual(promptChipLabels('en'));
});

test('the same prompts again (the next SPA view) leave the chip as it is, focus included', () => {
  const { chip, root, buttons } = setup();
  chip.show([prompt('r1')]);
  const ask = buttons('Ask the community')[0]!;
  ask.focus();
  chip.show([{ ...prompt('r1') }]);
  expect(buttons('Ask the community')[0]).toBe(ask);
  expect(root()?.activeElement).toBe(ask);
  chip.show([prompt('r1', 'A changed message')]);
  expect(root()?.textContent).toContain('A changed message');
});

test('a page script cannot drive the chip: a synthetic click asks nothing', () => {
  const { chip, ask, buttons } = setup(undefined, () => false);
  chip.show([prompt('r1', 'Share what you learned.')]);
  buttons('Ask the community')[0]!.click();
  buttons('Dismiss')[0]!.click();
  expect(ask).not.toHaveBeenCalled();
  expect(buttons('Ask the community')).toHaveLength(1);
});
