/**
 * Builds an Arduino sketch with a library for the Uno the way arduino-cli does with Debian's
 * arduino-core-avr (its platform.txt recipes: flags, defines, include folders, LTO, `-lm`), driving avr-gcc
 * and avr-g++ directly, since Debian's arduino-builder 1.3.25 cannot build that core with avr-gcc 5.4.
 *
 * Two departures, both for avr-gcc 5.4: WString.cpp uses DECIMAL_DIG, which avr-libc 2.0's <float.h> lacks
 * in C++11, so the core is compiled with -DDECIMAL_DIG=9 (the value for AVR's 32-bit double, as newer
 * avr-libc defines it); and the .ino becomes .cpp by prepending `#include <Arduino.h>` and a #line, without
 * arduino-builder's prototype generation (the example defines every function before its use).
 */
import { execFile } from 'node:child_process'
import { mkdir, readdir, writeFile, readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export const ARDUINO_AVR = '/usr/share/arduino/hardware/arduino/avr'
const CORE = `${ARDUINO_AVR}/cores/arduino`
const VARIANT = `${ARDUINO_AVR}/variants/standard`

/** boards.txt's uno.build.* and the IDE version arduino-cli passes. */
const UNO_DEFINES = [
  '-mmcu=atmega328p',
  '-DF_CPU=16000000L',
  '-DARDUINO=10607',
  '-DARDUINO_AVR_UNO',
  '-DARDUINO_ARCH_AVR',
]
const C_FLAGS = [
  '-c',
  '-g',
  '-Os',
  '-std=gnu11',
  '-ffunction-sections',
  '-fdata-sections',
  '-flto',
  '-fno-fat-lto-objects',
]
const CPP_FLAGS = [
  '-c',
  '-g',
  '-Os',
  '-std=gnu++11',
  '-fpermissive',
  '-fno-exceptions',
  '-ffunction-sections',
  '-fdata-sections',
  '-fno-threadsafe-statics',
  '-Wno-error=narrowing',
  '-flto',
]
const S_FLAGS = ['-c', '-g', '-x', 'assembler-with-cpp', '-flto']

export interface AvrSketchBuild {
  readonly elf: string
  /** avr-size's figures: text + data in flash, data + bss in SRAM. */
  readonly text: number
  readonly data: number
  readonly bss: number
  /** Warnings the library and the sketch gave under -Wall -Wextra (the core is compiled with -w, as the IDE does). */
  readonly warnings: string
}

async function sources(dir: string, recursive: boolean): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory() && recursive) out.push(...(await sources(path, true)))
    else if (/\.(c|cpp|S)$/.test(entry.name)) out.push(path)
  }
  return out.sort()
}

async function compile(source: string, object: string, includes: string[], warn: string[]): Promise<string> {
  const [tool, flags] = source.endsWith('.cpp')
    ? ['avr-g++', CPP_FLAGS]
    : source.endsWith('.S')
      ? ['avr-gcc', S_FLAGS]
      : ['avr-gcc', C_FLAGS]
  const { stderr } = await run(tool, [...flags, ...warn, ...UNO_DEFINES, ...includes, source, '-o', object])
  return stderr
}

/** Compiles the core, the library's src/ (recursively, as for a 1.5-format library) and the sketch, then links. */
export async function buildUnoSketch(
  libraryDir: string,
  sketchFile: string,
  buildDir: string,
): Promise<AvrSketchBuild> {
  await mkdir(buildDir, { recursive: true })
  const includes = [`-I${CORE}`, `-I${VARIANT}`, `-I${join(libraryDir, 'src')}`]
  const sketchCpp = join(buildDir, `${basename(sketchFile)}.cpp`)
  await writeFile(
    sketchCpp,
    `#include <Arduino.h>\n#line 1 "${basename(sketchFile)}"\n${await readFile(sketchFile, 'utf8')}`,
  )
  const objects: string[] = []
  let warnings = ''
  for (const [i, source] of (await sources(CORE, false)).entries()) {
    objects.push(join(buildDir, `core-${i}.o`))
    await compile(source, objects.at(-1)!, includes, ['-w', '-DDECIMAL_DIG=9'])
  }
  const own = [...(await sources(join(libraryDir, 'src'), true)), sketchCpp]
  for (const [i, source] of own.entries()) {
    objects.push(join(buildDir, `lib-${i}.o`))
    warnings += await compile(source, objects.at(-1)!, includes, ['-Wall', '-Wextra'])
  }
  const elf = join(buildDir, 'sketch.elf')
  const link = ['-w', '-Os', '-g', '-flto', '-fuse-linker-plugin', '-Wl,--gc-sections', '-mmcu=atmega328p']
  await run('avr-gcc', [...link, '-o', elf, ...objects, '-lm'])
  const { stdout } = await run('avr-size', [elf])
  const [text, data, bss] = stdout.split('\n')[1]!.trim().split(/\s+/).map(Number) as [number, number, number]
  return { elf, text, data, bss, warnings }
}
