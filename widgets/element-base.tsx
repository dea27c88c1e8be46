import { createContext, render, type VNode } from 'preact';
import { useContext } from 'preact/hooks';
import {
  addCatalog,
  createTranslator,
  I18nContext,
  languageOf,
  type Translate,
} from '../src/ui/i18n';
import { type Connection, connect, storeUrl } from './connection';
import { addWidgetCatalog, WidgetText, type WidgetTranslate, widgetTranslator } from './messages';
import { adoptStyles } from './styles';

/** What a view needs from its element. */
export interface ElementContextValue {
  host: CopElement;
  conn: Connection;
}
/** @internal The element's views read it; no part of a page's API. */
export const ElementContext = createContext<ElementContextValue>(null as never);
/** @internal */
export const useElement = () => useContext(ElementContext);

/**
 * Languages whose words are a separate chunk, fetched the first time an element needs them, so
 * English pages never download them. Until it arrives the element waits (its space is reserved);
 * if it cannot be fetched, the element speaks English.
 */
const LANGUAGE_CHUNKS: Record<string, () => Promise<unknown>> = {
  de: () =>
    import('./locale-de').then(({ de, widgetDe }) => {
      addCatalog('de', de);
      addWidgetCatalog('de', widgetDe);
    }),
};
const languages = new Map<string, Promise<void>>();
const readyLanguages = new Set<string>(['en']);

/** Null when `language` can be rendered now, else the promise of its chunk. */
function languageLoading(language: string): Promise<void> | null {
  const load = LANGUAGE_CHUNKS[language];
  if (!load || readyLanguages.has(language)) return null;
  let pending = languages.get(language);
  if (!pending) {
    pending = load().then(
      () => void readyLanguages.add(language),
      () => void readyLanguages.add(language),
    );
    languages.set(language, pending);
  }
  return pending;
}

const translators = new Map<string, [Translate, WidgetTranslate]>();
function translatorsFor(lang: string): [Translate, WidgetTranslate] {
  let pair = translators.get(lang);
  if (!pair) {
    pair = [createTranslator(lang), widgetTranslator(lang)];
    translators.set(lang, pair);
  }
  return pair;
}

/** @internal The attributes every element observes (the manifest lists them per element). */
export const COMMON_ATTRIBUTES = ['store', 'community', 'limit', 'token'] as const;

/**
 * What every CoP Kit element shares: an open shadow root with the shared stylesheet, attributes
 * reflected to properties, one Preact render per change, and a clean unmount when removed.
 *
 * Theme properties every element reads (set them on the element or any ancestor):
 * @cssproperty --cop-bg - Background (default white; dark: #111827).
 * @cssproperty --cop-fg - Text colour.
 * @cssproperty --cop-muted - Secondary text colour.
 * @cssproperty --cop-surface - Background of tags, quotes and hovered buttons.
 * @cssproperty --cop-border - Borders of the frame, cards and fields.
 * @cssproperty --cop-accent - Links, focus rings and primary buttons.
 * @cssproperty --cop-accent-fg - Text on primary buttons.
 * @cssproperty --cop-danger - Error text.
 * @cssproperty --cop-ok - Confirmation text.
 * @cssproperty --cop-mark - Background of search matches.
 * @cssproperty --cop-radius - Corner radius (default 8px).
 * @cssproperty --cop-font - Font family (default: the page's font).
 * @cssproperty --cop-font-size - Font size (default 14px).
 * @cssproperty --cop-frame-width - Width of the element's border (default 1px; 0 for none).
 * @cssproperty --cop-backdrop - Backdrop behind the writing dialog.
 * @csspart root - The element's frame.
 * @csspart body - The scrolling content area.
 */
export abstract class CopElement extends HTMLElement {
  readonly #root: ShadowRoot;
  #queued = false;
  #marked = false;
  /** The default and the largest `limit`. */
  protected readonly limits: [number, number] = [10, 50];

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    adoptStyles(this.#root);
  }

  /** The view for the current attributes. */
  protected abstract view(): VNode;

  connectedCallback(): void {
    // A framework may have set properties before the element was defined: replay them
    // through the setters so they become attributes.
    for (const name of (this.constructor as typeof CopElement).observedAttributes) {
      if (Object.hasOwn(this, name)) {
        const value = (this as unknown as Record<string, unknown>)[name];
        delete (this as unknown as Record<string, unknown>)[name];
        (this as unknown as Record<string, unknown>)[name] = value;
      }
    }
    this.#schedule();
  }

  disconnectedCallback(): void {
    // Moving an element is a disconnect and a connect in one task: only unmount if it stays out.
    queueMicrotask(() => {
      if (!this.isConnected) render(null, this.#root);
    });
  }

  attributeChangedCallback(): void {
    this.#schedule();
  }

  static get observedAttributes(): string[] {
    return [...COMMON_ATTRIBUTES];
  }

  /** The store's URL (attribute `store`); default: the origin the script was loaded from. */
  get store(): string {
    return storeUrl(this.getAttribute('store'));
  }
  set store(value: string | null) {
    this.#reflect('store', value);
  }

  /** The community's slug (attribute `community`). */
  get community(): string {
    return this.getAttribute('community')?.trim() ?? '';
  }
  set community(value: string | null) {
    this.#reflect('community', value);
  }

  /** How many items to show (attribute `limit`), clamped to what the store allows. */
  get limit(): number {
    const [fallback, max] = this.limits;
    const n = Number.parseInt(this.getAttribute('limit') ?? '', 10);
    return Number.isFinite(n) && n > 0 ? Math.min(n, max) : fallback;
  }
  set limit(value: number | string | null) {
    this.#reflect('limit', value);
  }

  /** The embed token (attribute `token`) the intranet's backend signed for the person. */
  get token(): string | null {
    return this.getAttribute('token')?.trim() || null;
  }
  set token(value: string | null) {
    this.#reflect('token', value);
  }

  /** @internal Records the first time the element shows content (cached or fresh), for the benchmark. */
  markFirstContent(): void {
    if (this.#marked) return;
    this.#marked = true;
    const name = `${this.localName}:first-content`;
    if (!performance.getEntriesByName(name).length) performance.mark(name);
  }

  protected reflectAttribute(name: string, value: unknown): void {
    this.#reflect(name, value);
  }

  #reflect(name: string, value: unknown): void {
    if (value === null || value === undefined || value === false) this.removeAttribute(name);
    else this.setAttribute(name, String(value));
  }

  #schedule(): void {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      if (this.isConnected) this.#render();
    });
  }

  #render(): void {
    const lang = this.closest('[lang]')?.getAttribute('lang') || navigator.language || 'en';
    const loading = languageLoading(languageOf(lang));
    if (loading) {
      loading.then(() => this.#schedule());
      return;
    }
    const [t, wt] = translatorsFor(lang);
    const value: ElementContextValue = { host: this, conn: connect(this.store, this.token) };
    render(
      <ElementContext.Provider value={value}>
        <I18nContext.Provider value={t}>
          <WidgetText.Provider value={wt}>
            <div class="cop-root" part="root">
              {this.view()}
            </div>
          </WidgetText.Provider>
        </I18nContext.Provider>
      </ElementContext.Provider>,
      this.#root,
    );
  }
}
