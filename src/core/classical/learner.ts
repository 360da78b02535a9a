import type { z } from 'zod'

/**
 * The shared contract of the classical learners (issue 15): decision trees, forests, boosted trees, k-nearest
 * neighbours, logistic regression and the EdgeML models (Bonsai, ProtoNN). Each learner is one `LearnerDef`
 * in `registry.ts`; training, scoring, C emission and sizing all go through it, so the design/train/variant
 * flow and the benchmarks treat every learner alike. The numeric convention the C follows (float and fixed
 * point) is written down in docs/classical.md; `scores` is the bit-exact reference for the generated C.
 *
 * Extending this file is fine; breaking it must be announced in the commit message (engineers "edgeml" and
 * "anomaly" build on it).
 */

/** Every classical learner the registry knows (the anomaly learners are separate). */
export const LEARNER_KINDS = ['cart', 'forest', 'gbt', 'knn', 'logreg', 'bonsai', 'protonn'] as const
export type LearnerKind = (typeof LEARNER_KINDS)[number]

/** The numeric mode of the scores and of the generated C. */
export type NumericMode = 'float' | 'fixed'

/** A table of rows: x is row-major rows×cols float32, y the class index per row (0..classes-1). */
export interface LabelledTable {
  readonly x: Float32Array
  readonly rows: number
  readonly cols: number
  readonly y: Int32Array
  readonly classes: number
}

/** A trained classical model: pure data (JSON-serialisable) plus the functions that use it. */
export interface TrainedClassical<M> {
  readonly kind: LearnerKind
  readonly model: M
}

/** Generated C for one model: `<prefix>.h` and `<prefix>.c`. */
export interface GeneratedC {
  readonly header: string
  readonly source: string
}

/** What a model costs on the board: model data in flash, and the RAM its evaluator needs at run time. */
export interface ModelSize {
  readonly flashBytes: number
  readonly ramBytes: number
}

export interface LearnerDef<P, M> {
  /** 'cart' | 'forest' | 'gbt' | 'knn' | 'logreg' | 'bonsai' | 'protonn'. */
  readonly kind: LearnerKind
  /** Defaults filled in; includes an optional byte budget where the learner supports one. */
  readonly paramsSchema: z.ZodType<P>
  /** Deterministic for a given seed. Throws a `MoteFailure` (TrainErrorCode 131xx) for data it cannot learn. */
  train(data: LabelledTable, params: P, seed: number): M
  /** Class scores for one row, in the arithmetic the C code uses for the given numeric mode (bit-exact contract). */
  scores(model: M, row: Float32Array, numeric: NumericMode): Float32Array | Int32Array
  predict(model: M, row: Float32Array, numeric: NumericMode): number
  /** Generated C99: model as const data (PROGMEM-able via a MOTE_CONST_DATA macro) + evaluator; no malloc. */
  emitC(model: M, numeric: NumericMode, prefix: string): GeneratedC
  /** Bytes of model data in flash and RAM the evaluator needs at run time, per numeric mode. */
  size(model: M, numeric: NumericMode): ModelSize
  /** Validates a stored model; throws `MoteFailure` (TrainErrorCode.ClassicalModelDamaged) when it is not one. */
  parseModel(json: unknown): M
}

/**
 * The index of the largest score, the first on ties: the same rule as the generated C's argmax
 * (`>` against the running best), so that host and board pick the same class.
 */
export function argmax(scores: ArrayLike<number>): number {
  let best = 0
  for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[best]!) best = i
  return best
}
