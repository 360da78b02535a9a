/**
 * Error codes of the .tflite reader and writer, in the codegen block (15xxx, docs/architecture.md).
 * 15001–15049: reading; 15050–15099: writing.
 */
export const TfliteErrorCode = {
  /** Not a TFLite flatbuffer, or truncated / internally inconsistent. */
  Corrupt: 15001,
  /** An operator the IR (and so the reference interpreter and code generation) does not have. */
  UnsupportedOp: 15002,
  /** A tensor element type the IR does not have (e.g. INT64, FLOAT16, STRING). */
  UnsupportedTensorType: 15003,
  /** A supported operator with options the IR cannot express (e.g. a TANH fused activation). */
  UnsupportedOption: 15004,
  /** A model feature outside the supported subset (several subgraphs, sparse or dynamic tensors). */
  UnsupportedModel: 15005,
  /** The graph cannot be written as .tflite (inconsistent tensor references or data). */
  WriteInvalidGraph: 15050,
} as const
export type TfliteErrorCodeName = keyof typeof TfliteErrorCode
