/**
 * The one way a page part lives in someone else's page: a host element with a shadow root, the
 * host's style reset and the part's styles (from .css files imported inline), and one `destroy()`.
 * Parts that carry the person's data use a closed root, so no page script can reach inside.
 */
import hostCss from './page-host.css?inline';

export interface PageHost {
  host: HTMLElement;
  root: ShadowRoot;
  /** Removes the host from the page. */
  destroy(): void;
}

export interface PageHostOptions {
  /** The host element's tag (`cop-kit-…`), which our own text walker skips. */
  tag: string;
  /** The part's styles, after the host reset. */
  css: string;
  /** `closed` for anything a page must not read; `open` for parts with nothing private in them. */
  mode: ShadowRootMode;
  /** Fixed to the viewport instead of placed in document coordinates. */
  fixed?: boolean;
}

/** Creates the host (not yet in the page: `doc.documentElement.append(host)` when first shown). */
export function createPageHost(doc: Document, options: PageHostOptions): PageHost {
  const host = doc.createElement(options.tag);
  if (options.fixed) host.setAttribute('data-fixed', '');
  const root = host.attachShadow({ mode: options.mode });
  const style = doc.createElement('style');
  style.textContent = `${hostCss}\n${options.css}`;
  root.append(style);
  return { host, root, destroy: () => host.remove() };
}

/** Something mounted in the page that the content script tears down when it is invalidated. */
export interface PagePart {
  destroy(): void;
}

/** Collects page parts and tears them all down at once (on the content script's invalidation). */
export function createPageParts(onInvalidated: (cb: () => void) => void) {
  const parts = new Set<PagePart>();
  onInvalidated(() => {
    for (const part of parts) part.destroy();
    parts.clear();
  });
  return {
    add<T extends PagePart>(part: T): T {
      parts.add(part);
      return part;
    },
  };
}
