import { dirname, join } from 'node:path'
import type { Board } from '../../../core/boards/types'
import type { FileSystem } from '../system/file-system'
import { hashInputs } from '../toolchain/build-cache'
import { boardBuildTarget } from '../toolchain/board-target'
import type { BuildCallbacks, BuildResult, FirmwareProject } from '../toolchain/firmware-build'
import { generateFirmwareApp, type FirmwareApp } from './firmware-app'
import type { FirmwareAppInput } from './firmware-app-types'
import { firmwarePortOf } from './firmware-ports'

/**
 * The Mote inference firmware as a firmware project (docs/firmware.md): the portable core
 * (resources/firmware/inference/core), the board's port, the C runtime's kernels, the DSP blocks when the
 * board runs the feature design, and the generated app (model code, DSP tables, glue) written into
 * `<outputDir>/app`. Every source is passed by absolute path; the project folder is the app folder.
 */

const CORE_SOURCES = ['mote_main.c', 'mote_link.c', 'mote_run.c', 'mote_live.c', 'mote_stack.c']
const RUNTIME_KERNEL_DIRS = ['common', 'int8'] as const
const DSP_SOURCES = [
  'audio_frontend.c',
  'biquad.c',
  'fft.c',
  'fixed_math.c',
  'frame.c',
  'image.c',
  'mfcc.c',
  'mfe.c',
  'moments.c',
  'raw.c',
  'spectral_f32.c',
  'spectral_q15.c',
]

/** The folders of the firmware's hand-written sources under `resourcesDir`. */
export function inferenceFirmwareDirs(resourcesDir: string) {
  const firmware = join(resourcesDir, 'firmware')
  return {
    core: join(firmware, 'inference', 'core'),
    ports: join(firmware, 'inference', 'ports'),
    runtime: join(firmware, 'runtime'),
    dsp: join(firmware, 'dsp'),
    sampler: join(firmware, 'capture-uno'),
  }
}

async function runtimeSources(fs: FileSystem, runtimeDir: string, float: boolean): Promise<string[]> {
  const dirs = [...RUNTIME_KERNEL_DIRS, ...(float ? ['float'] : [])]
  const lists = await Promise.all(
    dirs.map(async (d) => {
      const dir = join(runtimeDir, 'kernels', d)
      return (await fs.readdir(dir))
        .filter((n) => n.endsWith('.c'))
        .sort()
        .map((n) => join(dir, n))
    }),
  )
  return lists.flat()
}

/** The project for `board` around an app already generated; the app files must be in `appDir`. */
export async function inferenceFirmwareProject(
  fs: FileSystem,
  resourcesDir: string,
  board: Board,
  app: FirmwareApp,
  appDir: string,
): Promise<FirmwareProject> {
  const dirs = inferenceFirmwareDirs(resourcesDir)
  const port = firmwarePortOf(board)
  const portDir = join(dirs.ports, port.dir)
  const hasDsp = app.files.some((f) => f.name === 'mote_features.c')
  const appSources = app.files.filter((f) => f.name.endsWith('.c')).map((f) => join(appDir, f.name))
  const sources = [
    ...appSources,
    ...CORE_SOURCES.map((s) => join(dirs.core, s)),
    ...port.sources.map((s) => join(portDir, s)),
  ]
  // The kernels and the DSP read only their own headers: compiled once per board and flags (object cache).
  const library = {
    sources: [
      ...(await runtimeSources(fs, dirs.runtime, app.needsFloatKernels || board.mcu !== 'atmega328p')),
      ...(hasDsp ? DSP_SOURCES.map((s) => join(dirs.dsp, s)) : []),
    ],
    includeDirs: [join(dirs.runtime, 'include'), dirs.dsp],
  }
  const target = boardBuildTarget(board)
  return {
    name: 'mote-inference',
    sourceDir: appDir,
    sources,
    library,
    family: target.family,
    cflags: target.cflags,
    ...(target.capacity ? { capacity: target.capacity } : {}),
    ldflags: [
      ...(port.linkerScript ? ['-nostartfiles', '-T', join(portDir, port.linkerScript)] : []),
      ...(port.dir === 'cortex-m' ? ['--specs=nano.specs', '--specs=nosys.specs'] : []),
      ...(app.needsLibm || port.dir === 'cortex-m' ? ['-lm'] : []),
    ],
    defines: {
      ...app.defines,
      ...port.defines,
      MOTE_PORT_CLOCK_HZ: `${port.clockHz ?? board.clockHz}UL`,
      MOTE_PORT_CYCLE_KIND: port.cycleKind,
      MOTE_PORT_FRAME_BYTES: port.frameBytes,
    },
    includeDirs: [appDir, dirs.core, portDir, join(dirs.runtime, 'include'), dirs.dsp, dirs.sampler],
  }
}

