/**
 * The target side of the optimized kernels in TypeScript: the blocked weight layout of the DSP matrix-product
 * kernels, the selector of the Cortex-M targets that applies it, and the choice of runtime files per target.
 */
import { describe, expect, it } from 'vitest'
import { generateModelCode } from '../../../../src/core/codegen/c/generate'
import { blockRowPairs } from '../../../../src/core/codegen/c/targets/blocked-layout'
import { runtimeSourceList } from '../../../../src/core/codegen/c/targets/runtime-variants'
import { readTflite } from '../../../../src/core/codegen/tflite/reader'
import { mlperfTinyBytes } from '../../../fixtures/mlperf-tiny'

describe('the blocked weight layout', () => {
  it('interleaves row pairs by groups of four taps and pads depth with zeros', () => {
    // 3 rows × 5 taps: row r, tap t = 10·(r + 1) + t.
    const m = Int8Array.from({ length: 15 }, (_, i) => 10 * (Math.floor(i / 5) + 1) + (i % 5))
    expect(Array.from(blockRowPairs(m, 3, 5))).toEqual([
      ...[10, 11, 12, 13, 20, 21, 22, 23],
      ...[14, 0, 0, 0, 24, 0, 0, 0],
      ...[30, 31, 32, 33],
      ...[34, 0, 0, 0],
    ])
  })

  it('refuses values that are not rows × depth', () => {
    expect(() => blockRowPairs(new Int8Array(7), 2, 4)).toThrow(/2 × 4 matrix has 8 values, not 7/)
  })
})

describe('the cortex-m4-dsp target', () => {
  const graph = readTflite(mlperfTinyBytes('kws_ref_model.tflite'))
  const portable = generateModelCode({ graph })
  const dsp = generateModelCode({ graph }, { target: 'cortex-m4-dsp' })

  it('keeps every kernel and every other argument, and blocks the matrix-product weights of KWS', () => {
    expect(dsp.choices.map((c) => c.kernel)).toEqual(portable.choices.map((c) => c.kernel))
    dsp.choices.forEach((choice, i) => {
      const theirs = portable.choices[i]!
      choice.args.forEach((arg, k) => {
        const before = theirs.args[k]!
        if (
          arg.kind !== 'const' ||
          before.kind !== 'const' ||
          arg.array.role === 'bias' ||
          arg.array.type !== 'int8_t'
        ) {
          expect(arg).toEqual(before)
          return
        }
        const blocked = /conv2d_1x1|conv2d_patch|fully_connected_folded/.test(choice.kernel)
        const w = choice.params!.value as { window?: { output_c: number }; units?: number }
        const rows = w.window?.output_c ?? w.units!
        const values = before.array.values as Int8Array
        expect(arg.array.values).toEqual(blocked ? blockRowPairs(values, rows, values.length / rows) : values)
      })
    })
  })

  it('generates the same bytes every time', () => {
    expect(generateModelCode({ graph }, { target: 'cortex-m4-dsp' }).source.text).toBe(dsp.source.text)
  })

  it('gives the Cortex-M0+ and M3 targets the same kernels and blocked weights', () => {
    for (const target of ['cortex-m0', 'cortex-m3'] as const) {
      expect(generateModelCode({ graph }, { target }).choices).toEqual(dsp.choices)
    }
  })
})

describe('the runtime files of a target', () => {
  const portable = [
    { name: 'common', files: ['checks.c'] },
    { name: 'int8', files: ['conv2d_stream_s8.c', 'add_s8.c'] },
  ]
  const variants = [
    { name: 'cortex-m4-dsp', files: ['conv2d_stream_s8.c', 'dsp_gemm.c'] },
    { name: 'avr', files: ['add_s8.c'] },
  ]

  it('take each file from the target’s variant directory when it has one, and add its own helpers', () => {
    expect(runtimeSourceList('cortex-m4-dsp', portable, variants)).toEqual([
      'common/checks.c',
      'cortex-m4-dsp/conv2d_stream_s8.c',
      'cortex-m4-dsp/dsp_gemm.c',
      'int8/add_s8.c',
    ])
    expect(runtimeSourceList('portable', portable, variants)).toEqual([
      'common/checks.c',
      'int8/add_s8.c',
      'int8/conv2d_stream_s8.c',
    ])
  })
})
