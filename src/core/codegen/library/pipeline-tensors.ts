import type { ModelGraph, Tensor } from '../../model/graph'
import { ExportErrorCode } from '../../../shared/api/export'
import { failureMaker } from '../../../shared/errors'
import type { PipelineInput } from './pipeline-types'

const fail = failureMaker(ExportErrorCode)

/**
 * The buffer the DSP blocks' work and the model's arena share (as the inference firmware's `mote_scratch`):
 * the blocks are done before the model's input is written, and the model's output is read before the next
 * window's blocks start. On a 2 KB Uno this is what leaves the stack room the spectral block needs.
 */
export const PIPELINE_SCRATCH = 'mote_pipeline_scratch'

export const tensorElements = (t: Tensor) => t.shape.reduce((a, b) => a * b, 1)

/** The graph's one input or output, int8 or float32 (the pipeline API has one of each). */
export function onlyTensor(graph: ModelGraph, list: readonly number[], what: string): Tensor {
  const tensor = list.length === 1 ? graph.tensors[list[0]!] : undefined
  if (tensor === undefined)
    throw fail(
      'UnsupportedPipeline',
      `The pipeline API takes a model with one ${what}; this one has ${list.length}.`,
    )
  if (tensor.dtype !== 'int8' && tensor.dtype !== 'float32')
    throw fail(
      'UnsupportedPipeline',
      `The model's ${what} is ${tensor.dtype}; the pipeline API takes int8 or float32.`,
    )
  if (tensor.dtype === 'int8' && tensor.quantization?.scale[0] === undefined)
    throw fail('UnsupportedPipeline', `The model's int8 ${what} has no quantization parameters.`)
  return tensor
}

/** The design's features fill the model's input, and the model has one output per label. */
export function checkPipeline(input: PipelineInput): void {
  const inTensor = onlyTensor(input.graph, input.graph.inputs, 'input')
  const outTensor = onlyTensor(input.graph, input.graph.outputs, 'output')
  if (!input.model.source.text.includes(`extern uint8_t ${PIPELINE_SCRATCH}[]`))
    throw new Error(
      'the model code of a library comes from pipelineModelCode (its arena is the pipeline scratch)',
    )
  const features = input.features.code.outputCount
  if (features !== tensorElements(inTensor))
    throw fail(
      'UnsupportedPipeline',
      `The design gives ${features} features but the model reads ${tensorElements(inTensor)} values: retrain the model on this design.`,
    )
  if (tensorElements(outTensor) !== input.labels.length)
    throw fail(
      'UnsupportedPipeline',
      `The model has ${tensorElements(outTensor)} outputs for ${input.labels.length} labels: retrain the model on this design.`,
    )
}
