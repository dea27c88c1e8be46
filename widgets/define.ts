/**
 * Registers the elements (each once, so loading the script twice, or next to another copy that
 * defined some tags already, is harmless) and tells TypeScript their tag names and events.
 */
import { CopAskElement } from './cop-ask';
import { CopCaptureElement } from './cop-capture';
import { CopExpertsElement } from './cop-experts';
import { CopPracticesElement } from './cop-practices';
import { CopPromptElement } from './cop-prompt';
import type { CopEventMap } from './events';

export const ELEMENTS = {
  'cop-practices': CopPracticesElement,
  'cop-experts': CopExpertsElement,
  'cop-ask': CopAskElement,
  'cop-capture': CopCaptureElement,
  'cop-prompt': CopPromptElement,
} as const;

/**
 * Defines every element in `registry` (the page's by default; a scoped registry works too) and
 * skips tags it already has. Answers the tags this call defined.
 */
export function defineElements(
  registry: Pick<CustomElementRegistry, 'get' | 'define'> = customElements,
): string[] {
  const defined: string[] = [];
  for (const [tag, element] of Object.entries(ELEMENTS)) {
    if (registry.get(tag)) continue;
    registry.define(tag, element);
    defined.push(tag);
  }
  return defined;
}

defineElements();

declare global {
  interface HTMLElementTagNameMap {
    'cop-practices': CopPracticesElement;
    'cop-experts': CopExpertsElement;
    'cop-ask': CopAskElement;
    'cop-capture': CopCaptureElement;
    'cop-prompt': CopPromptElement;
  }
  interface HTMLElementEventMap extends CopEventMap {}
}
