import { z } from 'zod'

/** Settings every tree learner shares. */
export const treeParamsShape = {
  /** Deepest level a tree may reach (the root is level 0). */
  maxDepth: z.number().int().min(1).max(32).default(12),
  /** Fewest training rows in a leaf. */
  minLeaf: z.number().int().min(1).default(1),
  /** Histogram bins per feature (every distinct value when there are no more than this). */
  maxBins: z.number().int().min(2).max(255).default(64),
  /** Flash bytes the model data may take in `budgetNumeric` mode; the learner grows no more than fits. */
  budgetBytes: z.number().int().positive().optional(),
  budgetNumeric: z.enum(['float', 'fixed']).default('fixed'),
  /** One quantisation range for all features (features of one kind, such as pixels): no tables in the C. */
  sharedScale: z.boolean().default(false),
}
