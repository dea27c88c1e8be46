/**
 * How a page introduces itself to the background, in two steps: address and title first; the page's
 * text (read in idle time, capped) only when the background says an enabled rule's keywords need it.
 */
import type { MatchedPrompt, PageAddress, RequestMap } from '../messages';

type Call = <T extends 'page/hello' | 'page/text'>(
  type: T,
  body: RequestMap[T]['req'],
) => Promise<RequestMap[T]['res']>;

export interface PageHelloDeps {
  /** Sends a request to the background (`request(browser.runtime.sendMessage, …)`). */
  call: Call;
  /** The page as it is now. */
  page: () => PageAddress;
  /** Reads the page's text; only called when the background needs it. */
  readText: () => Promise<string>;
  /** Shows the prompts that match the page now ([] clears). */
  show: (prompts: MatchedPrompt[]) => void;
}

/** Returns `greet`, to call on load and after every SPA navigation; a newer greeting wins. */
export function createPageHello(deps: PageHelloDeps): () => Promise<void> {
  let latest = 0;
  return async function greet() {
    const turn = ++latest;
    const stale = () => turn !== latest;
    const page = deps.page();
    let hello: RequestMap['page/hello']['res'];
    try {
      hello = await deps.call('page/hello', page);
    } catch {
      // Not connected or the background restarted: what an earlier view showed no longer applies.
      if (!stale()) deps.show([]);
      return;
    }
    if (stale()) return;
    let prompts = hello.prompts;
    if (hello.needsText) {
      try {
        const text = await deps.readText();
        if (stale()) return;
        prompts = (await deps.call('page/text', { ...page, text })).prompts;
      } catch {
        // Keep what the address and title matched.
      }
      if (stale()) return;
    }
    deps.show(prompts);
  };
}
