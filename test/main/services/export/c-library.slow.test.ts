/**
 * The C library export against real clients: Info-ZIP unzips it, gcc builds it from its README's own
 * commands with -std=c99 -Wall -Wextra -Werror, the README's example runs, and the classify example gives
 * the TypeScript int8 reference's output bytes — from supplied features exactly, and from raw windows
 * through the C feature blocks.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runInt8 } from '../../../../src/core/compress/reference'
import { quantizeValue } from '../../../../src/core/compress/quantize/params'
import type { ModelGraph } from '../../../../src/core/model/graph'
import { createExportProject, exportService, type ExportProject, type ExportWindow } from './export-project'
import { fencedBlock, runWithInput, shell, unzipped } from './library-tools'

/** The TypeScript pipeline's output bytes for one window: features → QUANTIZE → the int8 interpreter. */
function referenceOutput(graph: ModelGraph, features: Float32Array): number[] {
  const q = graph.tensors[graph.inputs[0]!]!.quantization!
  const input = Int8Array.from(features, (x) =>
    quantizeValue(x, { scale: q.scale[0]!, zeroPoint: q.zeroPoint[0]! }),
  )
  return [...runInt8(graph, input)[0]!]
}

/** The "output …" line of the classify example as numbers. */
function outputOf(stdout: string): number[] {
  const line = stdout.split('\n').find((l) => l.startsWith('output '))
  if (!line) throw new Error(`no output line in ${stdout}`)
  return line.split(' ').slice(1).map(Number)
}

const numbers = (values: Float32Array) => [...values].map((v) => v.toPrecision(9)).join(' ')

describe('the C library export', () => {
  let fixture: ExportProject
  let root: string
  let readme: string
  let picks: ExportWindow[]

  beforeAll(async () => {
    fixture = await createExportProject()
    const out = join(fixture.dir, '..', 'gestures-c.zip')
    const service = exportService(fixture)
    const result = await service.export({ format: 'c', outPath: out })
    expect(result.dsp?.numeric).toBe('float')
    const dir = await unzipped(out)
    root = join(dir, 'Mote_Wrist_gestures_c')
    readme = await readFile(join(root, 'README.md'), 'utf8')
    // Two windows of every label.
    picks = fixture.design.labels.flatMap((label) =>
      fixture.windows.filter((w) => w.label === label).slice(0, 2),
    )
  }, 60_000)

  afterAll(async () => {
    await fixture?.project.close()
  })

  it('builds with gcc -Wall -Wextra -Werror from its README’s commands and runs the README’s example', async () => {
    const stdout = await shell(fencedBlock(readme, 'sh'), root)
    const example = await readFile(join(root, 'example/minimal.c'), 'utf8')
    expect(fencedBlock(readme, 'c')).toBe(example)
    expect(fencedBlock(readme, 'sh')).toContain('-std=c99 -Wall -Wextra -Werror')
    // ./minimal prints the top label of a zero window and its score.
    expect(stdout.trim()).toMatch(new RegExp(`^(${fixture.design.labels.join('|')}) [01]\\.\\d{3}$`))
  }, 60_000)

  it('gives the TypeScript reference’s output bytes from supplied features, window by window', async () => {
    expect(picks.length).toBeGreaterThanOrEqual(fixture.design.labels.length)
    // The windows tell the model's outputs apart, so equal bytes are not a coincidence of constant outputs.
    expect(new Set(picks.map((w) => referenceOutput(fixture.graph, w.features).join())).size).toBeGreaterThan(
      3,
    )
    for (const w of picks) {
      const stdout = await runWithInput(join(root, 'classify'), ['-f'], numbers(w.features))
      expect(outputOf(stdout), w.label).toEqual(referenceOutput(fixture.graph, w.features))
    }
  }, 30_000)

  it('gives the same bytes from raw windows through the C feature blocks (float build)', async () => {
    for (const w of picks) {
      const stdout = await runWithInput(join(root, 'classify'), [], numbers(w.values))
      expect(outputOf(stdout), w.label).toEqual(referenceOutput(fixture.graph, w.features))
      expect(stdout).toContain(`${fixture.design.labels[0]} `)
    }
  }, 30_000)
})