/** What `buildInferenceFirmware` needs from the app: the toolchain service's build and a file system. */
export interface InferenceFirmwareDeps {
  readonly fs: FileSystem
  readonly resourcesDir: string
  readonly build: (
    project: FirmwareProject,
    outputDir: string,
    callbacks: BuildCallbacks,
  ) => Promise<BuildResult>
}

export interface InferenceFirmwareBuild extends BuildResult {
  readonly app: FirmwareApp
  /** The hash of the build's inputs (16 hex digits), built into the firmware and sent in its Identity. */
  readonly buildId: string
}

/**
 * Generates the app for `input` on `board`, writes it to `<outputDir>/app` and builds the firmware into
 * `outputDir` (`mote-inference.elf`, `.hex`, `.bin`, with the size report against the board's room).
 * Throws DeviceTestErrorCode.UnsupportedBoard for a board without a port, the toolchain's failures as they are.
 */
export async function buildInferenceFirmware(
  deps: InferenceFirmwareDeps,
  board: Board,
  input: FirmwareAppInput,
  outputDir: string,
  callbacks: BuildCallbacks = {},
): Promise<InferenceFirmwareBuild> {
  firmwarePortOf(board)
  const app = generateFirmwareApp(input)
  const appDir = join(outputDir, 'app')
  await deps.fs.mkdir(appDir, { recursive: true })
  for (const file of app.files) await deps.fs.writeFile(join(appDir, file.name), file.text)
  const project = await inferenceFirmwareProject(deps.fs, deps.resourcesDir, board, app, appDir)
  const buildId = await buildKey(deps.fs, project)
  const previous = await readPreviousBuild(deps.fs, outputDir, buildId)
  if (previous) {
    callbacks.onProgress?.(1, 'Built (unchanged since the last build)')
    return { ...previous, app, buildId }
  }
  // The id is a source of its own, written after hashing the others (it is their hash).
  const idSource = join(appDir, 'mote_build.c')
  await deps.fs.writeFile(idSource, buildIdSource(buildId))
  const withId = { ...project, sources: [...(project.sources ?? []), idSource] }
  const built = await deps.build(withId, outputDir, callbacks)
  await deps.fs.writeFile(join(outputDir, BUILD_RECORD), JSON.stringify({ key: buildId, built }))
  return { ...built, app, buildId }
}

function buildIdSource(buildId: string): string {
  const bytes = buildId.match(/../g)!.map((b) => `0x${b}`)
  return [
    "/* Generated by Mote Studio: the hash of this build's inputs, sent in Identity. */",
    '#include "mote_core.h"',
    '',
    `const uint8_t mote_build_id[8] MOTE_CONST = {${bytes.join(', ')}};`,
    '',
  ].join('\n')
}

/** Written after a successful build: the inputs' hash and the result, so an unchanged rebuild is skipped. */
const BUILD_RECORD = 'mote-build.json'

/** What the outputs depend on: every source, every header beside a source or in an include folder, the flags. */
async function buildKey(fs: FileSystem, project: FirmwareProject): Promise<string> {
  const { sources: own, ...rest } = project
  const sources = [...(own ?? []), ...(project.library?.sources ?? [])]
  const includeDirs = [...(project.includeDirs ?? []), ...(project.library?.includeDirs ?? [])]
  const contents = await Promise.all(sources.map(async (s) => new Uint8Array(await fs.readFile(s))))
  const headers = await Promise.all(
    [...new Set([...includeDirs, ...sources.map((s) => dirname(s))])].sort().map(async (d) => {
      const names = (await fs.readdir(d)).filter((n) => n.endsWith('.h')).sort()
      return Promise.all(names.map(async (n) => `${n}\n${await fs.readFile(join(d, n), 'utf8')}`))
    }),
  )
  return hashInputs([JSON.stringify(rest), ...sources, ...contents, ...headers.flat()])
}

async function readPreviousBuild(
  fs: FileSystem,
  outputDir: string,
  key: string,
): Promise<BuildResult | undefined> {
  try {
    const record = JSON.parse(await fs.readFile(join(outputDir, BUILD_RECORD), 'utf8')) as {
      key?: string
      built?: BuildResult
    }
    if (record.key !== key || record.built === undefined) return undefined
    await fs.stat(record.built.elfPath)
    return record.built
  } catch {
    return undefined
  }
}
