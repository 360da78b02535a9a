import { describe, expect, it } from 'vitest'
import { estimateBoards } from '../../src/core/boards/estimate'
import { designWorkload } from '../../src/core/boards/estimate-design'
import {
  formatEnergy,
  formatLife,
  formatMs,
  usePercent,
  visibleEstimates,
} from '../../src/renderer/components/boards/estimate-rows'
import { keywordsLikeDesign } from '../core/boards/estimate-fixtures'

const rows = estimateBoards(designWorkload(keywordsLikeDesign(2)), { inferencesPerSecond: 1 })

describe('the estimate panel’s rows', () => {
  it('keep the estimator’s order, or put fitting boards first, or the fastest first', () => {
    expect(visibleEstimates(rows, 'catalog', false).map((r) => r.boardId)).toEqual(rows.map((r) => r.boardId))
    const fits = visibleEstimates(rows, 'fits', false)
    const firstMisfit = fits.findIndex((r) => !r.fits)
    expect(firstMisfit).toBeGreaterThan(0)
    expect(fits.slice(firstMisfit).every((r) => !r.fits)).toBe(true)
    const fast = visibleEstimates(rows, 'latency', false).map((r) => r.latency.totalMs)
    expect(fast).toEqual([...fast].sort((a, b) => a - b))
  })

  it('hide the boards the pipeline does not fit when asked', () => {
    const shown = visibleEstimates(rows, 'catalog', true)
    expect(shown.every((r) => r.fits)).toBe(true)
    expect(shown.length).toBe(rows.filter((r) => r.fits).length)
    expect(shown.some((r) => r.boardId === 'uno')).toBe(false)
  })

  it('format milliseconds, energy, battery life and bar shares with their units', () => {
    expect([formatMs(0.4234), formatMs(17.84), formatMs(4210.4)]).toEqual(['0.42 ms', '17.8 ms', '4210 ms'])
    expect([formatEnergy(927.2), formatEnergy(21_900), formatEnergy(3.4e6)]).toEqual([
      '927 µJ',
      '21.9 mJ',
      '3.4 J',
    ])
    expect([formatLife(5.24), formatLife(552), formatLife(24 * 365 * 3.1)]).toEqual([
      '5.2 h',
      '23 d',
      '3.1 y',
    ])
    expect([usePercent(512, 2048), usePercent(4096, 2048), usePercent(1, 0)]).toEqual([25, 100, 100])
  })
})
