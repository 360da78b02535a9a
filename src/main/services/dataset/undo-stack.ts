import type { UndoAction, UndoEntry } from '../../../shared/api/dataset'

export interface UndoRecord {
  readonly entry: UndoEntry
  /** Puts the dataset back as it was before the change. */
  readonly revert: () => Promise<void>
  /** Called when the record can no longer be undone (pushed off the stack, project closed): frees what it kept. */
  readonly forget?: () => Promise<void>
}

/**
 * The last `limit` dataset changes, newest last, for Undo. Records keep what their revert needs (old
 * metadata, cropped-away values in memory, deleted values files on disk until forgotten).
 */
export class UndoStack {
  private readonly records: UndoRecord[] = []
  private nextId = 1

  constructor(private readonly limit = 50) {}

  async push(
    action: UndoAction,
    count: number,
    revert: () => Promise<void>,
    forget?: () => Promise<void>,
  ): Promise<void> {
    this.records.push({ entry: { id: this.nextId++, action, count }, revert, ...(forget ? { forget } : {}) })
    while (this.records.length > this.limit) await this.records.shift()!.forget?.()
  }

  get top(): UndoEntry | null {
    return this.records[this.records.length - 1]?.entry ?? null
  }

  pop(): UndoRecord | undefined {
    return this.records.pop()
  }

  async clear(): Promise<void> {
    for (const r of this.records.splice(0)) await r.forget?.()
  }
}
