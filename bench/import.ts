/**
 * Import benchmark: `npm run bench import`, or `node bin/run-ts.mjs bench/import.ts --sizes=100` for a quick
 * run (the default sizes are 100 MiB and 1 GiB). Files are generated at run time in a temporary folder and
 * removed afterwards:
 * - a session CSV with a label column (`timestamp,label,accX,accY,accZ`, runs of 2000 rows: one sample
 *   each), at each size; and a 100 MiB CSV that is one long sample;
 * - a 100 MiB 16-bit mono WAV.
 * Each file is imported by `mote import`'s code path (DatasetService.importPaths into a fresh project) in
 * its own process, whose peak resident memory (maxRSS) is read at the end. The baseline, in the same run:
 * a process that only reads the same file in 1 MiB blocks. Printed per file: throughput of both and their
 * ratio, peak RSS of both and the import's excess over the baseline — which should stay flat as files grow
 * (memory bounded by one sample, not one file). Then resampling a minute of 16 kHz audio to 1 Hz, against
 * the same minute to 8 kHz (an ordinary one-stage resample).
 */
import { spawnSync } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { resample } from '../src/core/dataset/resample'
import { DatasetService } from '../src/main/services/dataset/dataset-service'
import { ProjectService } from '../src/main/services/project/project-service'
import { nodeFileSystem } from '../src/main/services/system/file-system'

const MIB = 2 ** 20

interface Measure {
  readonly seconds: number
  readonly maxRssMiB: number
  readonly samples?: number
}

function report(measure: Omit<Measure, 'maxRssMiB'>): void {
  const maxRssMiB = process.resourceUsage().maxRSS / 1024
  process.stdout.write(JSON.stringify({ ...measure, maxRssMiB }) + '\n')
}

/** Child: read the file in 1 MiB blocks and do nothing with them (the baseline). */
async function readOnly(file: string): Promise<void> {
  const started = performance.now()
  const handle = await open(file, 'r')
  const buffer = new Uint8Array(MIB)
  while ((await handle.read(buffer, 0, MIB, null)).bytesRead > 0);
  await handle.close()
  report({ seconds: (performance.now() - started) / 1000 })
}

/** Child: the CLI's import of one file into a fresh project (`rateHz` for CSV without timestamps). */
async function importOne(file: string, rateHz: number | undefined): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'mote-bench-project-'))
  try {
    const project = new ProjectService({ fs: nodeFileSystem, configDir: join(root, 'cfg'), appVersion: '0' })
    await project.create({ dir: join(root, 'p'), name: 'bench' })
    const dataset = new DatasetService({ project, fs: nodeFileSystem })
    const started = performance.now()
    const result = await dataset.importPaths([file], rateHz === undefined ? {} : { rateHz })
    report({ seconds: (performance.now() - started) / 1000, samples: result.added.length })
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}

/** Child: a minute of 16 kHz noise resampled to `toHz`. */
function resampleMinute(toHz: number): void {
  let s = 7
  const input = Float32Array.from(
    { length: 16000 * 60 },
    () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5,
  )
  const started = performance.now()
  const out = resample(input, 16000, toHz)
  report({ seconds: (performance.now() - started) / 1000, samples: out.length })
}

function child(args: readonly string[]): Measure {
  const result = spawnSync(
    process.execPath,
    [join(import.meta.dirname, '../bin/run-ts.mjs'), import.meta.filename, '--child', ...args],
    {
      encoding: 'utf8',
      maxBuffer: 16 * MIB,
    },
  )
  if (result.status !== 0) throw new Error(`bench child ${args.join(' ')} failed:\n${result.stderr}`)
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Measure
}

/** Writes `mib` MiB of CSV rows made by `row(k)` after `header`, in 10 000-row pieces. */
async function writeCsv(
  path: string,
  mib: number,
  header: string,
  row: (k: number) => string,
): Promise<void> {
  const out = createWriteStream(path)
  out.write(header)
  let bytes = 0
  for (let k = 0; bytes < mib * MIB;) {
    const lines: string[] = []
    for (const end = k + 10_000; k < end; k++) lines.push(row(k))
    const piece = lines.join('')
    bytes += piece.length
    if (!out.write(piece)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
  }
  await new Promise<void>((resolve) => out.end(() => resolve()))
}

function accelerometer(seed: number): () => string {
  let s = seed
  const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5) * 20
  return () => `${r().toFixed(4)},${r().toFixed(4)},${(9.81 + r() / 20).toFixed(4)}`
}

const LABELS = ['idle', 'wave', 'circle', 'walk']

