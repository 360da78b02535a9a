/**
 * The board catalog and the per-board estimator (docs/boards.md, docs/estimate.md).
 */
export * from './types'
export * from './catalog'
export * from './board-lookup'
export * from './cost-model'
export { FAMILY_COSTS } from './cost-derived'
export * from './estimate'
export * from './estimate-model'
export * from './estimate-dsp'
export * from './estimate-energy'
export * from './estimate-calibration'
export type { LatencyEstimate } from './estimate-latency'
export type { MemoryEstimate, MemoryUse } from './estimate-memory'
export * from './estimate-design'
