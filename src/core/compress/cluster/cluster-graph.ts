/**
 * Weight clustering with centroid fine-tuning (Deep Compression, Han et al. 2016, §3): every prunable
 * weight tensor (prune/prunable.ts) is clustered on its own into k = 2^bits centres by 1-D k-means; then
 * the graph is fine-tuned with each weight tied to its centre, so only the k centres per layer train (the
 * gradient of a centre is the sum over its weights). A layer that was magnitude-pruned keeps its zeros
 * exactly: its non-zero weights get 2^bits − 1 centres and the zero is a frozen centre of its own, so
 * Huffman coding later spends about one bit on each pruned weight. Biases are not clustered (int32, few).
 */
import { CompressErrorCode } from '../../../shared/api/compress'
import { MoteFailure } from '../../../shared/errors'
import type { ModelGraph } from '../../model/graph'
import type { TrainWindows } from '../../train/minibatch'
import { fineTune, type FineTuneOptions, type FineTuneResult, type FineTuneSettings } from '../qat/fine-tune'
import { GraphModel } from '../qat/graph-model'
import { ClusteredWeight, type WeightProvider } from '../qat/weight-provider'
import { prunableWeights } from '../prune/prunable'
import { clusterToK } from './kmeans-1d'

export interface ClusterOptions extends FineTuneSettings {
  /** Bits per weight index before Huffman coding: 2^bits centres per layer (1…8). */
  readonly bits: number
}

export interface ClusterResult {
  readonly floatGraph: ModelGraph
  /** Indices of the clustered weight tensors. */
  readonly tensors: readonly number[]
  readonly fit: FineTuneResult
}

/** A layer counts as pruned when at least this share of its weights is exactly zero. */
const PRUNED_SHARE = 0.1

/**
 * The initial clustering of one tensor: centres (the zero last and frozen for a pruned layer) and indices.
 * A layer with fewer weights than 2^bits cannot be clustered to that size (14201, naming the layer); a
 * layer that already has fewer distinct values than centres (a pruned or tiny layer) keeps its values as
 * they are — each distinct value is a centre — which loses nothing.
 */
export function initialClusters(values: Float32Array, bits: number, name: string) {
  if (!Number.isInteger(bits) || bits < 1 || bits > 8)
    throw new MoteFailure(
      CompressErrorCode.BadClusterBits,
      `Clustering takes 1 to 8 bits per weight, not ${bits}.`,
    )
  const k = 2 ** bits
  if (values.length < k)
    throw new MoteFailure(
      CompressErrorCode.TooManyClusters,
      `Layer "${name}" has ${values.length} weights, fewer than the ${k} clusters of ${bits}-bit clustering. Use at most ${Math.max(1, Math.floor(Math.log2(values.length)))} bits.`,
    )
  const zeros = values.reduce((n, v) => n + (v === 0 ? 1 : 0), 0)
  const pruned = zeros / values.length >= PRUNED_SHARE
  const source = pruned ? values.filter((v) => v !== 0) : values
  const wanted = pruned ? k - 1 : k
  const clustering =
    new Set(source).size <= wanted ? exactClusters(source) : clusterToK(source, wanted, 100, bits)
  if (!pruned)
    return { centroids: clustering.centroids, indices: clustering.indices, frozen: new Set<number>() }
  const zero = clustering.centroids.length
  const centroids = Float32Array.from([...clustering.centroids, 0])
  const indices = new Uint8Array(values.length).fill(zero)
  let at = 0
  values.forEach((v, i) => v !== 0 && (indices[i] = clustering.indices[at++]!))
  return { centroids, indices, frozen: new Set([zero]) }
}

/** Each distinct value its own centre: the clustering of a layer that is already shared. */
function exactClusters(values: Float32Array) {
  const centroids = Float32Array.from(new Set(values)).sort()
  const position = new Map([...centroids].map((c, i) => [c, i]))
  return { centroids, indices: Uint8Array.from(values, (v) => position.get(v)!) }
}

export async function clusterAndFineTune(
  graph: ModelGraph,
  train: TrainWindows,
  validation: TrainWindows,
  classes: number,
  options: ClusterOptions,
  run: FineTuneOptions = {},
): Promise<ClusterResult> {
  const tensors = prunableWeights(graph)
  const providers = new Map<number, WeightProvider>()
  for (const t of tensors) {
    const tensor = graph.tensors[t]!
    const { centroids, indices, frozen } = initialClusters(
      tensor.data as Float32Array,
      options.bits,
      tensor.name,
    )
    providers.set(t, new ClusteredWeight(tensor.shape, centroids, indices, frozen))
  }
  const model = new GraphModel(graph, providers)
  try {
    const fit = await fineTune(model, train, validation, classes, options, run)
    const floatGraph = model.toGraph(
      `clustered to ${options.bits} bits per weight: ${graph.description ?? 'model'}`,
    )
    return { floatGraph, tensors, fit }
  } finally {
    model.dispose()
  }
}
