/** `mote estimate`'s work, loaded by commands/estimate.ts only when the command runs (the CLI starts fast). */
import { findBoard } from '../../core/boards/board-lookup'
import { BOARDS } from '../../core/boards/catalog'
import { estimateBoards, formatBytes, type BoardEstimate } from '../../core/boards/estimate'
import { designWorkload, type DesignWorkload } from '../../core/boards/estimate-design'
import { measurementsOf } from '../../core/boards/estimate-measurements'
import { parseProjectDesign } from '../../core/train/design'
import type { Variant } from '../../shared/api/compress'
import { createCliServices } from '../cli-services'
import { UsageError, type Output } from '../output'

export interface EstimateCliOptions {
  project: string
  board?: string
  variant?: string
  rate?: string
  json?: boolean
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2))

function life(hours: number): string {
  if (!Number.isFinite(hours)) return '—'
  if (hours >= 48) return `${(hours / 24).toFixed(hours >= 240 ? 0 : 1)} d`
  return `${hours.toFixed(1)} h`
}

function row(e: BoardEstimate): string[] {
  const { flash, ram } = e.memory
  const cr2032 = e.energy?.batteries.find((b) => b.battery === 'cr2032')
  const aa = e.energy?.batteries.find((b) => b.battery === 'aa2')
  return [
    e.boardId,
    e.fits ? 'fits' : 'NO',
    `${formatBytes(flash.usedBytes)} / ${formatBytes(flash.limitBytes)}`,
    `${formatBytes(ram.usedBytes)} / ${formatBytes(ram.limitBytes)}`,
    `${ms(e.latency.totalMs)} ms`,
    e.latency.kind === 'calibrated' ? 'calibrated' : 'estimated',
    e.energy ? `${e.energy.microjoulesPerInference.toFixed(0)} µJ` : '—',
    cr2032 ? life(cr2032.hours) + (cr2032.needsBoost ? '*' : '') : '—',
    aa ? life(aa.hours) + (aa.needsBoost ? '*' : '') : '—',
  ]
}

/** The estimate table as text, one row per board, then the problems of the boards that do not fit. */
export function describeEstimates(
  estimates: readonly BoardEstimate[],
  work: DesignWorkload,
  source: string,
): string {
  const head = ['board', 'fits', 'flash', 'RAM', 'latency', 'kind', 'energy', 'CR2032', '2×AA']
  const rows = estimates.map(row)
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) =>
    cells.map((c, i) => (i >= 2 && i !== 5 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ')
  const problems = estimates.flatMap((e) => e.problems.map((p) => `  ${e.boardId}: ${p}`))
  const calibrated = estimates.flatMap(({ boardId, latency: { calibration: c, modelOnlyMs } }) =>
    c
      ? [
          `  ${boardId}: × ${c.factor.toFixed(3)} (median of ${c.runs} run${c.runs === 1 ? '' : 's'} measured on ${c.device ?? 'the board'}); the cost model alone says ${ms(modelOnlyMs)} ms`,
        ]
      : [],
  )
  return [
    `${source}; ${work.inferencesPerSecond.toFixed(2)} inferences/s; MCU currents only.`,
    line(head),
    ...rows.map(line),
    ...(problems.length > 0 ? ['', 'Does not fit:', ...problems] : []),
    ...(calibrated.length > 0 ? ['', 'Calibrated by on-device tests:', ...calibrated] : []),
    '',
    'Latency: the cost model per core family (docs/estimate.md), calibrated by the on-device tests stored in the project; * needs a boost converter from this cell.',
  ].join('\n')
}

function pickVariant(variants: readonly Variant[], wanted: string | undefined, chosenId: string | null) {
  if (wanted === undefined) return variants.find((v) => v.id === chosenId && !v.stale)
  const found = variants.find((v) => v.id === wanted)
  if (!found)
    throw new UsageError(
      `There is no variant "${wanted}" in this project. Variants: ${variants.map((v) => v.id).join(', ') || 'none'}.`,
    )
  return found
}

function parseRate(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const rate = Number(text)
  if (!Number.isFinite(rate) || rate <= 0)
    throw new UsageError(`--rate must be a positive number of inferences per second, not "${text}".`)
  return rate
}

/** `mote estimate --project DIR [--board B] [--variant V] [--rate R] [--json]` (issue 13). */
export async function runEstimate(opts: EstimateCliOptions, out: Output): Promise<void> {
  if (opts.board !== undefined && !findBoard(opts.board))
    throw new UsageError(`Unknown board "${opts.board}". Boards: ${BOARDS.map((b) => b.id).join(', ')}.`)
  const rate = parseRate(opts.rate)
  const services = createCliServices()
  try {
    await services.project.open(opts.project)
    const state = await services.design.get()
    const raw = state.design ?? state.suggested
    if (raw === null) throw new UsageError('The project has no design yet: capture or import samples first.')
    const design = parseProjectDesign(raw)
    const status = await services.compress.status()
    const variant = pickVariant(status.variants, opts.variant, status.chosenId)
    const work = designWorkload(design, variant && { ...variant.metrics, dtype: variant.dtype })
    const boards = opts.board ? [findBoard(opts.board)!] : BOARDS
    // The project's on-device tests calibrate their boards' latency (docs/estimate.md).
    const measurements = measurementsOf(await services.deploy.measuredRuns(), design, status.variants)
    const estimates = estimateBoards(
      work,
      { inferencesPerSecond: rate ?? work.inferencesPerSecond, measurements },
      [],
      boards,
    )
    const source = variant ? `Variant ${variant.id} (${variant.name})` : 'The design as int8'
    out.data({ source, inferencesPerSecond: rate ?? work.inferencesPerSecond, estimates }, () =>
      describeEstimates(
        estimates,
        { ...work, inferencesPerSecond: rate ?? work.inferencesPerSecond },
        source,
      ),
    )
  } finally {
    await services.dispose()
  }
}
