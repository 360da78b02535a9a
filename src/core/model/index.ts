/**
 * The model IR: the spec the user edits (spec.ts), its analysis (shapes, params, MACs, activation memory),
 * presets, and lowering to the TFLite-shaped graph (graph.ts) that compression and code generation use.
 * docs/models.md describes the conventions.
 */
export * from './spec'
export * from './spec-schema'
export * from './errors'
export * from './layer-shapes'
export * from './analyze'
export * from './presets'
export * from './lower'
export * from './lower-weights'
export * from './memory'
export * from './summary'
export * from './graph-io'
