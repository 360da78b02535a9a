/**
 * The .tflite reader: a TFLite flatbuffer (schema version 3) → `ModelGraph`.
 *
 * Supported: one subgraph; tensor types FLOAT32, INT8, INT32 (and UINT8/INT16 tensors, which the IR holds
 * but the interpreter does not run); the builtin ops CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED,
 * AVERAGE_POOL_2D, MAX_POOL_2D, ADD, RESHAPE, SOFTMAX, RELU, RELU6, QUANTIZE, DEQUANTIZE with fused NONE / RELU /
 * RELU6 activations. Tensors keep the file's order and indices, so tensor counts match the file.
 *
 * The builtin code of an `OperatorCode` is max(deprecated_builtin_code, builtin_code), as TFLite's
 * `GetBuiltinCode` (tensorflow/lite/schema/schema_utils.cc) computes it: older converters wrote only the
 * byte field, newer ones write both.
 *
 * Everything the IR cannot hold fails with a `MoteFailure` in the 15xxx block naming what was found.
 */
import { CodegenErrorCode } from '../../../shared/api/codegen'
import { ByteBuffer } from 'flatbuffers'
import { MoteFailure } from '../../../shared/errors'
import type { ModelGraph, Op, Tensor } from '../../model/graph'
import { builtinOperatorLabel, builtinOperatorName } from './builtin-names'
import { readOp, SUPPORTED_BUILTINS, SUPPORTED_OP_NAMES } from './reader-ops'
import { readTensor } from './reader-tensors'
import {
  ModelField,
  OperatorCodeField,
  OperatorField,
  SubGraphField,
  TFLITE_FILE_IDENTIFIER,
  TFLITE_SCHEMA_VERSION,
} from './schema'
import { corrupt, TableReader } from './table-reader'

/** An entry of the model's operator_codes table. */
interface OperatorCode {
  readonly builtin: number
  readonly custom?: string
}

function readOperatorCode(table: TableReader): OperatorCode {
  const deprecated = table.int8(OperatorCodeField.deprecatedBuiltinCode)
  const builtin = Math.max(deprecated, table.int32(OperatorCodeField.builtinCode))
  const custom = table.string(OperatorCodeField.customCode)
  return custom === undefined ? { builtin } : { builtin, custom }
}

/** "LSTM", "builtin operator 230" (a code newer than our table), or 'custom "MyOp"'. */
function label(code: OperatorCode): string {
  return code.custom !== undefined ? `custom "${code.custom}"` : builtinOperatorName(code.builtin)
}

function openModel(bytes: Uint8Array): TableReader {
  if (bytes.length < 8) throw corrupt(`only ${bytes.length} bytes`)
  const bb = new ByteBuffer(bytes)
  if (!bb.__has_identifier(TFLITE_FILE_IDENTIFIER)) throw corrupt('missing the "TFL3" file identifier')
  const model = new TableReader(bb, bb.readInt32(0))
  const version = model.uint32(ModelField.version)
  if (version !== TFLITE_SCHEMA_VERSION) {
    throw new MoteFailure(
      CodegenErrorCode.TfliteUnsupportedModel,
      `This model uses TFLite schema version ${version}; Mote reads version ${TFLITE_SCHEMA_VERSION}. ` +
        'Convert it again with a current TensorFlow.',
    )
  }
  return model
}

function checkIndex(index: number, count: number, what: string, optional = false): number {
  if ((optional && index === -1) || (Number.isInteger(index) && index >= 0 && index < count)) return index
  throw corrupt(`${what} refers to tensor ${index} of ${count}`)
}

/** Refuses a model with any operator the IR lacks, listing each once with its count: "LSTM ×2, GELU". */
function rejectUnsupported(operators: readonly TableReader[], codes: readonly OperatorCode[]): void {
  const counts = new Map<string, number>()
  for (const operator of operators) {
    const code = codes[operator.uint32(OperatorField.opcodeIndex)]
    if (!code) throw corrupt('an operator refers to a missing operator code')
    if (code.custom !== undefined || !SUPPORTED_BUILTINS.has(code.builtin)) {
      counts.set(label(code), (counts.get(label(code)) ?? 0) + 1)
    }
  }
  if (counts.size === 0) return
  const list = [...counts].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name)).join(', ')
  throw new MoteFailure(
    CodegenErrorCode.TfliteUnsupportedOp,
    `Mote cannot run this model: unsupported ops: ${list}. Mote runs ${SUPPORTED_OP_NAMES}; convert ` +
      'the model with those ops only.',
  )
}

function readOps(
  operators: readonly TableReader[],
  codes: readonly OperatorCode[],
  tensors: readonly Tensor[],
) {
  return operators.map((operator, index): Op => {
    const code = codes[operator.uint32(OperatorField.opcodeIndex)]?.builtin ?? -1
    const where = `operator ${index} (${builtinOperatorLabel(code)})`
    const inputs = operator
      .int32s(OperatorField.inputs)
      .map((t) => checkIndex(t, tensors.length, where, true))
    const outputs = operator.int32s(OperatorField.outputs).map((t) => checkIndex(t, tensors.length, where))
    return readOp({ code, operator, inputs, outputs, tensors })
  })
}

/**
 * Parse a .tflite file. The returned graph's constant tensors view `bytes` without copying (see
 * reader-tensors.ts); the caller must not modify `bytes` while the graph is in use.
 */
export function readTflite(bytes: Uint8Array): ModelGraph {
  const model = openModel(bytes)
  const subgraphs = model.tables(ModelField.subgraphs)
  const subgraph = subgraphs[0]
  if (!subgraph) throw corrupt('no subgraph')
  if (subgraphs.length > 1) {
    throw new MoteFailure(
      CodegenErrorCode.TfliteUnsupportedModel,
      `This model has ${subgraphs.length} subgraphs (control flow); Mote reads single-subgraph models only.`,
    )
  }
  const codes = model.tables(ModelField.operatorCodes).map(readOperatorCode)
  const operators = subgraph.tables(SubGraphField.operators)
  rejectUnsupported(operators, codes)
  const buffers = model.tables(ModelField.buffers)
  const tensors = subgraph.tables(SubGraphField.tensors).map((t) => readTensor(t, buffers, bytes))
  const ops = readOps(operators, codes, tensors)
  const inputs = subgraph
    .int32s(SubGraphField.inputs)
    .map((t) => checkIndex(t, tensors.length, 'the model input'))
  const outputs = subgraph
    .int32s(SubGraphField.outputs)
    .map((t) => checkIndex(t, tensors.length, 'the model output'))
  const description = model.string(ModelField.description)
  const graph: ModelGraph = { tensors, ops, inputs, outputs }
  return description === undefined ? graph : { ...graph, description }
}
