/** The int8 / float32 reference interpreter over `ModelGraph` (see interpreter.ts) and graph statistics. */
export { createInterpreter, runFloat32, runInt8, type Interpreter, type RunOptions } from './interpreter'
export { graphStats, opMacs, type GraphStats, type OpStats } from './graph-stats'
export type { TensorValues } from './steps'
