/**
 * Parameter and MAC counts of a `ModelGraph`, by the rules the MLPerf Tiny model README states (and that the
 * variant table and the estimator use):
 * - parameters: elements of the constant weight tensors (input 1) and bias tensors (input 2) of CONV_2D,
 *   DEPTHWISE_CONV_2D and FULLY_CONNECTED, each tensor counted once even if shared;
 * - MACs: CONV_2D out_elems·kH·kW·inC, DEPTHWISE_CONV_2D out_elems·kH·kW, FULLY_CONNECTED out_elems·depth;
 *   pooling, ADD, softmax and the rest count 0.
 */
import type { ModelGraph, Op, OpKind } from '../../model/graph'
import { elementCount } from './op-context'

export interface OpStats {
  readonly opIndex: number
  readonly kind: OpKind
  readonly macs: number
  /** Parameters first counted at this op (0 for a weight tensor already counted at an earlier op). */
  readonly params: number
}

export interface GraphStats {
  readonly params: number
  readonly weightParams: number
  readonly biasParams: number
  readonly macs: number
  readonly macsByKind: Readonly<Partial<Record<OpKind, number>>>
  readonly tensors: number
  readonly ops: number
  readonly perOp: readonly OpStats[]
}

const WEIGHTED: ReadonlySet<OpKind> = new Set(['conv2d', 'depthwiseConv2d', 'fullyConnected'])

function shapeOf(graph: ModelGraph, index: number | undefined): readonly number[] {
  return (index === undefined ? undefined : graph.tensors[index])?.shape ?? []
}

/** MACs of one op by the rules above. */
export function opMacs(graph: ModelGraph, op: Op): number {
  const outElements = elementCount(shapeOf(graph, op.outputs[0]))
  const filter = shapeOf(graph, op.inputs[1])
  if (op.kind === 'conv2d') return outElements * (filter[1] ?? 0) * (filter[2] ?? 0) * (filter[3] ?? 0)
  if (op.kind === 'depthwiseConv2d') return outElements * (filter[1] ?? 0) * (filter[2] ?? 0)
  if (op.kind === 'fullyConnected') return outElements * (filter[1] ?? 0)
  return 0
}

export function graphStats(graph: ModelGraph): GraphStats {
  const counted = new Set<number>()
  let weightParams = 0
  let biasParams = 0
  const macsByKind: Partial<Record<OpKind, number>> = {}
  const perOp = graph.ops.map((op, opIndex): OpStats => {
    let params = 0
    if (WEIGHTED.has(op.kind)) {
      for (const [position, isBias] of [
        [1, false],
        [2, true],
      ] as const) {
        const index = op.inputs[position] ?? -1
        const tensor = graph.tensors[index]
        if (index < 0 || !tensor?.data || counted.has(index)) continue
        counted.add(index)
        const elements = elementCount(tensor.shape)
        params += elements
        if (isBias) biasParams += elements
        else weightParams += elements
      }
    }
    const macs = opMacs(graph, op)
    macsByKind[op.kind] = (macsByKind[op.kind] ?? 0) + macs
    return { opIndex, kind: op.kind, macs, params }
  })
  const macs = perOp.reduce((sum, op) => sum + op.macs, 0)
  return {
    params: weightParams + biasParams,
    weightParams,
    biasParams,
    macs,
    macsByKind,
    tensors: graph.tensors.length,
    ops: graph.ops.length,
    perOp,
  }
}
