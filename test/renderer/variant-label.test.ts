import { describe, expect, it } from 'vitest'
import { defaultVariantName } from '../../src/core/compress/variants/names'
import { createMoteI18n } from '../../src/renderer/i18n'
import { variantLabel } from '../../src/renderer/compress/variant-label'
import type { CompressOptions, Variant, VariantMethod } from '../../src/shared/api/compress'

function variant(id: string, method: VariantMethod, options: CompressOptions = {}): Variant {
  return { id, method, options } as unknown as Variant
}

const CASES: readonly [VariantMethod, CompressOptions][] = [
  ['float', {}],
  ['ptq', {}],
  ['ptq', { calibration: 'percentile' }],
  ['ptq', { calibration: 'percentile', percentile: 99.9 }],
  ['ptq', { perChannelDense: true }],
  ['qat', { epochs: 3, learningRate: 0.003 }],
  ['distill', { temperature: 2, alpha: 0.9 }],
  ['qat', {}],
  ['prune', {}],
  ['prune', { filters: 0.25 }],
  ['prune', { filters: 0.25, sparsity: 0.8 }],
  ['distill', {}],
  ['distill', { studentPreset: 'ds-cnn', width: 0.25 }],
  ['cluster', { bits: 3 }],
]

describe('variant labels', () => {
  it('read in English exactly as the names the CLI prints and variants are stored with', () => {
    const { t } = createMoteI18n('en').global
    for (const [method, options] of CASES) {
      expect(variantLabel(variant('v-a', method, options), [], t)).toBe(defaultVariantName(method, options))
    }
  })

  it('name the variant they started from, in the same words as the stored name', () => {
    const { t } = createMoteI18n('en').global
    const pruned = variant('v-p', 'prune', { sparsity: 0.8 })
    const clustered = variant('v-c', 'cluster', { bits: 3, from: 'v-p' })
    expect(variantLabel(clustered, [pruned, clustered], t)).toBe(
      defaultVariantName('cluster', { bits: 3 }, defaultVariantName('prune', { sparsity: 0.8 })),
    )
  })

  it('are worded in Chinese with the same settings and defaults', () => {
    const { t } = createMoteI18n('zh-CN').global
    expect(variantLabel(variant('v-a', 'prune', {}), [], t)).toBe('剪枝 稀疏 50 % + int8')
    expect(variantLabel(variant('v-b', 'ptq', { calibration: 'percentile' }), [], t)).toBe(
      'int8 PTQ 量化(百分位 99.99)',
    )
    expect(variantLabel(variant('v-c', 'cluster', {}), [], t)).toBe('4 位聚类 + Huffman + int8')
  })

  it('keep a name the user gave', () => {
    const { t } = createMoteI18n('zh-CN').global
    expect(variantLabel(variant('v-a', 'qat', { name: 'mine' }), [], t)).toBe('mine')
  })
})
