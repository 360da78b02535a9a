import { describe, expect, it } from 'vitest'
import { estimateBoards } from '../../src/core/boards/estimate'
import { designWorkload } from '../../src/core/boards/estimate-design'
import { measurementOf } from '../../src/renderer/composables/measured-latency'
import type { Variant } from '../../src/shared/api/compress'
import type { DeployReport } from '../../src/shared/api/device-test'
import { gesturesLikeDesign } from '../core/boards/estimate-fixtures'

const design = gesturesLikeDesign()
const variant = {
  id: 'v-int8',
  name: 'int8',
  dtype: 'int8',
  metrics: { weightsFlashBytes: 1400, peakActivationBytes: 64 },
} as unknown as Variant

function report(dspMs: number, modelMs: number): DeployReport {
  return {
    createdAt: '2026-12-07T22:00:00Z',
    board: { id: 'virtual-uno', name: 'Virtual Uno (simavr)', port: '/tmp/virtual/uno/tty' },
    variant: { id: 'v-int8', name: 'int8' },
    test: { windows: 12, dspMs: { median: dspMs }, modelMs: { median: modelMs } },
  } as unknown as DeployReport
}

describe('an on-device test as a calibration point', () => {
  it('pairs the board’s median latency with the estimate for the same variant and board', () => {
    const m = measurementOf(report(90, 2.5), design, [variant])!
    expect(m.boardId).toBe('virtual-uno')
    expect(m.measuredMs).toBe(92.5)
    expect(m.device).toBe('Virtual Uno (simavr) (/tmp/virtual/uno/tty)')
    const work = designWorkload(design, { ...variant.metrics, dtype: 'int8' })
    const all = estimateBoards(work, { inferencesPerSecond: 2, measurements: [m] })
    const uno = all.find((e) => e.boardId === 'virtual-uno')!
    expect(uno.latency.kind).toBe('calibrated')
    expect(uno.latency.totalMs).toBeCloseTo(92.5, 9)
    expect(all.find((e) => e.boardId === 'uno')!.latency.kind).toBe('estimated')
  })

  it('gives nothing without a test, for an unknown variant or board, or without a design', () => {
    expect(measurementOf(null, design, [variant])).toBeUndefined()
    expect(measurementOf({ ...report(1, 1), test: undefined }, design, [variant])).toBeUndefined()
    expect(measurementOf(report(1, 1), design, [])).toBeUndefined()
    expect(
      measurementOf({ ...report(1, 1), board: { id: 'teensy', name: 'T', port: 'p' } }, design, [variant]),
    ).toBeUndefined()
    expect(measurementOf(report(1, 1), null, [variant])).toBeUndefined()
  })
})
