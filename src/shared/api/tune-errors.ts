/**
 * Auto-design (tuner) errors: the 18xxx block (docs/architecture.md, docs/tune.md). Kept apart from the
 * contract so that core can name them without loading zod's schemas twice. Every message says what to change.
 */
export const TuneErrorCode = {
  /** A budget or search setting is out of range, or names an unknown board. */
  BadBudget: 18001,
  /** No candidate of the search space fits the board and the budgets. */
  NothingFits: 18002,
  /** The stored search state is damaged or from another project design. */
  StateDamaged: 18003,
  /** A search is already running for this project. */
  AlreadyTuning: 18004,
  /** The candidate to adopt is not in the search (or has no design). */
  NoSuchCandidate: 18005,
} as const
