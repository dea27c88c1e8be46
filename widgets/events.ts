/** The events the elements fire: typed, bubbling and composed, so a page hears them from anywhere. */
import type { Practice, Question } from '../src/core/types';

export interface QuestionPostedDetail {
  /** The question as the store saved it. */
  question: Question;
}

export interface PracticeCapturedDetail {
  /** The practice as the store saved it (status `captured` until a coordinator publishes it). */
  practice: Practice;
}

export interface CopEventMap {
  'cop-question-posted': CustomEvent<QuestionPostedDetail>;
  'cop-practice-captured': CustomEvent<PracticeCapturedDetail>;
}

/** Fires `name` from `host` so it crosses the shadow boundary and bubbles to the document. */
export function emit<K extends keyof CopEventMap>(
  host: HTMLElement,
  name: K,
  detail: CopEventMap[K]['detail'],
): void {
  host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
