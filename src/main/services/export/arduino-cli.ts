/**
 * arduino-cli for the boards with native USB or vendor cores (docs/export.md, "Building the example with
 * arduino-cli"): the command line that builds an exported Arduino library's example for a board's FQBN, and
 * the build output our flashers take. Pure: export-sketch.ts runs it. Unverified on real hardware.
 */
import { join } from 'node:path'
import type { Board } from '../../../core/boards/types'
import { ExportErrorCode } from '../../../shared/api/export'
import { failureMaker } from '../../../shared/errors'

const fail = failureMaker(ExportErrorCode)

export const ARDUINO_CLI = 'arduino-cli'

/**
 * The ESP32 Arduino core's default partition table puts the application at 0x10000; its bootloader (0x1000)
 * and partition table (0x8000) are the ones every board that ran an Arduino sketch already has.
 */
export const ESP32_APP_ADDRESS = 0x10000

export interface SketchBuildPaths {
  /** The unpacked library (its root folder, holding library.properties). */
  readonly libraryDir: string
  /** The example's folder: `<libraryDir>/examples/<name>`. */
  readonly sketchDir: string
  readonly buildDir: string
  readonly outputDir: string
}

/** The board's FQBN, or 17005 for a board whose Arduino core we do not know. */
export function fqbnOf(board: Board): string {
  if (board.arduinoFqbn === undefined)
    throw fail(
      'BoardNotSupported',
      `Mote knows no Arduino core for the ${board.name}: export a C library and build it with the board's own tools.`,
    )
  return board.arduinoFqbn
}

/** `vendor:architecture`, the platform `arduino-cli core install` takes. */
export function platformOf(fqbn: string): string {
  return fqbn.split(':').slice(0, 2).join(':')
}

/** `arduino-cli compile` for the library's example on `board`, the library passed with --library. */
export function arduinoCompileArgs(board: Board, paths: SketchBuildPaths): string[] {
  return [
    'compile',
    '--fqbn',
    fqbnOf(board),
    '--library',
    paths.libraryDir,
    '--build-path',
    paths.buildDir,
    '--output-dir',
    paths.outputDir,
    '--warnings',
    'default',
    paths.sketchDir,
  ]
}

/** The file our flashers take from arduino-cli's output, and where a raw binary goes. */
export interface SketchArtifact {
  readonly path: string
  /** Only for raw binaries (which carry no address): the flash address of their first byte. */
  readonly baseAddress?: number
}

/**
 * What to flash from `<outputDir>/<sketch>.ino.*`: the Intel HEX on AVR (addresses inside), the ELF on the
 * Arm cores (its load addresses place it above the bootloader), the application .bin at 0x10000 on the ESP32
 * (its ELF holds mapped, not flash, addresses).
 */
export function sketchArtifact(board: Board, outputDir: string, sketch: string): SketchArtifact {
  const file = (ext: string) => join(outputDir, `${sketch}.ino.${ext}`)
  if (board.toolchain.family === 'avr') return { path: file('hex') }
  if (board.toolchain.family === 'esp32') return { path: file('bin'), baseAddress: ESP32_APP_ADDRESS }
  return { path: file('elf') }
}

/** What to tell a person without arduino-cli, or without the board's core. */
export function arduinoCliInstallHint(board: Board): string {
  const platform = platformOf(fqbnOf(board))
  const index =
    platform === 'esp32:esp32'
      ? ' --additional-urls https://espressif.github.io/arduino-esp32/package_esp32_index.json'
      : platform === 'Seeeduino:samd'
        ? ' --additional-urls https://files.seeedstudio.com/arduino/package_seeeduino_boards_index.json'
        : ''
  return (
    `Install arduino-cli (https://arduino.github.io/arduino-cli/latest/installation/), then the ${board.name}'s core: ` +
    `\`arduino-cli core update-index${index} && arduino-cli core install ${platform}${index}\`. ` +
    'Or open the exported library in the Arduino IDE.'
  )
}
