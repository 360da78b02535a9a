/**
 * One compression run, whatever the method: from a float graph (the trained model or a base variant's
 * fine-tuned weights) and the project's prepared data to an int8 graph, the fine-tuned float graph (so
 * that another method can start from it) and, for clustering, the Huffman-coded weights. Defaults derive
 * from the design's training settings (batch size, learning rate, seed); fine-tuning puts the design's
 * dropout back (qat/dropout-plan.ts).
 */
import type { CompressMethod, CompressOptions } from '../../../shared/api/compress'
import type { ModelSpec } from '../../model'
import type { ModelGraph } from '../../model/graph'
import type { PreparedData } from '../../train/data-pipeline'
import type { TrainSettings } from '../../train/settings'
import { settingsFor, withDefaults } from './defaults'
import { clusterAndFineTune } from '../cluster/cluster-graph'
import { codeWeights, codedBytes, type CodedWeights } from '../cluster/huffman-weights'
import { distill, studentSpec } from '../distill'
import { postTrainingQuantize, type PtqOptions } from '../ptq/ptq'
import { checkCalibrationSet } from '../ptq/calibration-set'
import { dropoutPlan } from '../qat/dropout-plan'
import { fineTune, type FineTuneOptions, type FineTuneSettings } from '../qat/fine-tune'
import { GraphModel } from '../qat/graph-model'
import { quantizationAwareTraining } from '../qat/qat'
import { magnitudePrune } from '../prune/magnitude-prune'
import { pruneChannels } from '../prune/structured-prune'

export interface MethodInputs {
  readonly floatGraph: ModelGraph
  /** The trained model's spec (the teacher's architecture, for distillation; dropout positions). */
  readonly spec: ModelSpec
  readonly data: PreparedData
  readonly labels: readonly string[]
  readonly training: TrainSettings
}

export interface MethodOutcome {
  readonly graph: ModelGraph
  /** Fine-tuned float weights, when the method changed them. */
  readonly floatGraph?: ModelGraph
  readonly coded: readonly CodedWeights[]
  readonly notes: readonly string[]
}

interface MethodRun {
  readonly inputs: MethodInputs
  readonly options: CompressOptions
  readonly settings: FineTuneSettings
  readonly run: FineTuneOptions
}

function ptqOptions(o: CompressOptions): PtqOptions {
  const r = withDefaults(o)
  return {
    method: r.calibration,
    percentile: r.percentile,
    ...(r.perChannelDense ? { perChannelFullyConnected: true } : {}),
  }
}

/** PTQ of a float graph on the training windows, with a note on the calibration. */
function quantize(graph: ModelGraph, m: MethodRun, extra: Partial<PtqOptions> = {}) {
  const result = postTrainingQuantize(graph, m.inputs.data.train, m.inputs.labels, {
    ...ptqOptions(m.options),
    ...extra,
  })
  const note = `Calibrated on ${result.calibrationWindows} training windows (${withDefaults(m.options).calibration}).`
  return { graph: result.graph, note }
}

async function ptq(m: MethodRun): Promise<MethodOutcome> {
  const q = quantize(m.inputs.floatGraph, m)
  return { graph: q.graph, coded: [], notes: [q.note] }
}

async function qat(m: MethodRun): Promise<MethodOutcome> {
  const { inputs, options, settings } = m
  const r = await quantizationAwareTraining(
    inputs.floatGraph,
    inputs.data.train,
    inputs.data.validation,
    inputs.labels,
    { ...settings, ...ptqOptions(options), calibration: withDefaults(options).calibration },
    m.run,
  )
  const note = `Fine-tuned ${settings.epochs} epochs with fake quantization; kept epoch ${r.fit.bestEpoch}.`
  return { graph: r.graph, floatGraph: r.floatGraph, coded: [], notes: [note] }
}

