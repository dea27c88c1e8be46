/**
 * Listens for keyboard shortcuts on the document once, for as long as the component is mounted.
 * `handle` may change on every render (it sees the current state) without re-subscribing.
 */
import { useEffect, useRef } from 'preact/hooks';

export function useShortcut<C>(
  /** The command a key press means, or null when it is not a shortcut. */
  commandOf: (event: KeyboardEvent) => C | null,
  /** Acts on it; answers false when it did nothing, so the key keeps its usual effect. */
  handle: (command: C) => boolean | undefined,
) {
  const latest = useRef({ commandOf, handle });
  latest.current = { commandOf, handle };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const command = latest.current.commandOf(event);
      if (command === null) return;
      if (latest.current.handle(command) !== false) event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
