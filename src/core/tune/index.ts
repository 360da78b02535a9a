/**
 * Auto-design (issue 16, docs/tune.md): the search space, candidates estimated against the budgets before
 * training, successive halving on epochs, the Pareto front, and the search state that resumes.
 */
export * from './errors'
export * from './budget'
export * from './space'
export * from './candidates'
export * from './halving'
export * from './pareto'
export * from './state'
export * from './results'
