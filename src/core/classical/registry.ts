import { cartLearner } from './cart/cart'
import { forestLearner } from './forest/forest'
import { gbtLearner } from './gbt/gbt'
import { knnLearner } from './knn/knn'
import { logregLearner } from './logreg/logreg'
import { bonsaiLearner } from './bonsai'
import { classicalFailure } from './errors'
import type { LabelledTable, LearnerDef, LearnerKind, TrainedClassical } from './learner'
import { protoNNLearner } from './protonn'
import { checkTable } from './table'

/**
 * A learner of any parameter and model type. `LearnerDef`'s functions are methods, so a concrete
 * `LearnerDef<CartParams, CartModel>` is one of these; callers go through `trainClassical` and the helpers
 * below, which parse params and models with the learner's own schemas before they reach it.
 */
export type AnyLearnerDef = LearnerDef<unknown, unknown>

/** Every learner the studio can train, one line each (engineer "edgeml" adds Bonsai and ProtoNN here). */
const LEARNERS: readonly AnyLearnerDef[] = [
  cartLearner, // CART decision tree
  forestLearner, // random forest
  gbtLearner, // gradient-boosted trees
  knnLearner, // k-nearest neighbours over prototypes
  logregLearner, // multinomial logistic regression
  bonsaiLearner, // Bonsai (EdgeML): sparse projection + shallow tree of node predictors
  protoNNLearner, // ProtoNN (EdgeML): sparse projection + learned prototypes
]

/** The learners available, in the order the UI lists them. */
export function learners(): readonly AnyLearnerDef[] {
  return LEARNERS
}

/** The learner of `kind`; throws ClassicalBadParams for one that is not (yet) available. */
export function learnerFor(kind: LearnerKind | string): AnyLearnerDef {
  const def = LEARNERS.find((l) => l.kind === kind)
  if (def === undefined) {
    const known = LEARNERS.map((l) => l.kind).join(', ')
    throw classicalFailure(
      'ClassicalBadParams',
      `There is no classical learner "${kind}" (available: ${known}).`,
    )
  }
  return def
}

/** Parses `params` (user input: defaults filled in) with the learner's schema. */
export function parseLearnerParams(def: AnyLearnerDef, params: unknown): unknown {
  const parsed = def.paramsSchema.safeParse(params ?? {})
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(params)'}: ${i.message}`)
      .join('; ')
    throw classicalFailure('ClassicalBadParams', `The ${def.kind} settings are not valid: ${issues}.`, issues)
  }
  return parsed.data
}

/** Checks the table, parses the params, trains: the one entry point for every classical learner. */
export function trainClassical(
  kind: LearnerKind | string,
  data: LabelledTable,
  params: unknown,
  seed: number,
): TrainedClassical<unknown> {
  const def = learnerFor(kind)
  const parsedParams = parseLearnerParams(def, params)
  checkTable(data)
  return { kind: def.kind, model: def.train(data, parsedParams, seed) }
}

/** A stored `{ kind, model }` read back: the learner's own `parseModel` validates the model. */
export function parseTrainedClassical(json: unknown): TrainedClassical<unknown> {
  if (typeof json !== 'object' || json === null || typeof (json as { kind?: unknown }).kind !== 'string') {
    throw classicalFailure('ClassicalModelDamaged', 'The stored classical model has no learner kind.')
  }
  const stored = json as { kind: string; model?: unknown }
  const def = learnerFor(stored.kind)
  return { kind: def.kind, model: def.parseModel(stored.model) }
}
