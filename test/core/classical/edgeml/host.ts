import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { GeneratedC, NumericMode } from '../../../../src/core/classical/learner'

/**
 * Compiles a generated EdgeML model (prefix `model`) with host-main.c — strict C99, warnings as errors,
 * no FMA contraction, AddressSanitizer and UBSan so that an out-of-bounds read or a signed overflow fails
 * the test — and runs rows through it: the class and the exact scores per row.
 */
export interface HostRun {
  readonly classes: number[]
  /** Integer scores (fixed) or float32 values decoded from their bits (float). */
  readonly scores: number[][]
}

const FLAGS = ['-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic', '-O2', '-ffp-contract=off']
const SANITIZE = ['-fsanitize=address,undefined', '-fno-sanitize-recover=all']

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20 })
  if (result.status !== 0) throw new Error(`${command} failed (${result.status}):\n${result.stderr}`)
  return result.stdout
}

function parseScore(text: string, numeric: NumericMode): number {
  if (numeric === 'fixed') return Number(text)
  const view = new DataView(new ArrayBuffer(4))
  view.setUint32(0, parseInt(text, 16))
  return view.getFloat32(0)
}

export function runOnHost(code: GeneratedC, numeric: NumericMode, rows: Float32Array): HostRun {
  const dir = mkdtempSync(join(tmpdir(), 'mote-edgeml-host-'))
  try {
    writeFileSync(join(dir, 'model.h'), code.header)
    writeFileSync(join(dir, 'model.c'), code.source)
    writeFileSync(join(dir, 'rows.bin'), new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength))
    const exe = join(dir, 'model')
    const define = numeric === 'fixed' ? ['-DHOST_FIXED'] : []
    run('gcc', [
      ...FLAGS,
      ...SANITIZE,
      ...define,
      `-I${dir}`,
      join(import.meta.dirname, 'host-main.c'),
      join(dir, 'model.c'),
      '-o',
      exe,
    ])
    const lines = run(exe, [join(dir, 'rows.bin')])
      .trim()
      .split('\n')
    return {
      classes: lines.map((l) => Number(l.split(' ')[0])),
      scores: lines.map((l) =>
        l
          .split(' ')
          .slice(1)
          .map((s) => parseScore(s, numeric)),
      ),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
