/**
 * The arduino-cli command lines and build outputs per board, against recorded ones: each FQBN as the
 * board's core names it in its boards.txt (docs/boards.md), the compile flags as arduino-cli 1.x documents
 * them (`arduino-cli compile --help`: --fqbn, --library, --build-path, --output-dir, --warnings), and the
 * files its platforms write into --output-dir (`<sketch>.ino.hex|elf|bin`).
 */
import { mkdtemp, readFile, writeFile, chmod, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findBoard } from '../../../../src/core/boards/board-lookup'
import type { Board } from '../../../../src/core/boards/types'
import {
  arduinoCliInstallHint,
  arduinoCompileArgs,
  ESP32_APP_ADDRESS,
  sketchArtifact,
} from '../../../../src/main/services/export/arduino-cli'
import { buildSketch } from '../../../../src/main/services/export/export-sketch'
import { readFirmwareImage } from '../../../../src/main/services/firmware/firmware-image'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import type { ProcessRunner, RunResult } from '../../../../src/main/services/system/process-runner'
import { ExportErrorCode } from '../../../../src/shared/api/export'

const board = (id: string): Board => findBoard(id)!
const paths = {
  libraryDir: '/w/libraries/Mote_x',
  sketchDir: '/w/libraries/Mote_x/examples/Classify',
  buildDir: '/w/build',
  outputDir: '/w/output',
}

/** Recorded: `arduino-cli compile` for the five native-USB or vendor-core boards, and the Uno. */
const RECORDED: Record<string, string> = {
  'nano33ble-sense': 'compile --fqbn arduino:mbed_nano:nano33ble',
  'nano-rp2040-connect': 'compile --fqbn arduino:mbed_nano:nanorp2040connect',
  pico: 'compile --fqbn arduino:mbed_rp2040:pico',
  'xiao-samd21': 'compile --fqbn Seeeduino:samd:seeed_XIAO_m0',
  'esp32-devkitc': 'compile --fqbn esp32:esp32:esp32',
  uno: 'compile --fqbn arduino:avr:uno',
  nano: 'compile --fqbn arduino:avr:nano:cpu=atmega328',
  'nano-ch340': 'compile --fqbn arduino:avr:nano:cpu=atmega328old',
}
const TAIL =
  '--library /w/libraries/Mote_x --build-path /w/build --output-dir /w/output --warnings default /w/libraries/Mote_x/examples/Classify'

describe('arduino-cli for exported examples', () => {
  it('builds each board’s example with its core’s FQBN, the library passed with --library', () => {
    for (const [id, head] of Object.entries(RECORDED))
      expect(arduinoCompileArgs(board(id), paths).join(' '), id).toBe(`${head} ${TAIL}`)
  })

  it('flashes the .hex on AVR, the .elf on the Arm cores and the application .bin at 0x10000 on the ESP32', () => {
    expect(sketchArtifact(board('uno'), '/o', 'Classify')).toEqual({ path: '/o/Classify.ino.hex' })
    for (const id of ['nano33ble-sense', 'nano-rp2040-connect', 'pico', 'xiao-samd21'])
      expect(sketchArtifact(board(id), '/o', 'Classify'), id).toEqual({ path: '/o/Classify.ino.elf' })
    expect(sketchArtifact(board('esp32-devkitc'), '/o', 'Classify')).toEqual({
      path: '/o/Classify.ino.bin',
      baseAddress: 0x10000,
    })
  })

  it('refuses boards without a known Arduino core, and says how to install a core', () => {
    for (const id of ['microbit-v2', 'nucleo-l4r5zi', 'virtual-m4'])
      expect(() => arduinoCompileArgs(board(id), paths), id).toThrow(/knows no Arduino core/)
    expect(arduinoCliInstallHint(board('pico'))).toContain('arduino-cli core install arduino:mbed_rp2040')
    expect(arduinoCliInstallHint(board('esp32-devkitc'))).toContain(
      '--additional-urls https://espressif.github.io/arduino-esp32/package_esp32_index.json',
    )
  })
})

