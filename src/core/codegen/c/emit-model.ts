/**
 * model.h and model.c of a generated model (docs/codegen.md, "The generated API"): the arena, the ops'
 * constant arrays and functions, `<prefix>_invoke` calling them in order, and the input/output accessors.
 */
import type { DType, ModelGraph, Tensor } from '../../model/graph'
import { cFloat } from './c-text'
import { emitOp, type EmitContext } from './emit-op'
import type { KernelChoice } from './kernel-choice'
import type { ModelMemory } from './model-memory'

export interface EmitInput {
  readonly graph: ModelGraph
  readonly choices: readonly KernelChoice[]
  readonly memory: ModelMemory
  readonly prefix: string
  readonly headerName: string
  /** The "generated — do not edit" comment (same in both files). */
  readonly banner: string
  readonly contentHash: string
  /** See GenerateOptions.externalArena. */
  readonly externalArena?: string
}

export interface EmittedModel {
  readonly header: string
  readonly source: string
  readonly weightBytes: number
  readonly constantBytes: number
  readonly opWeightBytes: ReadonlyMap<number, number>
}

const C_TYPE: Readonly<Partial<Record<DType, string>>> = { int8: 'int8_t', float32: 'float' }

function cTypeOf(tensor: Tensor): string {
  const type = C_TYPE[tensor.dtype]
  if (!type) throw new Error(`A model input or output of type ${tensor.dtype} cannot be generated.`)
  return type
}

/** The accessors' names: `<prefix>_input` for the first input, `<prefix>_input_<i>` for the others. */
const accessor = (prefix: string, what: 'input' | 'output', i: number) =>
  i === 0 ? `${prefix}_${what}` : `${prefix}_${what}_${i}`

function ioMacros(graph: ModelGraph, prefix: string, what: 'input' | 'output'): string[] {
  const list = what === 'input' ? graph.inputs : graph.outputs
  return list.flatMap((t, i) => {
    const tensor = graph.tensors[t]!
    const name = accessor(prefix, what, i).toUpperCase()
    const count = tensor.shape.reduce((a, b) => a * b, 1)
    const q = tensor.quantization
    return [
      `/* ${what} ${i}: "${tensor.name}", ${tensor.dtype} [${tensor.shape.join(', ')}] */`,
      `#define ${name}_COUNT ${count}`,
      ...(q && q.scale.length === 1
        ? [
            `#define ${name}_SCALE ${cFloat(q.scale[0]!)}`,
            `#define ${name}_ZERO_POINT ${q.zeroPoint[0] ?? 0}`,
          ]
        : []),
    ]
  })
}

function ioDeclarations(graph: ModelGraph, prefix: string): string[] {
  const declare = (what: 'input' | 'output', list: readonly number[]) =>
    list.map((t, i) => {
      const type = cTypeOf(graph.tensors[t]!)
      return `${what === 'input' ? '' : 'const '}${type} *${accessor(prefix, what, i)}(void);`
    })
  return [...declare('input', graph.inputs), ...declare('output', graph.outputs)]
}

function ioDefinitions(input: EmitInput): string[] {
  const { graph, prefix, memory } = input
  const define = (what: 'input' | 'output', list: readonly number[]) =>
    list.map((t, i) => {
      const type = cTypeOf(graph.tensors[t]!)
      const offset = memory.plan.tensorOffsets.get(t)!
      const qualifier = what === 'input' ? '' : 'const '
      return `${qualifier}${type} *${accessor(prefix, what, i)}(void) {\n  return (${qualifier}${type} *)${prefix.toUpperCase()}_AT(${offset});\n}`
    })
  return [...define('input', graph.inputs), ...define('output', graph.outputs)]
}

export function emitHeader(input: EmitInput): string {
  const { graph, prefix, memory } = input
  const P = prefix.toUpperCase()
  const guard = `${P}_H_`
  return [
    input.banner,
    `#ifndef ${guard}`,
    `#define ${guard}`,
    '',
    '#include <stdint.h>',
    '',
    '#include "mote_runtime.h"',
    '',
    `/* The variant's content hash (SHA-256 of its graph and coded weights), for the firmware's hello. */`,
    `#define ${P}_HASH "${input.contentHash}"`,
    '',
    `/* Bytes of the one static arena: every tensor and scratch buffer, as planned (its exact peak). */`,
    `#define ${P}_ARENA_BYTES ${memory.plan.peakBytes}`,
    '',
    ...ioMacros(graph, prefix, 'input'),
    ...ioMacros(graph, prefix, 'output'),
    '',
    '/*',
    ` * Write the input through ${prefix}_input(), call ${prefix}_invoke(), then read ${prefix}_output().`,
    ' * The pointers point into the arena: the output is valid until the next input is written, and',
    ' * invoke overwrites the input (fill it again before each call). Not reentrant: one arena.',
    ' */',
    ...ioDeclarations(graph, prefix),
    `mote_status_t ${prefix}_invoke(void);`,
    '',
    `#endif /* ${guard} */`,
    '',
  ].join('\n')
}

