/**
 * A coordinator's prompt on an enabled page, shown by the first-load script itself: plain DOM in its
 * own shadow root, fixed at the bottom right (it never moves the page), no Preact, no panel until asked.
 */
import type { MatchedPrompt } from '../messages';
import { createPageHost, type PagePart } from './page-host';
import { updatePageLayer, watchPageLayer } from './page-layer';
import css from './prompt-chip.css?inline';

export interface PromptChipLabels {
  /** The chip's accessible name and the start of each prompt's byline ("From your community"). */
  region: string;
  ask: string;
  dismiss: string;
}

export interface PromptChipOptions {
  /** The chip's words, asked for when there is first a prompt to show. */
  labels: () => PromptChipLabels;
  /** Opens the panel's ask form for the prompt; a rejection's message is shown in the chip. */
  onAsk: (prompt: MatchedPrompt) => Promise<unknown>;
  /** Whether an event is a person's (default: `isTrusted`); unit tests, whose clicks are synthetic, say yes. */
  trusted?: (event: Event) => boolean;
}

export interface PromptChip extends PagePart {
  /** Shows these prompts (best first), without the ones the person dismissed; [] hides the chip. */
  show(prompts: readonly MatchedPrompt[]): void;
}

export const PROMPT_CHIP_TAG = 'cop-kit-prompt';

/** The chip's words, as in the shared UI's catalogs (src/ui/i18n*; a unit test keeps them equal). */
const LABELS: Record<string, PromptChipLabels> = {
  en: { region: 'From your community', ask: 'Ask the community', dismiss: 'Dismiss' },
  de: { region: 'Aus Ihrer Community', ask: 'Die Community fragen', dismiss: 'Ausblenden' },
};

/** The labels for a BCP 47 language tag (`de-AT` → German); anything else is English. */
export function promptChipLabels(locale: string | undefined): PromptChipLabels {
  return LABELS[locale?.toLowerCase().split(/[-_]/)[0] ?? ''] ?? LABELS.en!;
}

/** Creates the chip; nothing enters the page until there is a prompt to show. */
export function createPromptChip(doc: Document, options: PromptChipOptions): PromptChip {
  let labels: PromptChipLabels;
  const trusted = options.trusted ?? ((event: Event) => event.isTrusted);
  const win = doc.defaultView ?? window;
  const dismissed = new Set<string>();
  let current: readonly MatchedPrompt[] = [];
  let panelOpen = false;
  let host: HTMLElement | null = null;
  let chip: HTMLElement | null = null;
  let resizes: ResizeObserver | null = null;
  let stopWatching: (() => void) | null = null;

  const visible = () => current.filter((p) => !dismissed.has(p.id));

  /**
   * Tells the panel how much room the chip takes, so its own dock sits above it. Read when a
   * ResizeObserver reports (after layout), never right after a change: that would force a layout.
   */
  const reportHeight = () => {
    updatePageLayer({ promptHeight: chip && !chip.hidden ? chip.offsetHeight : 0 });
  };

  const updateHidden = () => {
    if (chip) chip.hidden = panelOpen || !chip.firstChild;
  };

  function mount(): HTMLElement {
    if (chip) return chip;
    labels = options.labels();
    // Open: it shows what a coordinator wrote for this site, nothing of the person's own.
    const part = createPageHost(doc, { tag: PROMPT_CHIP_TAG, css, mode: 'open', fixed: true });
    host = part.host;
    const shadow = part.root;
    chip = doc.createElement('aside');
    chip.className = 'chip';
    chip.setAttribute('aria-label', labels.region);
    chip.hidden = true;
    shadow.append(chip);
    doc.documentElement.append(host);
    if (typeof win.ResizeObserver === 'function') {
      resizes = new win.ResizeObserver(reportHeight);
      resizes.observe(chip);
    }
    stopWatching = watchPageLayer((layer) => {
      panelOpen = layer.panelOpen;
      updateHidden();
    });
    return chip;
  }

  function button(text: string, className: string, onClick: (b: HTMLButtonElement) => void) {
    const b = doc.createElement('button');
    b.type = 'button';
    b.className = className;
    b.textContent = text;
    b.addEventListener('click', (event) => {
      // The page's own click handlers have no business with our buttons.
      event.stopPropagation();
      // Only a person's click acts: a page script's synthetic click asks nothing.
      if (!trusted(event)) return;
      onClick(b);
    });
    return b;
  }

  function dismiss(prompt: MatchedPrompt, focusNext: boolean) {
    const list = visible();
    const at = list.findIndex((p) => p.id === prompt.id);
    const next = list[at + 1] ?? list[at - 1];
    dismissed.add(prompt.id);
    render();
    // Keyboard users stay in the chip while there is something left in it.
    if (!focusNext || !next || !chip) return;
    for (const item of chip.children) {
      if ((item as HTMLElement).dataset.promptId === next.id) item.querySelector('button')?.focus();
    }
  }

  function entry(prompt: MatchedPrompt): HTMLElement {
    const item = doc.createElement('div');
    item.className = 'prompt';
    item.dataset.promptId = prompt.id;
    const meta = doc.createElement('p');
    meta.className = 'meta';
    meta.textContent = `${labels.region}: ${prompt.communityName}`;
    const message = doc.createElement('p');
    message.textContent = prompt.message;
    // Made only when something went wrong: every element costs the page style and layout time.
    let problem: HTMLElement | null = null;
    const actions = doc.createElement('div');
    actions.className = 'actions';
    actions.append(
      button(labels.dismiss, 'dismiss', () => dismiss(prompt, true)),
      button(labels.ask, 'ask', (ask) => {
        if (ask.getAttribute('aria-busy') === 'true') return;
        ask.setAttribute('aria-busy', 'true');
        problem?.remove();
        options.onAsk(prompt).then(
          // Asked: like a dismissal, the prompt has done its job on this page.
          () => dismiss(prompt, false),
          (error: unknown) => {
            ask.removeAttribute('aria-busy');
            problem = doc.createElement('p');
            problem.className = 'problem';
            problem.setAttribute('role', 'alert');
            problem.textContent = error instanceof Error ? error.message : String(error);
            actions.before(problem);
          },
        );
      }),
    );
    item.append(meta, message, actions);
    return item;
  }

  /** What the chip shows now; the same prompts again (SPA navigation) cost the page nothing. */
  let rendered = '';

  function render() {
    const prompts = visible();
    if (!chip && prompts.length === 0) return;
    const shown = JSON.stringify(prompts.map((p) => [p.id, p.communityName, p.message]));
    if (chip && shown === rendered) return;
    rendered = shown;
    const box = mount();
    box.replaceChildren(...prompts.map(entry));
    updateHidden();
  }

  return {
    show(prompts) {
      current = prompts;
      render();
    },
    destroy() {
      resizes?.disconnect();
      stopWatching?.();
      host?.remove();
      host = chip = null;
      rendered = '';
      updatePageLayer({ promptHeight: 0 });
    },
  };
}
