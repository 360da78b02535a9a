import { ToolchainErrorCode } from '../../../shared/api/toolchain'
import { join } from 'node:path'
import { MoteFailure } from '../../../shared/errors'
import { pathExists, type FileSystem } from '../system/file-system'
import type { ProcessRunner, RunResult } from '../system/process-runner'
import { findExecutable } from '../system/which'
import { ensureCached, hashInputs, type CachedArtifact } from './build-cache'

export interface NativeBuildDeps {
  readonly fs: FileSystem
  readonly runner: ProcessRunner
  readonly cacheDir: string
  /** The repository's (or installed app's) `resources/` folder. */
  readonly resourcesDir: string
  readonly searchPath: string
  readonly platform: NodeJS.Platform
}

export interface NativeProgram {
  readonly path: string
  readonly artifact: CachedArtifact
}

const HOST_CFLAGS = ['-O2', '-g', '-Wall', '-Wextra', '-std=gnu11']
const SIMAVR_HEADER = '/usr/include/simavr/sim_avr.h'
const SIMAVR_INSTALL =
  'Install libsimavr-dev and libelf-dev (Debian/Ubuntu: sudo apt install libsimavr-dev libelf-dev).'

/** The host C compiler (`cc`, else `gcc`, else `clang`) and its version line, for the cache key. */
export async function findHostCompiler(deps: NativeBuildDeps): Promise<{ path: string; identity: string }> {
  for (const name of ['cc', 'gcc', 'clang']) {
    const path = await findExecutable(deps.fs, name, deps.searchPath, deps.platform)
    if (!path) continue
    const version = await deps.runner.run(path, ['--version'], { timeoutMs: 10_000 }).catch(() => undefined)
    return { path, identity: `${path}\n${version?.stdout.split('\n')[0] ?? ''}` }
  }
  throw new MoteFailure(
    ToolchainErrorCode.HostCompilerMissing,
    'No C compiler for this computer was found (cc, gcc or clang); install build-essential (Debian/Ubuntu).',
  )
}

/**
 * Compiler and linker flags for libsimavr: pkg-config's answer when it has one, else Debian's fixed
 * paths when the header is there. Throws `LibsimavrMissing` with the install line otherwise.
 */
export async function simavrFlags(deps: NativeBuildDeps): Promise<{ cflags: string[]; libs: string[] }> {
  if (deps.platform !== 'linux') {
    throw new MoteFailure(
      ToolchainErrorCode.LibsimavrMissing,
      'The virtual Uno needs libsimavr, which Mote uses on Linux only; use a virtual Cortex-M board here.',
    )
  }
  const pkg = await deps.runner
    .run('pkg-config', ['--cflags', '--libs', 'simavr'], { timeoutMs: 10_000 })
    .catch(() => undefined)
  const hasHeader = await pathExists(deps.fs, SIMAVR_HEADER)
  if (pkg?.code === 0 && hasHeader) {
    const words = pkg.stdout.trim().split(/\s+/).filter(Boolean)
    return {
      cflags: words.filter((w) => !w.startsWith('-l')),
      libs: [...words.filter((w) => w.startsWith('-l')), '-lelf'],
    }
  }
  if (hasHeader) return { cflags: ['-I/usr/include/simavr'], libs: ['-lsimavr', '-lelf'] }
  throw new MoteFailure(ToolchainErrorCode.LibsimavrMissing, `libsimavr is not installed. ${SIMAVR_INSTALL}`)
}

async function readSources(
  fs: FileSystem,
  dir: string,
  names: readonly string[],
): Promise<(string | Uint8Array)[]> {
  const parts: (string | Uint8Array)[] = []
  for (const name of names) parts.push(name, new Uint8Array(await fs.readFile(join(dir, name))))
  return parts
}

function checkRun(result: RunResult, what: string): void {
  if (result.code === 0 && !result.timedOut) return
  throw new MoteFailure(
    ToolchainErrorCode.NativeBuildFailed,
    `Building ${what} failed; run \`mote doctor\` to check the compilers and libraries.`,
    result.stderr + result.stdout,
  )
}

/** Builds (once per source/flag/compiler change) the simavr harness of the virtual Uno. */
export async function ensureVirtualUnoHarness(deps: NativeBuildDeps): Promise<NativeProgram> {
  const dir = join(deps.resourcesDir, 'firmware', 'virtual-uno')
  const files = (await deps.fs.readdir(dir)).filter((n) => n.endsWith('.c') || n.endsWith('.h')).sort()
  const sources = files.filter((n) => n.endsWith('.c'))
  const cc = await findHostCompiler(deps)
  const simavr = await simavrFlags(deps)
  const args = (out: string) => [
    ...HOST_CFLAGS,
    ...simavr.cflags,
    '-o',
    out,
    ...sources.map((s) => join(dir, s)),
    ...simavr.libs,
  ]
  const hash = hashInputs([cc.identity, ...args('OUT'), ...(await readSources(deps.fs, dir, files))])
  const artifact = await ensureCached(
    deps.fs,
    deps.cacheDir,
    'virtual-uno',
    hash,
    'mote-virtual-uno',
    async (temp) => {
      checkRun(
        await deps.runner.run(cc.path, args(join(temp, 'mote-virtual-uno')), { timeoutMs: 180_000 }),
        'the virtual Uno harness',
      )
    },
  )
  return { path: join(artifact.dir, 'mote-virtual-uno'), artifact }
}

/** Builds the pty bridge the virtual Cortex-M boards use for their UART. */
export async function ensureUartBridge(deps: NativeBuildDeps): Promise<NativeProgram> {
  const dir = join(deps.resourcesDir, 'firmware', 'uart-bridge')
  const cc = await findHostCompiler(deps)
  const args = (out: string) => [...HOST_CFLAGS, '-o', out, join(dir, 'uart-bridge.c')]
  const hash = hashInputs([
    cc.identity,
    ...args('OUT'),
    ...(await readSources(deps.fs, dir, ['uart-bridge.c'])),
  ])
  const artifact = await ensureCached(
    deps.fs,
    deps.cacheDir,
    'uart-bridge',
    hash,
    'mote-uart-bridge',
    async (temp) => {
      checkRun(
        await deps.runner.run(cc.path, args(join(temp, 'mote-uart-bridge')), { timeoutMs: 120_000 }),
        'the UART bridge',
      )
    },
  )
  return { path: join(artifact.dir, 'mote-uart-bridge'), artifact }
}