/** A runner that answers one arduino-cli run as arduino-cli would, writing `outputs` into --output-dir. */
function recordingRunner(outputs: Record<string, Uint8Array>, result: Partial<RunResult> = {}) {
  const calls: { command: string; args: readonly string[] }[] = []
  const runner: ProcessRunner = {
    async run(command, args) {
      calls.push({ command, args })
      const out = args[args.indexOf('--output-dir') + 1]!
      await mkdir(out, { recursive: true })
      for (const [name, bytes] of Object.entries(outputs)) await writeFile(join(out, name), bytes)
      return { code: 0, signal: null, stdout: '', stderr: '', timedOut: false, ...result }
    },
    spawn() {
      throw new Error('not used')
    },
  }
  return { runner, calls }
}

/** A folder holding an executable named arduino-cli, for the PATH lookup. */
async function pathWithArduinoCli(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mote-cli-path-'))
  await writeFile(join(dir, 'arduino-cli'), '#!/bin/sh\nexit 99\n')
  await chmod(join(dir, 'arduino-cli'), 0o755)
  return dir
}

describe('building an example sketch', () => {
  const files = [
    { path: 'Mote_x/library.properties', text: 'name=Mote_x\n' },
    { path: 'Mote_x/examples/Classify/Classify.ino', text: 'void setup() {}\nvoid loop() {}\n' },
  ]

  it('says arduino-cli is missing, with the line that installs it and the core (17009)', async () => {
    const workDir = await mkdtemp(join(tmpdir(), 'mote-sketch-'))
    const { runner } = recordingRunner({})
    const error = await buildSketch(
      { fs: nodeFileSystem, runner, searchPath: workDir },
      { files, root: 'Mote_x', example: 'Classify', board: board('pico'), workDir },
    ).catch((e: { code: number; message: string }) => e)
    expect(error).toMatchObject({ code: ExportErrorCode.ArduinoCliMissing })
    expect((error as { message: string }).message).toMatch(/arduino-cli core install arduino:mbed_rp2040/)
  })

  it('writes the library, runs the recorded command, and hands the ESP32’s .bin over as Intel HEX at 0x10000', async () => {
    const workDir = await mkdtemp(join(tmpdir(), 'mote-sketch-'))
    const app = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff)
    const { runner, calls } = recordingRunner({ 'Classify.ino.bin': app })
    const searchPath = await pathWithArduinoCli()
    const build = await buildSketch(
      { fs: nodeFileSystem, runner, searchPath },
      { files, root: 'Mote_x', example: 'Classify', board: board('esp32-devkitc'), workDir },
    )
    expect(calls).toHaveLength(1)
    expect(calls[0]!.command).toBe(join(searchPath, 'arduino-cli'))
    expect(calls[0]!.args.slice(0, 3)).toEqual(['compile', '--fqbn', 'esp32:esp32:esp32'])
    expect(calls[0]!.args.at(-1)).toBe(join(workDir, 'libraries/Mote_x/examples/Classify'))
    expect(await readFile(join(workDir, 'libraries/Mote_x/library.properties'), 'utf8')).toBe('name=Mote_x\n')
    const image = readFirmwareImage(new Uint8Array(await readFile(build.flashFile)), 'hex', {
      mcu: 'esp32',
      source: 'x',
    })
    expect([image.baseAddress, [...image.bytes]]).toEqual([ESP32_APP_ADDRESS, [...app]])
  })

  it('reports arduino-cli’s own last lines when the build fails (17010)', async () => {
    const workDir = await mkdtemp(join(tmpdir(), 'mote-sketch-'))
    const stderr = "Error during build: Platform 'arduino:mbed_nano' not found: platform not installed\n"
    const { runner } = recordingRunner({}, { code: 1, stderr })
    const error = await buildSketch(
      { fs: nodeFileSystem, runner, searchPath: await pathWithArduinoCli() },
      { files, root: 'Mote_x', example: 'Classify', board: board('nano33ble-sense'), workDir },
    ).catch((e: { code: number; message: string }) => e)
    expect(error).toMatchObject({ code: ExportErrorCode.ArduinoBuildFailed })
    expect((error as { message: string }).message).toContain("Platform 'arduino:mbed_nano' not found")
  })
})
