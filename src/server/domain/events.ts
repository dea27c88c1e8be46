/** The in-process change bus: every committed write announces the new global version; SSE listeners pull. */
export type ChangeListener = (version: number) => void;

export class ChangeBus {
  #listeners = new Set<ChangeListener>();
  #closers = new Set<() => void>();

  /** Calls `listener` after each commit and `onClose` when the store shuts down. */
  subscribe(listener: ChangeListener, onClose?: () => void): () => void {
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
    for (const close of [...this.#closers]) close();
  }

  get size(): number {
    return this.#listeners.size;
  }
}
