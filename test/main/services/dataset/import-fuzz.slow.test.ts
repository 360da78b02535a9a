/**
 * A fuzzer for import files with a fixed seed: valid CSV, WAV, PNG, JPEG and Edge Impulse JSON files are
 * mutated (bits flipped, bytes inserted, cut, header fields set to extremes; numbers, names and labels in the
 * text formats replaced by hostile ones) and imported through the dataset service as the API does. Every
 * outcome must be samples or a clear dataset MoteError that names the file — never another error — and the
 * project's values files must always be exactly those its index names (no orphan, none missing). A quarter of
 * the mutants are also read in chunks of 1–64 bytes, which must give exactly what the whole file gives.
 */
import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { encode as encodeJpeg } from 'jpeg-js'
import { describe, expect, it } from 'vitest'
import { createRng, type Rng } from '../../../../src/core/train/random'
import { exportSample } from '../../../../src/core/dataset/formats/sample-files'
import { planImport } from '../../../../src/core/dataset/import-files'
import { bytesSource } from '../../../../src/core/dataset/import-source'
import { importValues } from '../../../../src/core/dataset/import-values'
import { isMoteFailure } from '../../../../src/shared/errors'
import type { ImportOptions } from '../../../../src/shared/api/dataset'
import { DatasetService } from '../../../../src/main/services/dataset/dataset-service'
import { ProjectService } from '../../../../src/main/services/project/project-service'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { makeSample, utf8 } from '../../../core/dataset/fixtures'
import { grayPng, wavBytes } from '../../../core/dataset/import-fixtures'

const SEED = 0x1a9_0f7e
const MUTANTS_PER_SEED = 400

type Mutation = (bytes: Uint8Array, rng: Rng) => Uint8Array

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(0, items.length - 1)]!

const byteMutations: Mutation[] = [
  function flipBits(bytes, rng) {
    const out = bytes.slice()
    for (let k = rng.int(1, 8); k > 0 && out.length > 0; k--)
      out[rng.int(0, out.length - 1)]! ^= 1 << rng.int(0, 7)
    return out
  },
  function extremeBytes(bytes, rng) {
    const out = bytes.slice()
    for (let k = rng.int(1, 4); k > 0 && out.length > 0; k--)
      out[rng.int(0, out.length - 1)] = pick(rng, [0, 0xff, 0x7f, 0x80])
    return out
  },
  function extremeWord(bytes, rng) {
    const out = bytes.slice()
    if (out.length < 4) return out
    const at = rng.int(0, Math.min(out.length, 64) - 4)
    new DataView(out.buffer).setUint32(
      at,
      pick(rng, [0, 1, 0x7fffffff, 0xffffffff, 0xffff, 0x10000]),
      rng.next() < 0.5,
    )
    return out
  },
  function cut(bytes, rng) {
    return bytes.slice(0, rng.int(0, bytes.length))
  },
  function insert(bytes, rng) {
    const at = rng.int(0, bytes.length)
    const extra = Uint8Array.from({ length: rng.int(1, 16) }, () => rng.int(0, 255))
    return Uint8Array.from([...bytes.subarray(0, at), ...extra, ...bytes.subarray(at)])
  },
  function removeRange(bytes, rng) {
    const at = rng.int(0, bytes.length)
    return Uint8Array.from([
      ...bytes.subarray(0, at),
      ...bytes.subarray(Math.min(bytes.length, at + rng.int(1, 32))),
    ])
  },
]

const HOSTILE = [
  '1e999',
  'NaN',
  '-',
  '',
  '0x10',
  '9'.repeat(40),
  '\x07',
  'é',
  '"',
  ',',
  '1e-400',
  '-0',
  '1e38',
  'x'.repeat(70),
]

const textMutations: Mutation[] = [
  function hostileToken(bytes, rng) {
    const text = new TextDecoder().decode(bytes)
    const tokens = [...text.matchAll(/[\w.+-]+/g)]
    if (tokens.length === 0) return bytes
    const t = pick(rng, tokens)
    return utf8(text.slice(0, t.index) + pick(rng, HOSTILE) + text.slice(t.index + t[0].length))
  },
  function controlCharacter(bytes, rng) {
    const text = new TextDecoder().decode(bytes)
    const at = rng.int(0, text.length)
    return utf8(text.slice(0, at) + pick(rng, ['\x07', '\r', '\x00', '\x1b', '\u2028']) + text.slice(at))
  },
  function lines(bytes, rng) {
    const rows = new TextDecoder().decode(bytes).split('\n')
    const at = rng.int(0, rows.length - 1)
    if (rng.next() < 0.5) rows.splice(at, 1)
    else rows.splice(at, 0, rows[rng.int(0, rows.length - 1)]!)
    return utf8(rows.join('\n'))
  },
  function wideHeader(bytes, rng) {
    const [head, ...rest] = new TextDecoder().decode(bytes).split('\n')
    const extra = Array.from({ length: rng.int(1, 70) }, (_, i) => `c${i}`).join(',')
    return utf8([`${head},${extra}`, ...rest].join('\n'))
  },
]

