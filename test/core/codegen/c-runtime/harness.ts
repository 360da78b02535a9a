/**
 * Builds the C runtime's host harness with gcc (once per change of sources, flags or compiler, in the
 * native-build cache the toolchain tests share) and runs batches of kernel cases through it, one process per
 * batch.
 *
 * The harness is built with AddressSanitizer and UndefinedBehaviorSanitizer (any out-of-bounds access or
 * signed overflow in a kernel aborts the run), -ffp-contract=off (no fused multiply-add, as the float
 * contract requires) and, by default, with weights stored encoded and decoded by the MOTE_READ_WEIGHT_*
 * hooks (harness/encoded_weights.h), which proves that no kernel reads a weight around the hook.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { ensureCached, hashInputs } from '../../../../src/main/services/toolchain/build-cache'
import {
  decodeResults,
  encodeCases,
  encodeRawCases,
  type KernelCase,
  type KernelResult,
  type RawKernelCase,
} from './wire'

export const RUNTIME_DIR = fileURLToPath(new URL('../../../../resources/firmware/runtime', import.meta.url))
const HARNESS_DIR = fileURLToPath(new URL('./harness', import.meta.url))
const CACHE_DIR = join(tmpdir(), 'mote-test-native-cache')

/** The flags every compiler must accept without a warning (the portability bar). */
export const STRICT_C99 = ['-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic']

/** Soft-float helpers (libgcc's __addsf3 …, the ARM EABI's __aeabi_fadd …) and libm's float functions. */
export const FLOAT_SYMBOL = /^__\w*[sd]f|^__aeabi_(f|d|u?[il]2[fd])|^(exp|expf|round|roundf)$/
/** The C library's allocator. */
export const ALLOCATOR = /^(malloc|calloc|realloc|free)$/

/** Every file under `dir` whose name ends with `extension`, sorted, as absolute paths. */
function cFiles(dir: string, extension: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => join(dir, name))
}

/** Every .c file under `dir`, sorted, as absolute paths. */
export const cSources = (dir: string) => cFiles(dir, '.c')

/**
 * The portable runtime's sources: the common helpers, the int8 and the float kernels (not the optimized
 * variants' sibling directories, which replace some of them).
 */
export function runtimeSources(): string[] {
  return ['common', 'int8', 'float'].flatMap((dir) => cSources(join(RUNTIME_DIR, 'kernels', dir)))
}

export interface HarnessOptions {
  /** Store weights encoded and decode them in the MOTE_READ_WEIGHT_* hooks (default true). */
  readonly encodedWeights?: boolean
  /**
   * C files that define `harness_kernels` in place of harness/harness_kernels.c (another set of entries
   * on the same I/O, e.g. the code generator's kernels); the .h files beside them count for the cache.
   */
  readonly kernelTables?: readonly string[]
}

export interface Harness {
  /** Runs the cases in one process and returns one result per case. */
  run(cases: readonly KernelCase[]): KernelResult[]
  /** The same for cases whose parameters are already int32 words. */
  runRaw(cases: readonly RawKernelCase[]): KernelResult[]
}

/** The harness's compiler flags (exported for the generated-model harness, which builds the same way). */
export function harnessFlags(options: HarnessOptions = {}): string[] {
  const encoded = options.encodedWeights ?? true
  return [
    ...STRICT_C99,
    '-O1',
    '-g',
    '-ffp-contract=off',
    '-fsanitize=address,undefined',
    '-fno-sanitize-recover=all',
    `-I${join(RUNTIME_DIR, 'include')}`,
    ...(encoded ? ['-DENCODED_WEIGHTS', '-include', join(HARNESS_DIR, 'encoded_weights.h')] : []),
  ]
}

/** Builds (or finds in the cache) the harness and returns a runner for it. */
export async function buildHarness(options: HarnessOptions = {}): Promise<Harness> {
  const tables = options.kernelTables ?? []
  const harnessSources = cSources(HARNESS_DIR).filter(
    (file) => tables.length === 0 || !file.endsWith('harness_kernels.c'),
  )
  const sources = [...runtimeSources(), ...harnessSources, ...tables]
  const tableHeaders = [...new Set(tables.map((file) => dirname(file)))].flatMap((dir) => cFiles(dir, '.h'))
  const allInputs = [...sources, ...cFiles(RUNTIME_DIR, '.h'), ...cFiles(HARNESS_DIR, '.h'), ...tableHeaders]
  const compiler = execFileSync('gcc', ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? ''
  const args = harnessFlags(options)
  const hash = hashInputs([
    compiler,
    ...args,
    ...allInputs.flatMap((file) => [relative(RUNTIME_DIR, file), readFileSync(file)]),
  ])
  const artifact = await ensureCached(
    nodeFileSystem,
    CACHE_DIR,
    tables.length === 0 ? 'c-runtime-harness' : 'c-runtime-harness-tables',
    hash,
    'harness',
    async (temp) => {
      execFileSync('gcc', [...args, '-o', join(temp, 'harness'), ...sources, '-lm'], { stdio: 'pipe' })
    },
  )
  const path = join(artifact.dir, 'harness')
  const runBytes = (input: Uint8Array, count: number) => {
    const result = spawnSync(path, [], {
      input,
      maxBuffer: 1 << 30,
      env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' },
    })
    if (result.status !== 0) {
      throw new Error(
        `The harness failed (exit ${result.status ?? result.signal}):\n${result.stderr.toString()}`,
      )
    }
    return decodeResults(new Uint8Array(result.stdout), count)
  }
  return {
    run: (cases) => runBytes(encodeCases(cases), cases.length),
    runRaw: (cases) => runBytes(encodeRawCases(cases), cases.length),
  }
}
