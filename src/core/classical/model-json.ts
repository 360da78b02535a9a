import type { z } from 'zod'
import { classicalFailure } from './errors'
import type { LearnerKind } from './learner'

/** Validates a stored model with its learner's schema; a damaged one is ClassicalModelDamaged, naming the fields. */
export function parseStoredModel<M>(kind: LearnerKind, schema: z.ZodType<M>, json: unknown): M {
  const parsed = schema.safeParse(json)
  if (parsed.success) return parsed.data
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(model)'}: ${i.message}`).join('; ')
  throw classicalFailure('ClassicalModelDamaged', `The stored ${kind} model is damaged (${issues}).`, issues)
}