async function sessionCsv(path: string, mib: number): Promise<void> {
  const values = accelerometer(1)
  await writeCsv(path, mib, 'timestamp,label,accX (m/s²),accY (m/s²),accZ (m/s²)\n', (k) => {
    const run = Math.floor(k / 2000)
    return `${(k % 2000) * 10},${LABELS[run % 4]},${values()}\n`
  })
}

async function oneSampleCsv(path: string, mib: number): Promise<void> {
  const values = accelerometer(2)
  await writeCsv(path, mib, 'accX,accY,accZ\n', () => `${values()}\n`)
}

async function wavFile(path: string, mib: number): Promise<void> {
  const frames = Math.floor((mib * MIB) / 2)
  const header = Buffer.alloc(44)
  header.write('RIFF', 0)
  header.writeUInt32LE(36 + frames * 2, 4)
  header.write('WAVEfmt ', 8)
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(1, 20)
  header.writeUInt16LE(1, 22)
  header.writeUInt32LE(16000, 24)
  header.writeUInt32LE(32000, 28)
  header.writeUInt16LE(2, 32)
  header.writeUInt16LE(16, 34)
  header.write('data', 36)
  header.writeUInt32LE(frames * 2, 40)
  const body = new Int16Array(frames)
  for (let i = 0; i < frames; i++) body[i] = Math.round(Math.sin(i / 7) * 8000)
  await writeFile(path, Buffer.concat([header, Buffer.from(body.buffer)]))
}

function line(label: string, text: string): void {
  console.log(`${label.padEnd(52)} ${text}`)
}

function compare(name: string, file: string, mib: number, rateHz?: number): number {
  const baseline = child(['read', file])
  const ours = child(['import', file, ...(rateHz === undefined ? [] : [String(rateHz)])])
  line(name, `${ours.samples} samples`)
  line('  import, MiB/s', `${(mib / ours.seconds).toFixed(1).padStart(8)}   (${ours.seconds.toFixed(1)} s)`)
  line('  baseline: read the file only, MiB/s', `${(mib / baseline.seconds).toFixed(1).padStart(8)}`)
  line('  baseline / import time', `${(ours.seconds / baseline.seconds).toFixed(1).padStart(8)} ×`)
  line(
    '  peak RSS import / read only, MiB',
    `${ours.maxRssMiB.toFixed(0).padStart(8)} / ${baseline.maxRssMiB.toFixed(0)}`,
  )
  const excess = ours.maxRssMiB - baseline.maxRssMiB
  line('  import memory beyond reading, MiB', `${excess.toFixed(0).padStart(8)}`)
  return excess
}

async function main(): Promise<void> {
  const sizesArg = process.argv.find((a) => a.startsWith('--sizes='))
  const sizes = sizesArg ? sizesArg.slice(8).split(',').map(Number) : [100, 1024]
  const dir = await mkdtemp(join(tmpdir(), 'mote-bench-import-'))
  try {
    const excess: number[] = []
    for (const mib of sizes) {
      const file = join(dir, `session-${mib}.csv`)
      await sessionCsv(file, mib)
      excess.push(compare(`session CSV, ${mib} MiB, label runs of 2000 rows`, file, mib))
      await rm(file)
    }
    if (sizes.length > 1)
      line(
        'memory beyond reading, largest / smallest file',
        `${(excess.at(-1)! / excess[0]!).toFixed(2).padStart(8)} ×`,
      )
    const long = join(dir, 'one-sample.csv')
    await oneSampleCsv(long, 100)
    compare('one-sample CSV, 100 MiB (no timestamps, --rate 100)', long, 100, 100)
    await rm(long)
    const wav = join(dir, 'long.wav')
    await wavFile(wav, 100)
    compare('WAV, 100 MiB, 16-bit mono at 16 kHz (one sample)', wav, 100)
    await rm(wav)
    const ordinary = child(['resample', '8000'])
    const steep = child(['resample', '1'])
    line(
      'resample 60 s at 16 kHz to 8 kHz (baseline), s',
      `${ordinary.seconds.toFixed(2).padStart(8)}   peak RSS ${ordinary.maxRssMiB.toFixed(0)} MiB`,
    )
    line(
      'resample 60 s at 16 kHz to 1 Hz, s',
      `${steep.seconds.toFixed(2).padStart(8)}   peak RSS ${steep.maxRssMiB.toFixed(0)} MiB`,
    )
    line('  1 Hz / 8 kHz time', `${(steep.seconds / ordinary.seconds).toFixed(2).padStart(8)} ×`)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const at = process.argv.indexOf('--child')
if (at < 0) await main()
else {
  const [mode, arg] = process.argv.slice(at + 1)
  if (mode === 'read') await readOnly(arg!)
  else if (mode === 'import')
    await importOne(arg!, process.argv[at + 3] === undefined ? undefined : Number(process.argv[at + 3]))
  else resampleMinute(Number(arg))
}
