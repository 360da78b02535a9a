/**
 * Reading TFLite `Tensor` tables (with their `QuantizationParameters` and `Buffer` data) into IR tensors.
 *
 * Constant data is not copied when it can be viewed in place: int8/uint8 data always, int16/int32/float32
 * data when its position in the caller's buffer is aligned for the element size (TFLite aligns buffers to
 * 16 bytes inside the file, so a file read into its own ArrayBuffer is always aligned). The returned
 * tensors therefore alias the caller's bytes, which must not be modified afterwards.
 */
import { CodegenErrorCode } from '../../../shared/api/codegen'
import { MoteFailure } from '../../../shared/errors'
import type { DType, Quantization, Tensor, TensorData } from '../../model/graph'
import { tensorTypeLabel } from './builtin-names'
import { BufferField, QuantizationField, TensorField, TensorType } from './schema'
import { corrupt, type TableReader } from './table-reader'

const DTYPE_OF_TYPE = new Map<number, DType>([
  [TensorType.FLOAT32, 'float32'],
  [TensorType.INT32, 'int32'],
  [TensorType.UINT8, 'uint8'],
  [TensorType.INT16, 'int16'],
  [TensorType.INT8, 'int8'],
])

export const BYTES_PER_ELEMENT: Readonly<Record<DType, number>> = {
  float32: 4,
  int32: 4,
  int16: 2,
  int8: 1,
  uint8: 1,
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/** Typed view (or, when misaligned or on a big-endian host, a little-endian decoded copy) of `bytes`. */
export function typedData(dtype: DType, bytes: Uint8Array): TensorData {
  const size = BYTES_PER_ELEMENT[dtype]
  const count = bytes.length / size
  if (dtype === 'int8') return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length)
  if (dtype === 'uint8') return bytes
  const aligned = bytes.byteOffset % size === 0
  if (LITTLE_ENDIAN && aligned) {
    if (dtype === 'int16') return new Int16Array(bytes.buffer, bytes.byteOffset, count)
    if (dtype === 'int32') return new Int32Array(bytes.buffer, bytes.byteOffset, count)
    return new Float32Array(bytes.buffer, bytes.byteOffset, count)
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length)
  if (dtype === 'int16') return Int16Array.from({ length: count }, (_, i) => view.getInt16(2 * i, true))
  if (dtype === 'int32') return Int32Array.from({ length: count }, (_, i) => view.getInt32(4 * i, true))
  return Float32Array.from({ length: count }, (_, i) => view.getFloat32(4 * i, true))
}

function readQuantization(table: TableReader | undefined): Quantization | undefined {
  if (!table) return undefined
  const scale = table.float32s(QuantizationField.scale)
  if (scale.length === 0) return undefined
  const zeroPoint = table.int64s(QuantizationField.zeroPoint)
  if (zeroPoint.length !== scale.length) {
    throw corrupt(`quantization has ${scale.length} scales but ${zeroPoint.length} zero points`)
  }
  if (scale.length === 1) return { scale, zeroPoint }
  return { scale, zeroPoint, axis: table.int32(QuantizationField.quantizedDimension) }
}

/** The bytes of buffer `index` (inside the flatbuffer, or after it for >2 GB models), or undefined if empty. */
function bufferBytes(
  buffers: readonly TableReader[],
  index: number,
  file: Uint8Array,
): Uint8Array | undefined {
  if (index === 0) return undefined
  const buffer = buffers[index]
  if (!buffer) throw corrupt(`tensor refers to buffer ${index} of ${buffers.length}`)
  const offset = buffer.uint64(BufferField.offset)
  if (offset > 1) {
    const size = buffer.uint64(BufferField.size)
    if (offset + size > file.length) throw corrupt(`external buffer ${index} runs past the end of the file`)
    return size > 0 ? file.subarray(offset, offset + size) : undefined
  }
  const data = buffer.bytes(BufferField.data)
  return data.length > 0 ? data : undefined
}

function unsupportedType(name: string, type: number): MoteFailure {
  return new MoteFailure(
    CodegenErrorCode.TfliteUnsupportedTensorType,
    `Tensor "${name}" has type ${tensorTypeLabel(type)}, which Mote cannot run; convert the model with int8 ` +
      'or float32 tensors (int32 for biases).',
  )
}

/** One IR tensor from a TFLite `Tensor` table. */
export function readTensor(table: TableReader, buffers: readonly TableReader[], file: Uint8Array): Tensor {
  const name = table.string(TensorField.name) ?? ''
  const type = table.int8(TensorField.type)
  const dtype = DTYPE_OF_TYPE.get(type)
  if (!dtype) throw unsupportedType(name, type)
  if (table.has(TensorField.sparsity)) {
    throw new MoteFailure(
      CodegenErrorCode.TfliteUnsupportedModel,
      `Tensor "${name}" is stored sparse, which Mote cannot read; convert the model without sparsity.`,
    )
  }
  const shape = table.int32s(TensorField.shape)
  if (shape.some((d) => d < 0)) throw corrupt(`tensor "${name}" has a negative dimension`)
  const quantization = readQuantization(table.table(TensorField.quantization))
  const bytes = bufferBytes(buffers, table.uint32(TensorField.buffer), file)
  const tensor: Tensor = { name, shape, dtype, ...(quantization && { quantization }) }
  if (!bytes) return tensor
  const expected = shape.reduce((a, b) => a * b, 1) * BYTES_PER_ELEMENT[dtype]
  if (bytes.length !== expected) {
    throw corrupt(
      `tensor "${name}" of shape [${shape.join(', ')}] has ${bytes.length} data bytes, not ${expected}`,
    )
  }
  return { ...tensor, data: typedData(dtype, bytes) }
}
