/**
 * Page parts whose code loads on first use, so the script every enabled page gets stays small. The
 * background injects a part's script into this frame (runtime `page/loadPart`); the script hands the
 * part over here. Both run in the extension's isolated world of the same frame, so a symbol-keyed
 * global is shared by them and by nothing else (see selection-slot.ts).
 */
import type { PagePartName } from '../messages';
import type { readPageText } from './page-text';
import type { PromptChip } from './prompt-chip';

/** What each lazily loaded script provides (type-only imports: their code stays in their script). */
export interface LazyParts {
  'prompt-chip': PromptChip;
  'page-text': typeof readPageText;
}

const KEY = Symbol.for('cop-kit/lazy-parts');
type Slot = { [KEY]?: Partial<LazyParts> };

/** Called by a part's script once it has made the part. */
export function providePart<N extends PagePartName>(name: N, part: LazyParts[N]): void {
  const slot = globalThis as Slot;
  slot[KEY] ??= {};
  slot[KEY][name] = part;
}

/** A part, loading its script once, when first asked for; rejects if the script did not provide it. */
export function lazyPart<N extends PagePartName>(
  name: N,
  load: (name: N) => Promise<unknown>,
): () => Promise<LazyParts[N]> {
  let loading: Promise<LazyParts[N]> | null = null;
  const provided = () => (globalThis as Slot)[KEY]?.[name];
  return () => {
    if (!loading) {
      loading = (provided() ? Promise.resolve() : load(name)).then(() => {
        const part = provided();
        if (!part) throw new Error(`The ${name} did not load.`);
        return part as LazyParts[N];
      });
      // A failed load may succeed on the next use (the background was restarting).
      loading.catch(() => {
        loading = null;
      });
    }
    return loading;
  };
}
