/**
 * Test helpers for the shared UI (happy-dom): render a component into the document, type and
 * click the way a person does, and ask axe for violations.
 */
import axe from 'axe-core';
import type { ComponentChildren } from 'preact';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { addCatalog, createTranslator, I18nContext } from './i18n';
import { de } from './i18n-de';

addCatalog('de', de);

/** Renders `ui` (in English unless `locale` says otherwise) into a fresh container in `<main>`. */
export function renderUi(ui: ComponentChildren, locale = 'en'): HTMLElement {
  document.body.innerHTML = '<main><h1>Test page</h1><div id="root"></div></main>';
  const root = document.getElementById('root')!;
  act(() => {
    render(
      <I18nContext.Provider value={createTranslator(locale)}>
        <div class="cop-root">{ui}</div>
      </I18nContext.Provider>,
      root,
    );
  });
  return root;
}

/** The form control whose `<label>` reads `text`. */
export function byLabel<T extends HTMLElement = HTMLInputElement>(
  root: ParentNode,
  text: string,
): T {
  const label = [...root.querySelectorAll('label')].find((l) => l.textContent?.trim() === text);
  const control = label?.htmlFor ? root.querySelector(`[id="${label.htmlFor}"]`) : null;
  if (!control) throw new Error(`no control labelled "${text}"`);
  return control as T;
}

/** The button whose visible text starts with `text`. */
export function button(root: ParentNode, text: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((b) =>
    b.textContent?.trim().startsWith(text),
  );
  if (!found) throw new Error(`no button "${text}"`);
  return found;
}

export async function type(control: HTMLInputElement | HTMLTextAreaElement, value: string) {
  await act(async () => {
    control.value = value;
    control.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export async function choose(control: HTMLSelectElement, value: string) {
  await act(async () => {
    control.value = value;
    control.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

export async function click(element: HTMLElement) {
  await act(async () => {
    element.click();
  });
}

/** Lets pending promises and re-renders settle. */
export async function settle() {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

/** Axe's violations in the document (colour contrast needs real layout, so a browser checks it). */
export async function axeViolations(): Promise<string[]> {
  const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
}

/** A callback that fails with `message`, as a host's does when the store refuses or cannot be reached. */
export const failing =
  (message: string) =>
  async (..._args: unknown[]): Promise<never> => {
    throw new Error(message);
  };
