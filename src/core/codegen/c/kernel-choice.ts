/**
 * What the generator needs to know about the kernel that runs one op: the C function, its params struct,
 * its arguments, how its output may share its input's bytes (for the memory planner) and the scratch it
 * needs. A `KernelSelector` makes these choices for one target; `selectors.ts` holds them per target.
 */
import type { CodedWeights } from '../../compress/cluster/huffman-weights'
import type { ModelGraph } from '../../model/graph'
import type { StreamGeometry } from '../../model/in-place'

/** A constant array the generated code holds in flash (PROGMEM on AVR). */
export interface ConstArray {
  readonly type: 'int8_t' | 'uint8_t' | 'int32_t' | 'float'
  readonly values: Int8Array | Uint8Array | Int32Array | Float32Array
  /** What it is, for its name and its comment: filter, bias, weights, … */
  readonly role: string
  /**
   * The graph tensor it stores, when it stores one (a filter, a folded or float bias): the bytes the
   * variant table counts as the model's weights.
   */
  readonly tensor?: number
}

/** One argument of a kernel call after `&params`. */
export type CallArg =
  | { readonly kind: 'tensor'; readonly tensor: number }
  | { readonly kind: 'const'; readonly array: ConstArray }
  | { readonly kind: 'coded'; readonly coded: CodedWeights }
  /** The op's scratch buffer, `at` bytes into it. */
  | { readonly kind: 'scratch'; readonly at: number }
  /** The ring: the scratch after its fixed part, or NULL when the op does not run in place. */
  | { readonly kind: 'ring' }
  | { readonly kind: 'ring-pixels' }
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'null' }

/**
 * How the output may share the input's bytes: not at all; at the very same address (element-wise kernels,
 * RESHAPE) for the activation inputs at `positions` (indices into the op's inputs); or anywhere, given a
 * ring sized by src/core/model/in-place.ts for `geometry` (the stream window kernels).
 */
export type Overlap =
  | { readonly kind: 'none' }
  | { readonly kind: 'same'; readonly positions: readonly number[] }
  | { readonly kind: 'stream'; readonly geometry: StreamGeometry }

export interface KernelChoice {
  readonly op: number
  readonly kernel: string
  /** The params struct's C type, and its value (kernel-params.ts objects, C field names); none for reshape. */
  readonly params?: { readonly type: string; readonly value: object }
  /** The arguments after `&params`, the output among them as a 'tensor'. */
  readonly args: readonly CallArg[]
  /** The activation inputs (tensor indices) the kernel reads, and the output. */
  readonly inputs: readonly number[]
  readonly output: number
  readonly overlap: Overlap
  /** Scratch bytes needed whether or not the op runs in place (patch, zero-point pixel, decoded filter). */
  readonly scratchBytes: number
  readonly macs: number
  /** A RESHAPE that the planner aliases: no call is generated. */
  readonly aliasOnly?: boolean
  /**
   * The kernel to use instead when the op does not run in place (a Huffman-coded convolution: decoding the
   * whole filter into scratch pays only if the output can then overwrite the input).
   */
  readonly fallback?: KernelChoice
}

/** The target kernel sets a generator can choose from (c-optimized adds kernels behind the same names). */
export type CodegenTarget = 'portable' | 'cortex-m0' | 'cortex-m3' | 'cortex-m4-dsp' | 'avr'

export interface SelectionInput {
  readonly graph: ModelGraph
  readonly op: number
  /** The op's filter or weights as Huffman-coded in the variant, when they are. */
  readonly coded?: CodedWeights
}

/** Chooses the kernel for one op, or returns undefined to fall back to the portable choice. */
export type KernelSelector = (input: SelectionInput) => KernelChoice | undefined
