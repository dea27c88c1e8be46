/** The in-process change bus: every committed write announces the new global version; SSE listeners pull. */
export type ChangeListener = (version: number) => void;

export class ChangeBus {
  #listeners = new Set<ChangeListener>();
  #closers = new Set<() => void>();
  #closed = false;

  /** Calls `listener` after each commit and `onClose` when the store shuts down. */
  subscribe(listener: ChangeListener, onClose?: () => void): () => void {
    // An event stream that starts while the store shuts down is told at once, or it would hold the shutdown up.
    if (this.#closed) {
      if (onClose) queueMicrotask(onClose);
      return () => {};
    }
    this.#listeners.add(listener);
    if (onClose) this.#closers.add(onClose);
    return () => {
      this.#listeners.delete(listener);
      if (onClose) this.#closers.delete(onClose);
    };
  }

  publish(version: number): void {
    for (const listener of this.#listeners) listener(version);
  }

  close(): void {
    this.#closed = true;
    for (const close of [...this.#closers]) close();
  }

  get size(): number {
    return this.#listeners.size;
  }
}
