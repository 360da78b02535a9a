/** Variants: running a compression method, measuring the result, naming it. */
export * from './metrics'
export * from './evaluate'
export * from './names'
export * from './defaults'
export * from './run-method'
export * from './check-options'
