/**
 * A variant → model.h / model.c (docs/codegen.md, "Generated model code"). Pure: no I/O, and the same
 * variant with the same options always gives the same bytes (no dates, no paths, sorted iteration only).
 *
 * Steps: choose each op's kernel for the target (selectors.ts); plan the arena (model-memory.ts: in place
 * where the data flow allows, then arena-planner.ts); emit the C (emit-model.ts); summarise what the code
 * occupies (summary.ts).
 */
import { sha256 } from '@noble/hashes/sha2'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils'
import type { CodedWeights } from '../../compress/cluster/huffman-weights'
import type { ModelGraph } from '../../model/graph'
import { serializeGraph } from '../../model/graph-io'
import { emitModel } from './emit-model'
import type { CodegenTarget, KernelChoice, KernelSelector } from './kernel-choice'
import { planModelMemory, type ModelMemory } from './model-memory'
import { selectKernel } from './selectors'
import { summarize, type ModelCodeSummary } from './summary'
import { invalidPrefix, unusableCodedWeights } from './errors'

/** What a variant gives the generator: its int8 or float graph, and its Huffman-coded weights if any. */
export interface ModelCodeInput {
  readonly graph: ModelGraph
  readonly coded?: readonly CodedWeights[]
  /** Named in the header comment. */
  readonly project?: string
  readonly variant?: string
}

export interface GenerateOptions {
  /** The C namespace of every symbol (default `mote_model`): two models with two prefixes can coexist. */
  readonly prefix?: string
  readonly target?: CodegenTarget
  /** Asked first for every op; `undefined` falls back to the target's choice (selectors.ts). */
  readonly selector?: KernelSelector
  /** Base name of the two files (default `model`: model.h and model.c). */
  readonly fileName?: string
  /**
   * A C symbol of the application's (`uint8_t name[]`, at least the arena's bytes, 4-byte aligned) used as the
   * arena instead of a static one, so that firmware can share that memory with work done between invocations
   * (the inference firmware on a 2 KB Uno: its DSP buffer).
   */
  readonly externalArena?: string
}

export interface GeneratedFile {
  readonly name: string
  readonly text: string
}

export interface GeneratedModelCode {
  readonly header: GeneratedFile
  readonly source: GeneratedFile
  readonly summary: ModelCodeSummary
  readonly choices: readonly KernelChoice[]
  readonly memory: ModelMemory
}

/** The arena alignment: int8 and float32 data on every target we build for. */
export const ARENA_ALIGNMENT = 4

const PREFIX = /^[a-z][a-z0-9_]{0,30}$/

/** SHA-256 of the graph (structure and weights) and the coded weights, in hex. */
export function contentHash(input: ModelCodeInput): string {
  const { json, bin } = serializeGraph(input.graph)
  const hash = sha256.create().update(utf8ToBytes(json)).update(bin)
  for (const c of [...(input.coded ?? [])].sort((a, b) => a.tensor - b.tensor)) {
    hash.update(utf8ToBytes(`coded ${c.tensor} ${c.block.length} ${c.codebook.length}`)).update(c.block)
    hash.update(new Uint8Array(c.codebook.buffer, c.codebook.byteOffset, c.codebook.byteLength))
  }
  return bytesToHex(hash.digest())
}

/** The C comment both files start with. Names are sanitised so that no comment can be closed early. */
function banner(input: ModelCodeInput, hash: string): string {
  const clean = (s: string | undefined, fallback: string) =>
    (s ?? fallback).replace(/\*\//g, '* /').replace(/\s+/g, ' ')
  return [
    '/*',
    ' * generated — do not edit.',
    ` * Mote Studio model code: project "${clean(input.project, 'unnamed')}", variant "${clean(input.variant, 'unnamed')}",`,
    ` * content ${hash} (SHA-256 of the graph and its coded weights).`,
    ' */',
  ].join('\n')
}

function codedByTensor(input: ModelCodeInput): Map<number, CodedWeights> {
  const byTensor = new Map<number, CodedWeights>()
  for (const c of input.coded ?? []) {
    const tensor = input.graph.tensors[c.tensor]
    if (!(tensor?.data instanceof Int8Array))
      throw unusableCodedWeights(c.name, 'it is not an int8 weight tensor')
    byTensor.set(c.tensor, c)
  }
  return byTensor
}

/** Generates model.h and model.c for a variant (see the file comment). */
export function generateModelCode(input: ModelCodeInput, options: GenerateOptions = {}): GeneratedModelCode {
  const prefix = options.prefix ?? 'mote_model'
  if (!PREFIX.test(prefix)) throw invalidPrefix(prefix)
  const target = options.target ?? 'portable'
  const coded = codedByTensor(input)
  const choices = input.graph.ops.map((op, i) =>
    selectKernel(
      target,
      { graph: input.graph, op: i, coded: coded.get(op.inputs[1] ?? -1) },
      options.selector,
    ),
  )
  const memory = planModelMemory(input.graph, choices, ARENA_ALIGNMENT)
  const hash = contentHash(input)
  const fileName = options.fileName ?? 'model'
  const emitted = emitModel({
    graph: input.graph,
    choices: memory.choices,
    memory,
    prefix,
    headerName: `${fileName}.h`,
    banner: banner(input, hash),
    contentHash: hash,
    ...(options.externalArena === undefined ? {} : { externalArena: options.externalArena }),
  })
  return {
    header: { name: `${fileName}.h`, text: emitted.header },
    source: { name: `${fileName}.c`, text: emitted.source },
    summary: summarize({
      graph: input.graph,
      choices: memory.choices,
      memory,
      emitted,
      prefix,
      contentHash: hash,
      target,
    }),
    choices: memory.choices,
    memory,
  }
}
