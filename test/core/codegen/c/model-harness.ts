/**
 * Compiles generated model code (model.h / model.c) with the host gcc — -std=c99 -Wall -Wextra -Werror
 * -pedantic, AddressSanitizer and UndefinedBehaviorSanitizer (an access outside the arena or any array aborts
 * the run), -ffp-contract=off as the float contract needs — against the runtime, and runs it on inputs. With
 * `trace`, the generated code's AFTER_OP hook dumps the whole arena after every op. The runtime is built
 * once into a static library and every binary is cached by its inputs (the native-build cache).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { GeneratedModelCode } from '../../../../src/core/codegen/c/generate'
import type { TensorData } from '../../../../src/core/model/graph'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { ensureCached, hashInputs } from '../../../../src/main/services/toolchain/build-cache'
import { RUNTIME_DIR, harnessFlags, runtimeSources } from '../c-runtime/harness'

const HARNESS_DIR = fileURLToPath(new URL('./harness', import.meta.url))
const CACHE_DIR = join(tmpdir(), 'mote-test-native-cache')
/** The runtime harness's flags with weights read plainly, as a firmware reads them. */
const FLAGS = harnessFlags({ encodedWeights: false })

const compilerId = () => execFileSync('gcc', ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? ''

/** The runtime as a static library, built once per change of its sources. */
async function runtimeLibrary(): Promise<string> {
  const sources = runtimeSources()
  const headers = readdirDeep(RUNTIME_DIR, '.h')
  const hash = hashInputs([
    compilerId(),
    ...FLAGS,
    ...[...sources, ...headers].flatMap((f) => [f, readFileSync(f)]),
  ])
  const artifact = await ensureCached(
    nodeFileSystem,
    CACHE_DIR,
    'codegen-runtime-lib',
    hash,
    'libmote.a',
    async (temp) => {
      execFileSync('gcc', [...FLAGS, '-c', ...sources], { cwd: temp, stdio: 'pipe' })
      const objects = sources.map((s) => s.replace(/^.*\//, '').replace(/\.c$/, '.o'))
      execFileSync('ar', ['rcs', 'libmote.a', ...objects], { cwd: temp, stdio: 'pipe' })
    },
  )
  return join(artifact.dir, 'libmote.a')
}

function readdirDeep(dir: string, extension: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => join(dir, name))
}

export interface ModelRun {
  readonly status: number
  readonly output: Uint8Array
  /** With `trace`: the arena after each op, by op index. */
  readonly arenas: ReadonlyMap<number, Uint8Array>
}

export interface CompiledModel {
  run(inputs: readonly TensorData[]): ModelRun[]
}

const TRACE_DEFINE =
  '-DMOTE_MODEL_AFTER_OP(op)=mote_test_trace((op), mote_model_arena.bytes, sizeof mote_model_arena)'

/** Compiles `code` (prefix mote_model) with the test main; `trace` dumps the arena after every op. */
export async function compileModel(code: GeneratedModelCode, trace = false): Promise<CompiledModel> {
  const library = await runtimeLibrary()
  const main = join(HARNESS_DIR, 'model_main.c')
  const traceFlags = trace ? ['-include', join(HARNESS_DIR, 'model_trace.h'), TRACE_DEFINE] : []
  const hash = hashInputs([
    compilerId(),
    ...FLAGS,
    ...traceFlags,
    code.header.text,
    code.source.text,
    readFileSync(main),
    readFileSync(library),
  ])
  const artifact = await ensureCached(
    nodeFileSystem,
    CACHE_DIR,
    'codegen-model',
    hash,
    'model',
    async (temp) => {
      writeFileSync(join(temp, code.header.name), code.header.text)
      writeFileSync(join(temp, code.source.name), code.source.text)
      const args = [
        ...FLAGS,
        `-I${temp}`,
        `-I${HARNESS_DIR}`,
        ...traceFlags,
        '-c',
        join(temp, code.source.name),
        '-o',
        join(temp, 'model.o'),
      ]
      execFileSync('gcc', args, { stdio: 'pipe' })
      execFileSync(
        'gcc',
        [
          ...FLAGS,
          `-I${temp}`,
          `-I${HARNESS_DIR}`,
          '-o',
          join(temp, 'model'),
          main,
          join(temp, 'model.o'),
          library,
          '-lm',
        ],
        { stdio: 'pipe' },
      )
    },
  )
  const arenaBytes = code.memory.plan.peakBytes
  return {
    run(inputs) {
      const count = new Uint8Array(4)
      new DataView(count.buffer).setUint32(0, inputs.length, true)
      const payload = Buffer.concat([
        count,
        ...inputs.map((i) => new Uint8Array(i.buffer, i.byteOffset, i.byteLength)),
      ])
      const result = spawnSync(join(artifact.dir, 'model'), [], {
        input: payload,
        maxBuffer: 1 << 30,
        env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' },
      })
      if (result.status !== 0)
        throw new Error(
          `The model binary failed (exit ${result.status ?? result.signal}):\n${result.stderr.toString()}`,
        )
      return parseRuns(new Uint8Array(result.stdout), inputs.length, arenaBytes, outputBytes(code))
    },
  }
}

function outputBytes(code: GeneratedModelCode, prefix = 'mote_model'): number {
  const match = new RegExp(`#define ${prefix.toUpperCase()}_OUTPUT_COUNT (\\d+)`).exec(code.header.text)
  const float = code.header.text.includes(`const float *${prefix}_output(void)`)
  return Number(match![1]) * (float ? 4 : 1)
}

function parseRuns(bytes: Uint8Array, count: number, arenaBytes: number, outBytes: number): ModelRun[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const runs: ModelRun[] = []
  let at = 0
  for (let r = 0; r < count; r++) {
    const arenas = new Map<number, Uint8Array>()
    for (;;) {
      const tag = view.getUint32(at, true)
      at += 4
      if (tag >>> 24 === 0x5e) break
      arenas.set(tag & 0xffffff, bytes.slice(at, at + arenaBytes))
      at += arenaBytes
    }
    const status = view.getInt32(at, true)
    runs.push({ status, output: bytes.slice(at + 4, at + 4 + outBytes), arenas })
    at += 4 + outBytes
  }
  return runs
}

/**
 * Builds the generated models (each with its own prefix and file name) into one program whose main runs
 * each model once on the given input and prints its output bytes in order; returns those outputs.
 */
export async function runTogether(
  models: readonly { code: GeneratedModelCode; input: TensorData }[],
): Promise<Uint8Array[]> {
  const library = await runtimeLibrary()
  const dir = mkdtempSync(join(tmpdir(), 'mote-codegen-two-'))
  const main = [
    '#include <stdio.h>',
    '#include <string.h>',
    ...models.map(({ code }) => `#include "${code.header.name}"`),
    'int main(void) {',
    ...models.flatMap(({ code, input }, i) => {
      const prefix = code.summary.prefix
      const bytes = Array.from(new Uint8Array(input.buffer, input.byteOffset, input.byteLength)).join(', ')
      return [
        `  static const unsigned char input${i}[] = {${bytes}};`,
        `  memcpy(${prefix}_input(), input${i}, sizeof input${i});`,
        `  if (${prefix}_invoke() != MOTE_OK) return 1;`,
        `  fwrite(${prefix}_output(), 1, ${prefix.toUpperCase()}_OUTPUT_COUNT * sizeof *${prefix}_output(), stdout);`,
      ]
    }),
    '  return 0;',
    '}',
    '',
  ].join('\n')
  writeFileSync(join(dir, 'main.c'), main)
  for (const { code } of models) {
    writeFileSync(join(dir, code.header.name), code.header.text)
    writeFileSync(join(dir, code.source.name), code.source.text)
  }
  const sources = ['main.c', ...models.map(({ code }) => code.source.name)].map((f) => join(dir, f))
  execFileSync('gcc', [...FLAGS, `-I${dir}`, '-o', join(dir, 'both'), ...sources, library, '-lm'], {
    stdio: 'pipe',
  })
  const out = new Uint8Array(
    execFileSync(join(dir, 'both'), { env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } }),
  )
  const sizes = models.map(({ code }) => outputBytes(code, code.summary.prefix))
  return sizes.map((n, i) =>
    out.slice(
      sizes.slice(0, i).reduce((a, b) => a + b, 0),
      sizes.slice(0, i + 1).reduce((a, b) => a + b, 0),
    ),
  )
}
