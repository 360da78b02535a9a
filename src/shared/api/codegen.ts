/**
 * Code generation and the .tflite reader and writer. No API of their own yet (compression and the coming
 * deploy step call them in the main process); their errors reach the user through those, so they are
 * listed here with every other service's.
 */

/**
 * Codegen / .tflite errors: the 15xxx block (docs/architecture.md, docs/tflite.md). 15001–15049: reading
 * a .tflite; 15050–15099: writing one; 15100–15149: turning graph ops into C runtime kernel calls and
 * generating model code (src/core/codegen/c, docs/codegen.md).
 */
export const CodegenErrorCode = {
  /** Not a TFLite flatbuffer, or truncated / internally inconsistent. */
  TfliteCorrupt: 15001,
  /** An operator the IR (and so the reference interpreter and code generation) does not have. */
  TfliteUnsupportedOp: 15002,
  /** A tensor element type the IR does not have (e.g. INT64, FLOAT16, STRING). */
  TfliteUnsupportedTensorType: 15003,
  /** A supported operator with options the IR cannot express (e.g. a TANH fused activation). */
  TfliteUnsupportedOption: 15004,
  /** A model feature outside the supported subset (several subgraphs, sparse or dynamic tensors). */
  TfliteUnsupportedModel: 15005,
  /** The graph cannot be written as .tflite (inconsistent tensor references or data). */
  TfliteWriteInvalidGraph: 15050,
  /** An op / dtype combination the C runtime has no kernel for. */
  CKernelUnsupported: 15101,
  /** A parameter the C kernels cannot take (a requantization shift outside [−31, 30]). */
  CKernelParameterOutOfRange: 15102,
  /** A model whose arena or constants exceed a board's SRAM or flash (src/core/codegen/c/board-fit.ts). */
  ModelDoesNotFit: 15103,
  /** A C prefix for generated code that is not a lowercase C identifier of at most 31 characters. */
  InvalidPrefix: 15104,
  /** Huffman-coded weights the generator cannot use (not an int8 weight tensor of the graph). */
  UnusableCodedWeights: 15105,
} as const
