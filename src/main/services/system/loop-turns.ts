/**
 * Turns of the event loop for bulk work, one at a time. A service or the serve bridge that has a large piece
 * of CPU work to do (copy a 14 MB reply into its parts, decode a block of an imported file) awaits `turn()`
 * first: each waiting piece runs in a later iteration of the loop than the one before it, so the I/O that
 * arrived meanwhile (another page's small call) is served between two pieces instead of after all of them.
 *
 * `setImmediate` alone does not do this: every immediate queued before the loop reaches its check phase runs
 * in that same phase, back to back. Here only one is queued at a time; the next is queued from inside it,
 * which Node runs in the next iteration, after the poll phase.
 */
export class LoopTurns {
  private readonly waiting: (() => void)[] = []
  private scheduled = false

  /** Resolves in a turn of the loop of its own, after those asked for earlier. */
  turn(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve)
      this.schedule()
    })
  }

  private schedule(): void {
    if (this.scheduled || this.waiting.length === 0) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      this.waiting.shift()!()
      this.schedule()
    })
  }
}

/** The process's bulk work takes turns in one line: imports, large replies of every page. */
export const bulkTurns = new LoopTurns()