function seedFiles(): { name: string; bytes: Uint8Array; text: boolean }[] {
  const file = (sample: ReturnType<typeof makeSample>, format: 'csv' | 'ei-json') =>
    exportSample(sample, format, 0)
  const series = makeSample('timeseries', { label: 'wave', length: 40, seed: 3 })
  const audio = makeSample('audio', { label: 'yes', length: 800, seed: 4 })
  const image = makeSample('image', { label: 'cat', seed: 5 })
  const jpeg = encodeJpeg({ width: 16, height: 16, data: new Uint8Array(16 * 16 * 4).fill(120) }, 80).data
  const session = [
    'time_s,label,x,y',
    ...Array.from({ length: 30 }, (_, i) => `${i / 50},${i < 15 ? 'idle' : 'wave'},${i},${-i / 3}`),
  ]
  return [
    { name: 'wave.1.csv', bytes: file(series, 'csv').bytes, text: true },
    { name: 'session.csv', bytes: utf8(session.join('\n') + '\n'), text: true },
    { name: 'wave.2.json', bytes: file(series, 'ei-json').bytes, text: true },
    { name: 'yes.1.json', bytes: file(audio, 'ei-json').bytes, text: true },
    { name: 'yes.2.wav', bytes: file(audio, 'csv').bytes, text: false },
    {
      name: 'stereo.wav',
      bytes: wavBytes({
        channels: 2,
        rate: 44100,
        bits: 16,
        samples: Array.from({ length: 400 }, (_, i) => i * 37 - 7000),
        extraChunk: true,
      }),
      text: false,
    },
    { name: 'cat.1.png', bytes: file(image, 'csv').bytes, text: false },
    { name: 'gray.png', bytes: grayPng(7, 5), text: false },
    { name: 'dog.jpg', bytes: new Uint8Array(jpeg), text: false },
  ]
}

type Outcome = 'imported' | 'refused' | 'skipped'

/** One import through the service: what came of it, or why the outcome is not acceptable. */
async function importOnce(
  dataset: DatasetService,
  name: string,
  bytes: Uint8Array,
  options: ImportOptions,
): Promise<Outcome | { wrong: string }> {
  try {
    const report = await dataset.importFiles([{ name, bytes }], options)
    return report.added.length > 0 ? 'imported' : 'refused'
  } catch (error) {
    const clear =
      isMoteFailure(error) && error.code >= 10000 && error.code < 11000 && error.message.includes(name)
    if (!clear) return { wrong: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }
    return /not sample data/.test(error.message) ? 'skipped' : 'refused'
  }
}

/** The values files of the project are exactly those its index names. */
async function valuesFilesMatch(dataset: DatasetService, samplesDir: string): Promise<string | undefined> {
  const ids = new Set((await dataset.list()).map((m) => m.id))
  const files = await readdir(samplesDir).catch(() => [] as string[])
  const strays = files.filter((f) => !f.endsWith('.f32') || !ids.has(f.slice(0, -4)))
  if (strays.length === 0 && files.length === ids.size) return undefined
  return `values files ${files.length} for ${ids.size} samples (${strays.join(', ')})`
}

/** What the first reading makes of a file, as text: the same whatever the chunks it arrives in. */
async function planText(name: string, bytes: Uint8Array, options: ImportOptions, chunkBytes: number) {
  const sources = [bytesSource(name, bytes, chunkBytes)]
  try {
    const plan = await planImport(sources, options, [])
    const values: number[] = []
    for await (const { values: v } of importValues(plan, sources, options)) values.push(...v.subarray(0, 64))
    return JSON.stringify({ plan: { ...plan, kept: [] }, values })
  } catch (error) {
    return `error: ${error instanceof Error ? error.message : String(error)}`
  }
}

describe('import files, mutated', () => {
  it(`give samples or a clear error naming the file, and never leave a values file behind (seed ${SEED})`, async () => {
    const root = await mkdtemp(join(tmpdir(), 'mote-import-fuzz-'))
    const project = new ProjectService({ fs: nodeFileSystem, configDir: join(root, 'cfg'), appVersion: '0' })
    await project.create({ dir: join(root, 'p'), name: 'Fuzz' })
    const dataset = new DatasetService({ project, fs: nodeFileSystem })
    const samplesDir = join(project.store().dir, 'data/samples')
    const rng = createRng(SEED)
    const counts = { tried: 0, imported: 0, refused: 0, skipped: 0, chunkings: 0 }
    const failures: string[] = []
    for (const seed of seedFiles()) {
      const mutations = seed.text ? [...byteMutations, ...textMutations, ...textMutations] : byteMutations
      for (let k = 0; k < MUTANTS_PER_SEED; k++) {
        const bytes = pick(rng, mutations)(seed.bytes, rng)
        const options: ImportOptions =
          seed.name.endsWith('.wav') && rng.next() < 0.3 ? { rateHz: pick(rng, [8000, 1, 0.5]) } : {}
        counts.tried++
        const outcome = await importOnce(dataset, seed.name, bytes, options)
        if (typeof outcome === 'string') counts[outcome]++
        else failures.push(`${seed.name} #${k}: ${outcome.wrong}`)
        const mismatch = await valuesFilesMatch(dataset, samplesDir)
        if (mismatch) failures.push(`${seed.name} #${k}: ${mismatch}`)
        if (k % 4 === 0) {
          counts.chunkings++
          const cut = rng.int(1, 64)
          const [whole, pieces] = [
            await planText(seed.name, bytes, options, 1 << 20),
            await planText(seed.name, bytes, options, cut),
          ]
          if (whole !== pieces)
            failures.push(`${seed.name} #${k}: read in ${cut}-byte chunks it gives ${pieces.slice(0, 200)}`)
        }
      }
    }
    console.log(`import fuzzer: ${JSON.stringify(counts)}, ${failures.length} failed`)
    expect(failures).toEqual([])
    expect(counts.imported).toBeGreaterThan(counts.tried / 10)
    expect(counts.refused).toBeGreaterThan(counts.tried / 10)
  })
})
