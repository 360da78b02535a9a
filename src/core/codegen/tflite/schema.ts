/**
 * The subset of TFLite's `schema.fbs` that the reader and writer use, written by hand against the
 * `flatbuffers` runtime (flatc is not available on our build machines, and generated code for the whole
 * schema would be ~20k lines for the ~15 tables we touch).
 *
 * Source: tensorflow/tflite-micro `tensorflow/lite/schema/schema.fbs` (schema version 3, revision 3c,
 * file identifier "TFL3"). Field numbers below are the declaration order in that file; a field's vtable
 * slot is 4 + 2·field. A union field takes two numbers: `<name>_type` (a ubyte) and then the value.
 */

export const TFLITE_FILE_IDENTIFIER = 'TFL3'
export const TFLITE_SCHEMA_VERSION = 3

/** vtable offset of field number `field` (flatbuffers layout). */
export function slot(field: number): number {
  return 4 + 2 * field
}

export const ModelField = {
  version: 0,
  operatorCodes: 1,
  subgraphs: 2,
  description: 3,
  buffers: 4,
  metadataBuffer: 5,
  metadata: 6,
  signatureDefs: 7,
  count: 8,
} as const

export const SubGraphField = { tensors: 0, inputs: 1, outputs: 2, operators: 3, name: 4, count: 5 } as const

export const TensorField = {
  shape: 0,
  type: 1,
  buffer: 2,
  name: 3,
  quantization: 4,
  isVariable: 5,
  sparsity: 6,
  shapeSignature: 7,
  hasRank: 8,
  variantTensors: 9,
  count: 10,
} as const

export const QuantizationField = {
  min: 0,
  max: 1,
  scale: 2,
  zeroPoint: 3,
  detailsType: 4,
  details: 5,
  quantizedDimension: 6,
  count: 7,
} as const

export const OperatorCodeField = {
  deprecatedBuiltinCode: 0,
  customCode: 1,
  version: 2,
  builtinCode: 3,
  count: 4,
} as const

export const OperatorField = {
  opcodeIndex: 0,
  inputs: 1,
  outputs: 2,
  builtinOptionsType: 3,
  builtinOptions: 4,
  customOptions: 5,
  customOptionsFormat: 6,
  mutatingVariableInputs: 7,
  intermediates: 8,
  largeCustomOptionsOffset: 9,
  largeCustomOptionsSize: 10,
  builtinOptions2Type: 11,
  builtinOptions2: 12,
  count: 5, // the writer only emits fields 0–4
} as const

export const BufferField = { data: 0, offset: 1, size: 2, count: 1 } as const

/** `enum TensorType : byte`, the members the IR has. */
export const TensorType = { FLOAT32: 0, INT32: 2, UINT8: 3, INT16: 7, INT8: 9 } as const

/** `enum BuiltinOperator`, the members the IR has. */
export const BuiltinOperator = {
  ADD: 0,
  AVERAGE_POOL_2D: 1,
  CONV_2D: 3,
  DEPTHWISE_CONV_2D: 4,
  DEQUANTIZE: 6,
  FULLY_CONNECTED: 9,
  MAX_POOL_2D: 17,
  RELU: 19,
  RELU6: 21,
  RESHAPE: 22,
  SOFTMAX: 25,
  QUANTIZE: 114,
  /** Codes below this may live in the old byte field `deprecated_builtin_code`. */
  PLACEHOLDER_FOR_GREATER_OP_CODES: 127,
} as const

/** `union BuiltinOptions`: the type tag of each options table we read or write (1-based; 0 is NONE). */
export const BuiltinOptions = {
  NONE: 0,
  Conv2DOptions: 1,
  DepthwiseConv2DOptions: 2,
  Pool2DOptions: 5,
  FullyConnectedOptions: 8,
  SoftmaxOptions: 9,
  AddOptions: 11,
  ReshapeOptions: 17,
  DequantizeOptions: 38,
  QuantizeOptions: 89,
} as const

/** `enum Padding : byte`. */
export const Padding = { SAME: 0, VALID: 1 } as const

/** `enum ActivationFunctionType : byte`. */
export const Activation = { NONE: 0, RELU: 1, RELU_N1_TO_1: 2, RELU6: 3, TANH: 4, SIGN_BIT: 5 } as const

export const Conv2DOptionsField = {
  padding: 0,
  strideW: 1,
  strideH: 2,
  fusedActivation: 3,
  dilationW: 4,
  dilationH: 5,
  quantizedBiasType: 6,
  count: 6,
} as const

export const DepthwiseConv2DOptionsField = {
  padding: 0,
  strideW: 1,
  strideH: 2,
  depthMultiplier: 3,
  fusedActivation: 4,
  dilationW: 5,
  dilationH: 6,
  count: 7,
} as const

export const Pool2DOptionsField = {
  padding: 0,
  strideW: 1,
  strideH: 2,
  filterWidth: 3,
  filterHeight: 4,
  fusedActivation: 5,
  count: 6,
} as const

export const FullyConnectedOptionsField = {
  fusedActivation: 0,
  weightsFormat: 1,
  keepNumDims: 2,
  asymmetricQuantizeInputs: 3,
  quantizedBiasType: 4,
  count: 3,
} as const

export const SoftmaxOptionsField = { beta: 0, count: 1 } as const
export const AddOptionsField = { fusedActivation: 0, potScaleInt16: 1, count: 1 } as const
export const ReshapeOptionsField = { newShape: 0, count: 1 } as const
