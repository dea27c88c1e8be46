/**
 * A coordinator's prompt on an enabled page, shown by the first-load script itself: plain DOM in its
 * own shadow root, fixed at the bottom right (it never moves the page), no Preact, no panel until asked.
 */
import type { MatchedPrompt } from '../messages';
import { updatePageLayer, watchPageLayer } from './page-layer';

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
}

export interface PromptChip {
  /** Shows these prompts (best first), without the ones the person dismissed; [] hides the chip. */
  show(prompts: readonly MatchedPrompt[]): void;
  destroy(): void;
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

// `:host` rules with !important beat any page rule on our host; nothing outside reaches inside.
const CSS = `:host{all:initial!important;position:fixed!important;top:auto!important;left:auto!important;right:0!important;bottom:0!important;width:0!important;height:0!important;overflow:visible!important;display:block!important;z-index:2147483647!important;margin:0!important;padding:0!important;border:0!important;transform:none!important;filter:none!important;visibility:visible!important;opacity:1!important;pointer-events:none!important}
.chip{position:fixed;right:12px;bottom:12px;box-sizing:border-box;width:max-content;max-width:min(340px,calc(100vw - 24px));max-height:60vh;overflow:auto;margin:0;padding:10px 12px;background:#fff;color:#1a1a1a;border:1px solid #6b7280;border-radius:10px;box-shadow:0 4px 16px rgba(0,0,0,.2);font:400 13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;text-align:start;pointer-events:auto}
.chip[hidden]{display:none}
.prompt+.prompt{border-top:1px solid #d1d5db;margin-top:10px;padding-top:10px}
p{margin:0 0 8px;overflow-wrap:anywhere}
.meta{font-size:12px;color:#4b5563}
.problem{color:#b91c1c}
.actions{display:flex;flex-wrap:wrap;gap:6px;justify-content:flex-end}
button{font:inherit;font-weight:600;color:inherit;background:transparent;border:1px solid #6b7280;border-radius:6px;padding:5px 10px;margin:0;cursor:pointer}
button:hover{background:#e5e7eb}
.ask{background:#1d4ed8;border-color:#1d4ed8;color:#fff}
.ask:hover{background:#1e40af}
button:focus-visible{outline:2px solid #1d4ed8;outline-offset:2px}
button[aria-busy=true]{cursor:progress}
@media (prefers-color-scheme:dark){.chip{background:#1f2937;color:#f3f4f6;border-color:#9ca3af}.prompt+.prompt{border-color:#4b5563}.meta{color:#d1d5db}.problem{color:#fca5a5}button{border-color:#9ca3af}button:hover{background:#374151}.ask{border-color:#93c5fd}.ask:hover{background:#1e40af}button:focus-visible{outline-color:#93c5fd}}`;

/** Creates the chip; nothing enters the page until there is a prompt to show. */
export function createPromptChip(doc: Document, options: PromptChipOptions): PromptChip {
  let labels: PromptChipLabels;
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
    host = doc.createElement(PROMPT_CHIP_TAG);
    const shadow = host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    style.textContent = CSS;
    chip = doc.createElement('aside');
    chip.className = 'chip';
    chip.setAttribute('aria-label', labels.region);
    chip.hidden = true;
    shadow.append(style, chip);
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
