import { ToolchainErrorCode } from '../../../shared/api/toolchain'
import { join } from 'node:path'
import { z } from 'zod'
import { MoteFailure } from '../../../shared/errors'
import { pathExists } from '../system/file-system'
import { compareVersionsDescending, type ToolchainLocation } from './toolchain-locator'
import { ensureCached, hashInputs } from './build-cache'
import { readElf, SHF_ALLOC } from '../firmware/elf-reader'
import type { NativeBuildDeps, NativeProgram } from './native-builds'

const configSchema = z.object({
  sourceDirs: z.array(z.string()).min(1),
  source: z.string(),
  mcu: z.string(),
  cflags: z.array(z.string()),
  ldflags: z.array(z.string()),
  bootStart: z.number().int(),
  bootBytes: z.number().int(),
  versionBytes: z.number().int(),
})
export type OptibootConfig = z.infer<typeof configSchema>

const HEADERS = ['boot.h', 'pin_defs.h', 'stk500.h']

export interface OptibootBuild extends NativeProgram {
  /** Bytes of code between bootStart and the version word. */
  readonly codeBytes: number
  readonly codeLimitBytes: number
  readonly sourceDir: string
}

/** Expands `~` and one `*` path segment (Arduino's per-version folders, newest first) into folders that exist. */
export async function expandSourceDirs(
  deps: NativeBuildDeps,
  patterns: readonly string[],
  homeDir: string,
): Promise<string[]> {
  const found: string[] = []
  for (const pattern of patterns) {
    const path = pattern.startsWith('~/') ? join(homeDir, pattern.slice(2)) : pattern
    const star = path.indexOf('*')
    if (star < 0) {
      if (await pathExists(deps.fs, path)) found.push(path)
      continue
    }
    const parent = path.slice(0, star)
    const rest = path.slice(star + 1)
    const versions = await deps.fs.readdir(parent).catch(() => [] as string[])
    for (const v of [...versions].sort(compareVersionsDescending)) {
      if (await pathExists(deps.fs, parent + v + rest)) found.push(parent + v + rest)
    }
  }
  return found
}

/**
 * Rebuilds optiboot from the source the Arduino AVR core ships (Debian's arduino-core-avr, or an Arduino
 * IDE install), with the flags in resources/firmware/optiboot/optiboot-build.json, and checks that the code
 * ends before the version word at the top of the 512-byte boot section: `BootloaderTooBig` otherwise.
 */
export async function ensureOptiboot(
  deps: NativeBuildDeps,
  avr: ToolchainLocation,
  homeDir: string,
): Promise<OptibootBuild> {
  const configPath = join(deps.resourcesDir, 'firmware', 'optiboot', 'optiboot-build.json')
  const config = configSchema.parse(JSON.parse(String(await deps.fs.readFile(configPath, 'utf8'))))
  const sourceDir = (await expandSourceDirs(deps, config.sourceDirs, homeDir)).find(Boolean)
  if (!sourceDir) {
    throw new MoteFailure(
      ToolchainErrorCode.SourceMissing,
      'The optiboot source was not found; install arduino-core-avr (Debian/Ubuntu) or the Arduino AVR core.',
      config.sourceDirs.join('\n'),
    )
  }
  const cflags = [...config.cflags, `-mmcu=${config.mcu}`, `-I${sourceDir}`]
  const sources: (string | Uint8Array)[] = []
  for (const name of [config.source, ...HEADERS]) {
    sources.push(
      name,
      new Uint8Array(await deps.fs.readFile(join(sourceDir, name)).catch(() => Buffer.alloc(0))),
    )
  }
  const version = await deps.runner.run(avr.gcc, ['--version'], { timeoutMs: 10_000 })
  const hash = hashInputs([avr.gcc, version.stdout, ...cflags, ...config.ldflags, ...sources])
  const limit = config.bootBytes - config.versionBytes
  let codeBytes = 0
  const artifact = await ensureCached(
    deps.fs,
    deps.cacheDir,
    'optiboot',
    hash,
    'optiboot.hex',
    async (temp) => {
      const object = join(temp, 'optiboot.o')
      const elf = join(temp, 'optiboot.elf')
      await run(deps, avr.gcc, [...cflags, '-c', join(sourceDir, config.source), '-o', object])
      await run(deps, avr.gcc, [...cflags, ...config.ldflags, '-o', elf, object])
      codeBytes = await checkFits(deps, elf, config.bootStart, limit)
      // optiboot.c declares .version without the "a" flag; objcopy drops unallocated sections from a .hex.
      const version = ['--set-section-flags', '.version=alloc,load,contents']
      await run(deps, avr.objcopy, [
        ...version,
        '-j',
        '.text',
        '-j',
        '.data',
        '-j',
        '.version',
        '-O',
        'ihex',
        elf,
        join(temp, 'optiboot.hex'),
      ])
    },
  )
  if (!artifact.rebuilt)
    codeBytes = await checkFits(deps, join(artifact.dir, 'optiboot.elf'), config.bootStart, limit)
  return { path: join(artifact.dir, 'optiboot.hex'), artifact, codeBytes, codeLimitBytes: limit, sourceDir }
}

async function run(deps: NativeBuildDeps, tool: string, args: readonly string[]): Promise<void> {
  const result = await deps.runner.run(tool, args, { timeoutMs: 120_000 })
  if (result.code !== 0 || result.timedOut) {
    throw new MoteFailure(
      ToolchainErrorCode.NativeBuildFailed,
      'Building optiboot failed.',
      result.stderr + result.stdout,
    )
  }
}

/** The code (every allocated section but the version word) must lie in [bootStart, bootStart + limit). */
async function checkFits(
  deps: NativeBuildDeps,
  elfPath: string,
  bootStart: number,
  limit: number,
): Promise<number> {
  const elf = readElf(new Uint8Array(await deps.fs.readFile(elfPath)))
  let end = bootStart
  for (const s of elf.sections) {
    if ((s.flags & SHF_ALLOC) === 0 || s.size === 0 || s.name === '.version') continue
    if (s.address >= 0x800000) continue // data-space addresses: RAM, not flash
    if (s.address < bootStart) {
      throw new MoteFailure(
        ToolchainErrorCode.BootloaderTooBig,
        `optiboot's ${s.name} starts at 0x${s.address.toString(16)}, below the boot section; check the linker flags.`,
      )
    }
    end = Math.max(end, s.address + s.size)
  }
  const codeBytes = end - bootStart
  if (codeBytes > limit) {
    throw new MoteFailure(
      ToolchainErrorCode.BootloaderTooBig,
      `optiboot came out at ${codeBytes} bytes, more than the ${limit} bytes the boot section leaves before its version word; ` +
        'check the flags in resources/firmware/optiboot/optiboot-build.json.',
    )
  }
  return codeBytes
}
