/**
 * Hands the selection from the first-load script to the panel script. Both run in the extension's
 * isolated world of the same frame, so a symbol-keyed global is shared by them and by nothing else.
 */
const KEY = Symbol.for('cop-kit/selection');

type Slot = { [KEY]?: Range };

/** Keeps a copy of the range the person selected when they chose an action. */
export function keepSelection(range: Range): void {
  (globalThis as Slot)[KEY] = range.cloneRange();
}

/** The kept range, once: a later action starts from the live selection again. */
export function takeSelection(): Range | undefined {
  const slot = globalThis as Slot;
  const range = slot[KEY];
  delete slot[KEY];
  return range;
}