async function distillMethod(m: MethodRun): Promise<MethodOutcome> {
  const { inputs, options, settings } = m
  const classes = inputs.labels.length
  const { width, temperature, alpha } = withDefaults(options)
  const spec = studentSpec(inputs.spec, classes, {
    ...(options.studentPreset ? { preset: options.studentPreset } : {}),
    width,
  })
  const { train, validation } = inputs.data
  const r = await distill(
    inputs.floatGraph,
    spec,
    train,
    validation,
    classes,
    { ...settings, temperature, alpha },
    m.run,
  )
  const q = quantize(r.floatGraph, m)
  const note = `Student trained ${settings.epochs} epochs (T = ${temperature}, α = ${alpha}); kept epoch ${r.bestEpoch}.`
  return { graph: q.graph, floatGraph: r.floatGraph, coded: [], notes: [note, q.note] }
}

async function cluster(m: MethodRun): Promise<MethodOutcome> {
  const { inputs, options, settings } = m
  const { bits } = withDefaults(options)
  const { train, validation } = inputs.data
  const classes = inputs.labels.length
  const r = await clusterAndFineTune(
    inputs.floatGraph,
    train,
    validation,
    classes,
    { ...settings, bits },
    m.run,
  )
  const q = quantize(r.floatGraph, m, { perTensorWeights: new Set(r.tensors) })
  // A small layer's Huffman header and codebook can outweigh what coding saves: it stays plain int8.
  const all = r.tensors.map((t) => codeWeights(q.graph, t))
  const coded = all.filter((c) => codedBytes(c) < q.graph.tensors[c.tensor]!.data!.length)
  const notes = all.map((c) => {
    const n = q.graph.tensors[c.tensor]!.data!.length
    return coded.includes(c)
      ? `${c.name}: ${c.codebook.length} values, Huffman ${c.block.length} B + codebook ${c.codebook.length} B = ${codedBytes(c)} B for ${n} weights.`
      : `${c.name}: ${c.codebook.length} values, kept as ${n} B of int8 (coding would take ${codedBytes(c)} B).`
  })
  const head = `${bits}-bit clusters fine-tuned ${settings.epochs} epochs; kept epoch ${r.fit.bestEpoch}.`
  return { graph: q.graph, floatGraph: r.floatGraph, coded, notes: [head, ...notes, q.note] }
}

/** Structured pruning (filters) first, then magnitude pruning of what is left, in one fine-tuning run. */
async function prune(m: MethodRun): Promise<MethodOutcome> {
  const { inputs, options, settings, run } = m
  const { train, validation } = inputs.data
  const classes = inputs.labels.length
  const { filters, sparsity } = withDefaults(options)
  const notes: string[] = []
  let graph = inputs.floatGraph
  if (filters > 0) {
    const pruned = pruneChannels(graph, filters)
    graph = pruned.graph
    notes.push(
      `Removed filters/neurons: ${pruned.removed.map((r) => `${r.layer} ${r.from} → ${r.to}`).join(', ')}.`,
    )
  }
  let tuned: ModelGraph
  if (sparsity > 0) {
    const r = await magnitudePrune(graph, train, validation, classes, { ...settings, sparsity }, run)
    tuned = r.floatGraph
    notes.push(
      `Magnitude pruning to ${(r.sparsity * 100).toFixed(1)} % zero weights (polynomial schedule), kept epoch ${r.fit.bestEpoch}.`,
    )
  } else {
    const model = new GraphModel(graph)
    try {
      const fit = await fineTune(model, train, validation, classes, settings, run)
      tuned = model.toGraph()
      notes.push(`Fine-tuned ${settings.epochs} epochs; kept epoch ${fit.bestEpoch}.`)
    } finally {
      model.dispose()
    }
  }
  const q = quantize(tuned, m)
  return { graph: q.graph, floatGraph: tuned, coded: [], notes: [...notes, q.note] }
}

const METHODS: Record<CompressMethod, (m: MethodRun) => Promise<MethodOutcome>> = {
  ptq,
  qat,
  prune,
  distill: distillMethod,
  cluster,
}

export async function runMethod(
  method: CompressMethod,
  options: CompressOptions,
  inputs: MethodInputs,
  run: FineTuneOptions = {},
): Promise<MethodOutcome> {
  checkCalibrationSet(inputs.data.train.labels, inputs.labels)
  return METHODS[method]({
    inputs,
    options,
    settings: settingsFor(method, options, inputs.training),
    // Fine-tuning regularizes as the training did: dropout back where the design had it.
    run: { dropout: dropoutPlan(inputs.spec, inputs.floatGraph), ...run },
  })
}
