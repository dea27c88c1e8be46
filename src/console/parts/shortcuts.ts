/**
 * Keyboard shortcuts of the review queue. Keys are ignored while typing in a field or with a
 * modifier held, so they never steal a letter from a form or a browser shortcut.
 */
export type QueueCommand =
  | 'next'
  | 'previous'
  | 'select'
  | 'publish'
  | 'feature'
  | 'archive'
  | 'reject'
  | 'edit'
  | 'merge'
  | 'help';

export const QUEUE_KEYS: Record<string, QueueCommand> = {
  j: 'next',
  ArrowDown: 'next',
  k: 'previous',
  ArrowUp: 'previous',
  x: 'select',
  p: 'publish',
  f: 'feature',
  a: 'archive',
  r: 'reject',
  e: 'edit',
  m: 'merge',
  '?': 'help',
};

export const QUEUE_KEY_HELP: [string, string][] = [
  ['j / ↓', 'Next practice'],
  ['k / ↑', 'Previous practice'],
  ['x', 'Select or unselect'],
  ['p', 'Publish'],
  ['f', 'Feature (or unfeature)'],
  ['a', 'Archive'],
  ['r', 'Reject with a note'],
  ['e', 'Edit'],
  ['m', 'Merge with the suggested duplicate'],
  ['?', 'Show or hide these shortcuts'],
];

const TYPING = /^(input|textarea|select)$/i;

/** The command a key press means, or null when it is not a shortcut here. */
export function queueCommand(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>,
): QueueCommand | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const target = event.target as HTMLElement | null;
  if (target && (TYPING.test(target.tagName) || target.isContentEditable)) return null;
  return QUEUE_KEYS[event.key] ?? null;
}
