import type { Board } from '../boards/types'
import { parseFeatureDesign } from '../dsp/registry'
import { buildPreset } from '../model/presets'
import { featureShapeOf, type ProjectDesign } from '../train/design'
import { createRng } from '../train/random'
import { checkBudget, type CandidateCost, type TuneBudget } from './budget'
import {
  featureChoices,
  mlpHidden,
  modelChoices,
  windowChoices,
  type CompressionChoice,
  type FeatureChoice,
  type ModelChoice,
  type WindowChoice,
} from './space'

/**
 * A candidate of the search: a full ProjectDesign and how it is deployed, with the estimator's cost on
 * the budget's board. `kind` leaves room for the classical learners (src/core/classical): a classical
 * candidate will carry its learner and params instead of a network, and `family` is then the learner's kind.
 */
export interface NetworkCandidate {
  readonly kind: 'network'
  readonly id: string
  /** The colour of its point in the Pareto chart: the model preset ('custom' for a hand-made model). */
  readonly family: string
  /** One line for the table: "2000/500 ms · spectral FFT 128 · dense-mlp ×1 d2 · int8". */
  readonly summary: string
  readonly window?: WindowChoice
  readonly features: string
  readonly model: ModelChoice | { readonly preset: 'custom'; readonly width: number; readonly depth: number }
  readonly compression: CompressionChoice
  readonly design: ProjectDesign
  readonly cost: CandidateCost
}
export type TuneCandidate = NetworkCandidate

export interface Rejection {
  readonly summary: string
  readonly reasons: readonly string[]
}

export interface CandidatePool {
  readonly fitting: readonly Omit<TuneCandidate, 'id'>[]
  readonly rejected: readonly Rejection[]
}

export interface SearchOptions {
  readonly compressions: readonly CompressionChoice[]
  /** How many fitting candidates enter the first rung. */
  readonly candidates: number
  readonly seed: number
}

/** The project's design with a window, a feature block and a model of the search. */
export function designOf(
  base: ProjectDesign,
  window: WindowChoice | undefined,
  features: FeatureChoice,
  model: ModelChoice,
): ProjectDesign {
  const featureDesign = parseFeatureDesign({
    window: { ...base.features.window, ...(window ?? {}) },
    blocks: [{ block: features.block, params: features.params }],
  })
  const shape = featureShapeOf({ input: base.input, features: featureDesign })
  const options =
    model.preset === 'dense-mlp' ? { hidden: mlpHidden(model) } : { widthMultiplier: model.width }
  return {
    ...base,
    features: featureDesign,
    model: buildPreset(model.preset, shape, base.labels.length, options),
    preset: model.preset,
    presetWidth: model.width,
  }
}

function summaryOf(
  window: WindowChoice | undefined,
  features: string,
  model: NetworkCandidate['model'],
  compression: CompressionChoice,
): string {
  const w = window ? `${window.lengthMs}/${window.strideMs} ms · ` : ''
  const d = model.depth > 0 ? ` d${model.depth}` : ''
  return `${w}${features} · ${model.preset} ×${model.width}${d} · ${compression}`
}

interface Combination {
  readonly window: WindowChoice | undefined
  readonly features: FeatureChoice
  readonly model: ModelChoice
}

/** Every (window, features, model) of the space, in a fixed order; combinations that cannot be built are skipped. */
function combinations(base: ProjectDesign, shortestMs: number): Combination[] {
  const windows = windowChoices(base.input, base.features.window.lengthMs, shortestMs)
  const out: Combination[] = []
  for (const window of windows.length === 0 ? [undefined] : windows) {
    for (const features of featureChoices(base.input, window)) {
      let shape: readonly number[]
      try {
        shape = featureShapeOf({
          input: base.input,
          features: designOf(base, window, features, MLP).features,
        })
      } catch {
        continue // a frame longer than the window, an FFT too short: not a design
      }
      for (const model of modelChoices(shape, base.input.kind)) out.push({ window, features, model })
    }
  }
  return out
}
const MLP: ModelChoice = { preset: 'dense-mlp', width: 1, depth: 1 }

/**
 * Every combination of the space, estimated on the budget's board before any training: those that fit
 * the board and every budget, and those rejected with the estimator's reasons. The project's own design
 * is one of them (family 'custom' when its model is not a preset's).
 */
export function candidatePool(
  base: ProjectDesign,
  shortestMs: number,
  board: Board,
  budget: TuneBudget,
  compressions: readonly CompressionChoice[],
): CandidatePool {
  const fitting: Omit<TuneCandidate, 'id'>[] = []
  const rejected: Rejection[] = []
  const consider = (
    design: ProjectDesign,
    window: WindowChoice | undefined,
    features: string,
    model: NetworkCandidate['model'],
  ) => {
    for (const compression of compressions) {
      const summary = summaryOf(window, features, model, compression)
      const verdict = checkBudget(design, compression, board, budget)
      if (!verdict.fits) rejected.push({ summary, reasons: verdict.reasons })
      else
        fitting.push({
          kind: 'network',
          family: model.preset,
          summary,
          ...(window ? { window } : {}),
          features,
          model,
          compression,
          design,
          cost: verdict.cost,
        })
    }
  }
  const own = base.features.window
  consider(
    base,
    base.input.kind === 'image' ? undefined : { lengthMs: own.lengthMs, strideMs: own.strideMs },
    `project's ${base.features.blocks.map((b) => b.block).join('+')}`,
    { preset: 'custom', width: base.presetWidth, depth: 0 },
  )
  for (const c of combinations(base, shortestMs)) {
    let design: ProjectDesign
    try {
      design = designOf(base, c.window, c.features, c.model)
    } catch (error) {
      rejected.push({
        summary: summaryOf(c.window, c.features.name, c.model, compressions[0] ?? 'int8'),
        reasons: [error instanceof Error ? error.message : String(error)],
      })
      continue
    }
    consider(design, c.window, c.features.name, c.model)
  }
  return { fitting, rejected }
}

/**
 * The seeded draw of the candidates that enter the search: the fitting pool shuffled with the seed, then
 * taken round-robin over model families so that a small search still tries every family. The same pool
 * and seed always give the same candidates, with ids c01, c02, … in draw order.
 */
export function drawCandidates(
  pool: readonly Omit<TuneCandidate, 'id'>[],
  count: number,
  seed: number,
): TuneCandidate[] {
  const rng = createRng(seed)
  const shuffled = [...pool]
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = rng.int(0, i)
    ;[shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!]
  }
  const byFamily = new Map<string, Omit<TuneCandidate, 'id'>[]>()
  for (const c of shuffled) byFamily.set(c.family, [...(byFamily.get(c.family) ?? []), c])
  const queues = [...byFamily.values()]
  const drawn: Omit<TuneCandidate, 'id'>[] = []
  while (drawn.length < count && queues.some((q) => q.length > 0))
    for (const q of queues) if (q.length > 0 && drawn.length < count) drawn.push(q.shift()!)
  const width = String(drawn.length).length < 2 ? 2 : String(drawn.length).length
  return drawn.map((c, i) => ({ ...c, id: `c${String(i + 1).padStart(width, '0')}` }))
}
