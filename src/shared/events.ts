/** A listener subscription that the caller ends with `dispose()`. */
export interface Disposable {
  dispose(): void
}

export type Listener<T> = (event: T) => void

/**
 * The typed event source behind every `onDid<Thing>` member (VS Code's Emitter, trimmed). A listener that
 * throws does not stop the others: events report facts, and one broken view must not hide them from the rest.
 */
export class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>()

  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.add(listener)
    return { dispose: () => this.listeners.delete(listener) }
  }

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value)
      } catch {
        // A faulty listener is its owner's bug; the event still reaches every other listener.
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.size
  }

  dispose(): void {
    this.listeners.clear()
  }
}
