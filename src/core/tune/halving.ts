/**
 * Successive halving on epochs (Jamieson & Talwalkar 2016; one bracket of Hyperband, Li et al. 2017): every
 * candidate trains for the first rung's few epochs, the best 1/η go on to η times as many epochs, and so on
 * until the last rung trains the survivors for the full count. Each trial trains from scratch with the
 * rung's epoch count (no warm start), so a trial is a pure function of (candidate, epochs, seed) and a
 * resumed search repeats nothing it finished.
 */

export interface TrialResult {
  /** Validation accuracy (the test split when there is no validation): what the rungs rank by. */
  readonly accuracy: number
  readonly testAccuracy: number
  /** Epochs actually run (early stopping may end sooner). */
  readonly epochsRun: number
  readonly seconds: number
  /** Why training failed (the candidate then ranks last with accuracy 0). */
  readonly error?: string
}

export interface Rung {
  readonly epochs: number
  readonly candidateIds: readonly string[]
  readonly results: Readonly<Record<string, TrialResult>>
}

export interface Trial {
  readonly rung: number
  readonly candidateId: string
  readonly epochs: number
}

/**
 * The epochs of each rung for `count` candidates: one rung more than the halvings that bring them down to one,
 * the last at `maxEpochs`, each earlier one η times fewer (at least `minEpochs`, strictly increasing).
 */
export function rungEpochs(count: number, maxEpochs: number, eta: number, minEpochs: number): number[] {
  let rungs = 1
  while (eta ** (rungs - 1) < count) rungs++
  const epochs: number[] = []
  for (let i = 0; i < rungs; i++) {
    const e = Math.max(minEpochs, Math.round(maxEpochs / eta ** (rungs - 1 - i)))
    if (epochs.length === 0 || e > epochs[epochs.length - 1]!) epochs.push(Math.min(e, maxEpochs))
  }
  return epochs
}

/** How many trials the whole plan runs: each rung keeps ⌈n/η⌉ of the one before. */
export function plannedTrials(count: number, rungs: number, eta: number): number {
  let total = 0
  let n = count
  for (let i = 0; i < rungs; i++) {
    total += n
    n = Math.max(1, Math.ceil(n / eta))
  }
  return total
}

/** The trial to run next in the last open rung, or undefined when that rung is complete. */
export function nextTrial(rungs: readonly Rung[]): Trial | undefined {
  const index = rungs.length - 1
  const rung = rungs[index]
  if (rung === undefined) return undefined
  const id = rung.candidateIds.find((c) => rung.results[c] === undefined)
  return id === undefined ? undefined : { rung: index, candidateId: id, epochs: rung.epochs }
}

/** The rungs with one trial's result recorded. */
export function recordTrial(rungs: readonly Rung[], trial: Trial, result: TrialResult): Rung[] {
  return rungs.map((r, i) =>
    i === trial.rung ? { ...r, results: { ...r.results, [trial.candidateId]: result } } : r,
  )
}

/**
 * The candidates of a complete rung that go on: the best ⌈n/η⌉ by accuracy, ties to the cheaper (the
 * objective's cost), then to the smaller id so that the order never depends on timing.
 */
export function promote(rung: Rung, eta: number, costOf: (candidateId: string) => number): string[] {
  const keep = Math.max(1, Math.ceil(rung.candidateIds.length / eta))
  return [...rung.candidateIds]
    .sort((a, b) => {
      const ra = rung.results[a]!
      const rb = rung.results[b]!
      return rb.accuracy - ra.accuracy || costOf(a) - costOf(b) || (a < b ? -1 : a > b ? 1 : 0)
    })
    .slice(0, keep)
}

/**
 * Opens the next rung when the last one is complete and more rungs are planned; the rungs unchanged
 * otherwise. `plan` is `rungEpochs(...)`.
 */
export function openNextRung(
  rungs: readonly Rung[],
  plan: readonly number[],
  eta: number,
  costOf: (candidateId: string) => number,
): Rung[] {
  const last = rungs[rungs.length - 1]
  if (last === undefined || nextTrial(rungs) !== undefined || rungs.length >= plan.length) return [...rungs]
  const survivors = promote(last, eta, costOf)
  return [...rungs, { epochs: plan[rungs.length]!, candidateIds: survivors, results: {} }]
}
