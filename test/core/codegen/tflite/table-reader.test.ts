import { ByteBuffer } from 'flatbuffers'
import { describe, expect, it } from 'vitest'
import { isMoteFailure } from '../../../../src/shared/errors'
import { CodegenErrorCode } from '../../../../src/shared/api/codegen'
import { readTflite } from '../../../../src/core/codegen/tflite/reader'
import { TableReader } from '../../../../src/core/codegen/tflite/table-reader'
import { mlperfTinyBytes } from '../../../fixtures/mlperf-tiny'
import { watchReads } from './read-watch'

// Field numbers from schema.fbs, written out here rather than imported from the reader.
const MODEL_SUBGRAPHS = 2
const SUBGRAPH_TENSORS = 0
const TENSOR_TYPE_SLOT = 4 + 2 * 1

/** The KWS model with `patch` applied to a copy; `view` addresses the copy, `tensor` is the first tensor's position. */
function patchedKws(patch: (view: DataView, tensor: number, vtable: number) => void): Uint8Array {
  const bytes = mlperfTinyBytes('kws_ref_model.tflite').slice()
  const bb = new ByteBuffer(bytes)
  const tensor = new TableReader(bb, bb.readInt32(0)).tables(MODEL_SUBGRAPHS)[0]!.tables(SUBGRAPH_TENSORS)[0]!
  const view = new DataView(bytes.buffer)
  patch(view, tensor.pos, tensor.pos - view.getInt32(tensor.pos, true))
  return bytes
}

function expectCorruptWithoutReadingOutside(bytes: Uint8Array, detail: RegExp): void {
  const watched = watchReads(() => readTflite(bytes))
  expect(watched.outside).toEqual([])
  expect(isMoteFailure(watched.error)).toBe(true)
  expect(watched.error).toMatchObject({ code: CodegenErrorCode.TfliteCorrupt })
  expect((watched.error as { detail: string }).detail).toMatch(detail)
}

describe('the .tflite table reader on damaged tables', () => {
  it('reads the four MLPerf Tiny models without a single read outside the file', () => {
    for (const file of ['kws_ref_model.tflite', 'vww_96_int8.tflite', 'ad01_int8.tflite']) {
      const watched = watchReads(() => readTflite(mlperfTinyBytes(file)))
      expect(watched.error).toBeUndefined()
      expect(watched.outside).toEqual([])
    }
  })

  it('refuses a field whose vtable offset points past the end of the file, instead of reading it as zero', () => {
    const bytes = patchedKws((view, tensor, vtable) =>
      view.setUint16(vtable + TENSOR_TYPE_SLOT, Math.min(0xffff, view.byteLength - tensor + 16), true),
    )
    expectCorruptWithoutReadingOutside(bytes, /field 1 of the table at \d+ lies outside the table/)
  })

  it('refuses a field that lies inside the file but outside its own table', () => {
    const bytes = patchedKws((view, _tensor, vtable) => {
      const inline = view.getUint16(vtable + 2, true)
      view.setUint16(vtable + TENSOR_TYPE_SLOT, inline, true)
    })
    expectCorruptWithoutReadingOutside(bytes, /lies outside the table/)
  })

  it('refuses a vector whose length word lies outside the file before reading it', () => {
    const bytes = patchedKws((view, tensor, vtable) => {
      const shapeField = tensor + view.getUint16(vtable + 4, true)
      view.setInt32(shapeField, -shapeField - 1000, true)
    })
    expectCorruptWithoutReadingOutside(bytes, /length of vector field 0 .* lies outside the \d+-byte file/)
  })

  it('refuses a vtable that claims to be longer than the file', () => {
    const bytes = patchedKws((view, _tensor, vtable) => view.setUint16(vtable, 0xfffe, true))
    expectCorruptWithoutReadingOutside(bytes, /vtable of the table at \d+/)
  })
})
