import { z } from 'zod'
import { LEARNER_KINDS } from './learner'

/**
 * A design's choice of a classical learner instead of its neural model: `{ kind, params }` in design.json
 * (`learner`). The params are the learner's own (its `paramsSchema`, defaults filled in at training); the
 * design parser checks them with `parseLearnerParams` so that a bad value is reported when the design is
 * read, naming the field.
 */
export const learnerChoiceSchema = z.object({
  kind: z.enum(LEARNER_KINDS),
  params: z.record(z.string(), z.unknown()).default({}),
})
export type LearnerChoice = z.output<typeof learnerChoiceSchema>
