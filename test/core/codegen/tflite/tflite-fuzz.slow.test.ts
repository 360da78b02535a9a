/**
 * A fuzzer for the .tflite reader with a fixed seed: thousands of mutants of the four MLPerf Tiny models and
 * of a small model from the fixture builder. Every mutant must either read as a model or be refused with a
 * `MoteFailure` — no other exception — and the reader must never make the flatbuffers runtime read outside
 * the file (it would read zeros there and carry on). Mutations aim at the flatbuffer's structure (tables,
 * vtables, offsets, vectors), not at the weight bytes, which any value fits.
 */
import { ByteBuffer } from 'flatbuffers'
import { describe, expect, it } from 'vitest'
import { isMoteFailure } from '../../../../src/shared/errors'
import { readTflite } from '../../../../src/core/codegen/tflite/reader'
import { TableReader } from '../../../../src/core/codegen/tflite/table-reader'
import { createRng, type Rng } from '../../../../src/core/train/random'
import { MLPERF_TINY_FILES, mlperfTinyBytes } from '../../../fixtures/mlperf-tiny'
import { watchReads } from './read-watch'
import { oneOpModel } from './tflite-fixtures'

const SEED = 0x7f11_2024
const MUTANTS_PER_MODEL = 1300

/** Positions of the file that are not weight bytes: the Model's buffers' data vectors (field 4, field 0). */
function structurePositions(bytes: Uint8Array): number[] {
  const bb = new ByteBuffer(bytes)
  const weights = new Uint8Array(bytes.length)
  for (const buffer of new TableReader(bb, bb.readInt32(0)).tables(4)) {
    const { start, length } = buffer.vector(0, 1)
    weights.fill(1, start, start + length)
  }
  const positions: number[] = []
  for (let i = 0; i < bytes.length; i++) if (weights[i] === 0) positions.push(i)
  return positions
}

type Mutation = (bytes: Uint8Array, structure: readonly number[], rng: Rng) => Uint8Array

const pick = <T>(items: readonly T[], rng: Rng): T => items[rng.int(0, items.length - 1)]!

const MUTATIONS: Readonly<Record<string, Mutation>> = {
  'random structure bytes': (bytes, structure, rng) => {
    for (let n = rng.int(1, 4); n > 0; n--) bytes[pick(structure, rng)] = rng.int(0, 255)
    return bytes
  },
  'an offset-sized word set to an edge value': (bytes, structure, rng) => {
    const at = pick(structure, rng) & ~3
    const edges = [0, 1, 4, -1, -4, 0x7fffffff, -0x80000000, bytes.length, bytes.length - 3, bytes.length + 4]
    new DataView(bytes.buffer, bytes.byteOffset).setInt32(
      Math.min(at, bytes.length - 4),
      pick(edges, rng),
      true,
    )
    return bytes
  },
  'a vtable-sized half-word set to an edge value': (bytes, structure, rng) => {
    const at = Math.min(pick(structure, rng) & ~1, bytes.length - 2)
    new DataView(bytes.buffer, bytes.byteOffset).setUint16(
      at,
      pick([0, 2, 3, 4, 0x7fff, 0x8000, 0xffff], rng),
      true,
    )
    return bytes
  },
  'cut short': (bytes, structure, rng) => bytes.slice(0, pick(structure, rng)),
  'a block copied over another': (bytes, structure, rng) => {
    const length = rng.int(4, 64)
    const from = Math.min(pick(structure, rng), bytes.length - length)
    bytes.copyWithin(Math.min(pick(structure, rng), bytes.length - length), from, from + length)
    return bytes
  },
  'a random byte anywhere': (bytes, _structure, rng) => {
    bytes[rng.int(0, bytes.length - 1)] = rng.int(0, 255)
    return bytes
  },
}

interface Tally {
  tried: number
  read: number
  refused: number
  crashed: string[]
  readOutside: string[]
}

function fuzz(name: string, clean: Uint8Array, count: number, rng: Rng, tally: Tally): void {
  const structure = structurePositions(clean)
  const kinds = Object.entries(MUTATIONS)
  for (let i = 0; i < count; i++) {
    const [kind, mutate] = kinds[i % kinds.length]!
    const mutant = mutate(clean.slice(), structure, rng)
    const watched = watchReads(() => readTflite(mutant))
    tally.tried++
    const where = `${name} mutant ${i} (${kind})`
    if (watched.outside.length > 0) tally.readOutside.push(`${where}: ${JSON.stringify(watched.outside[0])}`)
    if (watched.error === undefined) tally.read++
    else if (isMoteFailure(watched.error)) tally.refused++
    else tally.crashed.push(`${where}: ${String(watched.error)}`)
  }
}

describe('the .tflite reader under mutation (fixed seed)', () => {
  it('reads or refuses every mutant with a MoteError and never reads outside the file', () => {
    const rng = createRng(SEED)
    const tally: Tally = { tried: 0, read: 0, refused: 0, crashed: [], readOutside: [] }
    for (const file of MLPERF_TINY_FILES) fuzz(file, mlperfTinyBytes(file), MUTANTS_PER_MODEL, rng, tally)
    fuzz('one-op fixture', oneOpModel({ deprecated: 9 }), MUTANTS_PER_MODEL, rng, tally)
    console.log(
      `.tflite fuzz: ${tally.tried} mutants tried, ${tally.read} read as a model, ${tally.refused} refused ` +
        `with a MoteError, ${tally.crashed.length} other exceptions, ${tally.readOutside.length} read outside the file`,
    )
    expect(tally.tried).toBeGreaterThanOrEqual(6000)
    expect(tally.crashed).toEqual([])
    expect(tally.readOutside).toEqual([])
    // The mutations reach the structure: many mutants are refused, and some still read as models.
    expect(tally.refused).toBeGreaterThan(tally.tried / 10)
    expect(tally.read).toBeGreaterThan(0)
  })
})
