/**
 * The C of one op: its constant arrays (weights, folded biases, requantization multipliers and shifts,
 * Huffman blocks and codebooks), and a function that builds its params struct and calls its kernel on arena
 * addresses. Arrays are deduplicated across ops by identity (a filter two ops share is emitted once).
 */
import type { ModelGraph } from '../../model/graph'
import type { MemoryPlan } from '../../model/arena-planner'
import { cArray, cInitializer, C_TYPE_BYTES, type CField, type CType } from './c-text'
import type { CallArg, ConstArray, KernelChoice } from './kernel-choice'
import type { OpPlacement } from './model-memory'

export interface EmitContext {
  readonly graph: ModelGraph
  readonly prefix: string
  readonly plan: MemoryPlan
  /** Array definitions so far, and the symbol of each array already emitted. */
  readonly definitions: string[]
  readonly symbols: Map<object, string>
  /** Bytes of every const array, and of those that store the variant's weights (filters, biases, coded). */
  bytes: { constants: number; weights: number }
}

export interface EmittedOp {
  readonly name: string
  readonly definition: string
  readonly weightBytes: number
}

const upper = (prefix: string) => prefix.toUpperCase()

function defineArray(
  e: EmitContext,
  symbol: string,
  type: CType,
  values: ArrayLike<number> & object,
  weights: boolean,
) {
  const known = e.symbols.get(values)
  if (known) return { symbol: known, bytes: 0 }
  e.symbols.set(values, symbol)
  e.definitions.push(cArray(symbol, type, values, 'MOTE_WEIGHT_STORAGE'))
  const bytes = values.length * C_TYPE_BYTES[type]
  e.bytes.constants += bytes
  if (weights) e.bytes.weights += bytes
  return { symbol, bytes: weights ? bytes : 0 }
}

/** An arena address of `dtype`, `offset` bytes in. */
function arenaPointer(e: EmitContext, offset: number, float: boolean): string {
  const at = `${upper(e.prefix)}_AT(${offset})`
  return float ? `(float *)${at}` : at
}

interface OpEmission {
  readonly e: EmitContext
  readonly choice: KernelChoice
  readonly placement: OpPlacement
  readonly locals: string[]
  weightBytes: number
}

function argText(o: OpEmission, arg: CallArg): string {
  const { e, choice, placement } = o
  const scratch = e.plan.scratchOffsets.get(`op${choice.op}`) ?? 0
  switch (arg.kind) {
    case 'tensor': {
      const offset = e.plan.tensorOffsets.get(arg.tensor)
      if (offset === undefined) throw new Error(`Tensor ${arg.tensor} has no place in the arena.`)
      return arenaPointer(e, offset, e.graph.tensors[arg.tensor]!.dtype === 'float32')
    }
    case 'const': {
      const { symbol, bytes } = constArray(o, arg.array)
      o.weightBytes += bytes
      return symbol
    }
    case 'coded':
      return codedArgument(o, arg)
    case 'scratch':
      return arenaPointer(e, scratch + arg.at, false)
    case 'ring':
      return placement.ringPixels > 0 ? arenaPointer(e, scratch + choice.scratchBytes, false) : 'NULL'
    case 'ring-pixels':
      return String(placement.ringPixels)
    case 'int':
      return String(arg.value)
    case 'null':
      return 'NULL'
  }
}

function constArray(o: OpEmission, array: ConstArray) {
  const symbol = `${o.e.prefix}_op${o.choice.op}_${array.role}`
  return defineArray(o.e, symbol, array.type, array.values, array.tensor !== undefined)
}

function codedArgument(o: OpEmission, arg: Extract<CallArg, { kind: 'coded' }>): string {
  const { coded } = arg
  const base = `${o.e.prefix}_op${o.choice.op}`
  const block = defineArray(o.e, `${base}_block`, 'uint8_t', coded.block, true)
  const codebook = defineArray(o.e, `${base}_codebook`, 'int8_t', coded.codebook, true)
  o.weightBytes += block.bytes + codebook.bytes
  o.locals.push(
    `  static const mote_coded_weights_t coded_stored MOTE_WEIGHT_STORAGE = {${block.symbol}, ${coded.block.length}u, ${codebook.symbol}, ${coded.codebook.length}};`,
    `  ${upper(o.e.prefix)}_LOAD(mote_coded_weights_t, coded);`,
  )
  return 'coded'
}

const FLOAT_FIELDS = new Set(['activation_min', 'activation_max', 'beta', 'scale'])

/** The params value as initializer fields, its typed arrays (multipliers, shifts) emitted as const arrays. */
function paramFields(o: OpEmission, value: object, path: string): { [field: string]: CField } {
  const fields: { [field: string]: CField } = {}
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'number') fields[key] = v
    else if (v instanceof Int32Array || v instanceof Int8Array) {
      const type: CType = v instanceof Int32Array ? 'int32_t' : 'int8_t'
      fields[key] = { c: defineArray(o.e, `${o.e.prefix}_op${o.choice.op}_${key}`, type, v, false).symbol }
    } else fields[key] = paramFields(o, v as object, `${path}.${key}`)
  }
  return fields
}

function paramsLocal(o: OpEmission): string[] {
  const params = o.choice.params
  if (!params) return []
  const floats = params.type.includes('_f32_') ? FLOAT_FIELDS : new Set<string>()
  const init = cInitializer(paramFields(o, params.value, ''), floats)
  return [
    `  static const ${params.type} params_stored MOTE_WEIGHT_STORAGE = ${init};`,
    `  ${upper(o.e.prefix)}_LOAD(${params.type}, params);`,
  ]
}

function describe(e: EmitContext, choice: KernelChoice, placement: OpPlacement): string {
  const op = e.graph.ops[choice.op]!
  const shape = `[${e.graph.tensors[choice.output]!.shape.join(', ')}]`
  const where =
    placement.overwrites === undefined
      ? 'output in its own buffer'
      : placement.ringPixels > 0
        ? `output over its input at ${placement.delta >= 0 ? '+' : ''}${placement.delta} B, ring of ${placement.ringPixels} pixels`
        : `output over its input at ${placement.delta >= 0 ? '+' : ''}${placement.delta} B`
  return `/* op ${choice.op}: ${op.kind} → ${shape}, ${choice.kernel}; ${where}. */`
}

/** The op's arrays (into e.definitions) and its function. */
export function emitOp(e: EmitContext, choice: KernelChoice, placement: OpPlacement): EmittedOp {
  const name = `${e.prefix}_op${choice.op}`
  const o: OpEmission = { e, choice, placement, locals: [], weightBytes: 0 }
  const params = paramsLocal(o)
  const args = choice.args.map((arg) => argText(o, arg))
  const call = `${choice.kernel}(${[...(choice.params ? ['params'] : []), ...args].join(', ')})`
  const body = [...params, ...o.locals, `  return ${call};`]
  return {
    name,
    definition: [describe(e, choice, placement), `static mote_status_t ${name}(void) {`, ...body, '}'].join(
      '\n',
    ),
    weightBytes: o.weightBytes,
  }
}
