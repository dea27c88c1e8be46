/**
 * Registers the elements (each once, so loading the script twice is harmless) and tells
 * TypeScript their tag names and events.
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

for (const [tag, element] of Object.entries(ELEMENTS)) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

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