function arenaDefinition(input: EmitInput): string[] {
  const P = input.prefix.toUpperCase()
  const float = input.graph.tensors.some((t) => t.dtype === 'float32' && t.data === undefined)
  if (input.externalArena !== undefined)
    return [
      `/* The arena is the application's (at least ${P}_ARENA_BYTES, 4-byte aligned). */`,
      `extern uint8_t ${input.externalArena}[];`,
      '',
      `#define ${P}_AT(offset) ((int8_t *)${input.externalArena} + (offset))`,
    ]
  return [
    `/* The arena; float tensors are read through the float member (C's aliasing rules allow it). */`,
    `static union {`,
    `  int32_t align;`,
    ...(float ? [`  float floats[${P}_ARENA_BYTES / 4];`] : []),
    `  int8_t bytes[${P}_ARENA_BYTES];`,
    `} ${input.prefix}_arena;`,
    '',
    `#define ${P}_AT(offset) (${input.prefix}_arena.bytes + (offset))`,
  ]
}

function prelude(input: EmitInput): string[] {
  const P = input.prefix.toUpperCase()
  const float = input.graph.tensors.some((t) => t.dtype === 'float32')
  return [
    input.banner,
    `#include "${input.headerName}"`,
    '',
    ...(float ? ['#include <math.h>'] : []),
    '#include <stddef.h>',
    '',
    '#include "mote_kernels_gen_s8.h"',
    '',
    '/*',
    ' * The kernels read params structs (and coded-weight descriptors) as RAM. On Cortex-M and the host they are',
    ' * static const data in flash, passed by address; with MOTE_WEIGHTS_IN_PROGMEM (AVR) they are stored in',
    ' * program memory and each op copies its own to the stack, so that no constant is copied to RAM at start-up.',
    ' */',
    '#if defined(MOTE_WEIGHTS_IN_PROGMEM)',
    `#define ${P}_LOAD(type, name) \\`,
    '  type name##_copy; \\',
    '  const type *const name = (memcpy_P(&name##_copy, &name##_stored, sizeof name##_copy), &name##_copy)',
    '#else',
    `#define ${P}_LOAD(type, name) const type *const name = &name##_stored`,
    '#endif',
    '',
    `/* Called after each op with its index (tracing, profiling); nothing by default. */`,
    `#ifndef ${P}_AFTER_OP`,
    `#define ${P}_AFTER_OP(op) ((void)0)`,
    '#endif',
    '',
  ]
}

export function emitModel(input: EmitInput): EmittedModel {
  const e: EmitContext = {
    graph: input.graph,
    prefix: input.prefix,
    plan: input.memory.plan,
    definitions: [],
    symbols: new Map(),
    bytes: { constants: 0, weights: 0 },
  }
  const opWeightBytes = new Map<number, number>()
  const ops = input.choices
    .filter((choice) => !choice.aliasOnly)
    .map((choice) => {
      const emitted = emitOp(e, choice, input.memory.placements[choice.op]!)
      opWeightBytes.set(choice.op, emitted.weightBytes)
      return { op: choice.op, ...emitted }
    })
  const P = input.prefix.toUpperCase()
  const invoke = [
    `mote_status_t ${input.prefix}_invoke(void) {`,
    '  mote_status_t status;',
    ...ops.flatMap((o) => [
      `  if ((status = ${o.name}()) != MOTE_OK) return status;`,
      `  ${P}_AFTER_OP(${o.op});`,
    ]),
    '  return MOTE_OK;',
    '}',
  ]
  const source = [
    ...prelude(input),
    ...arenaDefinition(input),
    '',
    ...e.definitions.flatMap((d) => [d, '']),
    ...ops.flatMap((o) => [o.definition, '']),
    ...invoke,
    '',
    ...ioDefinitions(input).flatMap((d) => [d, '']),
  ].join('\n')
  return {
    header: emitHeader(input),
    source,
    weightBytes: e.bytes.weights,
    constantBytes: e.bytes.constants,
    opWeightBytes,
  }
}
