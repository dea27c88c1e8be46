/**
 * What the prompt chip (first-load script) and the panel (injected later) tell each other so they
 * never cover one another. Both run in the extension's isolated world of the same frame, so a
 * symbol-keyed global is shared by them and by nothing else (see selection-slot.ts).
 */
const KEY = Symbol.for('cop-kit/page-layer');

export interface PageLayer {
  /** The panel shows a form: the prompt chip steps aside, as it would cover the form. */
  panelOpen: boolean;
  /** Height in CSS pixels the prompt chip takes at the bottom right (0: none shown). */
  promptHeight: number;
}

type Listener = (layer: PageLayer) => void;
interface Shared {
  layer: PageLayer;
  listeners: Set<Listener>;
}
type Slot = { [KEY]?: Shared };

function shared(): Shared {
  const slot = globalThis as Slot;
  slot[KEY] ??= { layer: { panelOpen: false, promptHeight: 0 }, listeners: new Set() };
  return slot[KEY];
}

/** Changes part of the layer; listeners hear of real changes only. */
export function updatePageLayer(change: Partial<PageLayer>): void {
  const s = shared();
  const next = { ...s.layer, ...change };
  if (next.panelOpen === s.layer.panelOpen && next.promptHeight === s.layer.promptHeight) return;
  s.layer = next;
  for (const listener of s.listeners) listener(next);
}

/** Calls `listener` now and on every change; returns the unsubscribe. */
export function watchPageLayer(listener: Listener): () => void {
  const s = shared();
  s.listeners.add(listener);
  listener(s.layer);
  return () => {
    s.listeners.delete(listener);
  };
}
