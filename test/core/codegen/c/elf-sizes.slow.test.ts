/**
 * What generated code really occupies, read with the toolchain service's ELF reader from objects built by
 * the cross-compilers (-fdata-sections: one section per array): the arena is exactly the planned peak, and
 * the weight arrays' sections add up to exactly the weights flash the variant table shows — plain int8, and
 * Huffman blocks plus codebooks for a clustered variant (also one made by the compress step itself). On AVR
 * with weights in PROGMEM every constant is in program memory and nothing in .data: the model needs no RAM
 * beyond its arena and the stack. An int8 model linked with the runtime from its invoke function pulls in no
 * floating-point helper and no allocator on cores without an FPU. And the
 * keyword-spotting model's whole RAM on a Cortex-M4 — arena, .data, .bss and the deepest call chain's stack
 * from GCC's call graph — is within the 10.2 KB goal.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  generateModelCode,
  type GeneratedModelCode,
  type ModelCodeInput,
} from '../../../../src/core/codegen/c/generate'
import { readTflite } from '../../../../src/core/codegen/tflite/reader'
import { sizeMetrics, weightsFlashBytes } from '../../../../src/core/compress/variants/metrics'
import { readElf, type ElfFile } from '../../../../src/main/services/firmware/elf-reader'
import { mlperfTinyBytes } from '../../../fixtures/mlperf-tiny'
import { ALLOCATOR, FLOAT_SYMBOL, RUNTIME_DIR, STRICT_C99, runtimeSources } from '../c-runtime/harness'
import { clusteredVariant, compressStepClusteredVariant } from './clustered-variant'
import { demoGraphs } from './demo-graphs'
import { deepestStack } from './stack-depth'

const M4 = ['arm-none-eabi-gcc', '-mcpu=cortex-m4', '-mthumb', '-Os']
const M0 = ['arm-none-eabi-gcc', '-mcpu=cortex-m0plus', '-mthumb', '-Os']
const AVR = ['avr-gcc', '-mmcu=atmega328p', '-Os', '-DMOTE_WEIGHTS_IN_PROGMEM']

/** Compiles model.c (and, with `runtime`, every runtime source) to objects in a fresh folder. */
function compile(
  code: GeneratedModelCode,
  compiler: readonly string[],
  extra: readonly string[] = [],
  runtime = false,
) {
  const dir = mkdtempSync(join(tmpdir(), 'mote-codegen-elf-'))
  writeFileSync(join(dir, code.header.name), code.header.text)
  writeFileSync(join(dir, code.source.name), code.source.text)
  const [cc, ...flags] = compiler
  const args = [
    ...STRICT_C99,
    ...flags,
    ...extra,
    '-fdata-sections',
    `-I${join(RUNTIME_DIR, 'include')}`,
    `-I${dir}`,
  ]
  const sources = [join(dir, code.source.name), ...(runtime ? runtimeSources() : [])]
  execFileSync(cc!, [...args, '-c', ...sources], { cwd: dir, stdio: 'pipe' })
  return dir
}

const objectIn = (dir: string, name: string) => readElf(new Uint8Array(readFileSync(join(dir, name))))

const WEIGHT_ARRAY = /_(filter|bias|weights|block|codebook)$/

/** Sizes of the sections that hold one weight array each (`.rodata.<name>` or `.progmem.data.<name>`). */
function weightSections(elf: ElfFile): number {
  return elf.sections
    .filter((s) => /^\.(rodata|progmem\.data)\./.test(s.name) && WEIGHT_ARRAY.test(s.name))
    .reduce((sum, s) => sum + s.size, 0)
}

const sectionBytes = (elf: ElfFile, prefix: RegExp) =>
  elf.sections.filter((s) => prefix.test(s.name)).reduce((n, s) => n + s.size, 0)

/** .data + .bss of every object in `dir`. */
function staticRam(dir: string): number {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.o'))
    .reduce((n, f) => n + sectionBytes(objectIn(dir, f), /^\.(data|bss)(\.|$)/), 0)
}

const arenaSymbol = (elf: ElfFile) => elf.symbols.find((s) => s.name === 'mote_model_arena')

const runtimeObjects = new Map<string, string[]>()

/** The runtime's objects for `compiler`, one function per section, compiled once per compiler. */
function runtimeFor(compiler: readonly string[]): string[] {
  const key = compiler.join(' ')
  const cached = runtimeObjects.get(key)
  if (cached) return cached
  const dir = mkdtempSync(join(tmpdir(), 'mote-codegen-runtime-'))
  const [cc, ...flags] = compiler
  const args = [
    ...STRICT_C99,
    ...flags,
    '-ffunction-sections',
    '-fdata-sections',
    `-I${join(RUNTIME_DIR, 'include')}`,
  ]
  execFileSync(cc!, [...args, '-c', ...runtimeSources()], { cwd: dir, stdio: 'pipe' })
  const objects = readdirSync(dir).map((f) => join(dir, f))
  runtimeObjects.set(key, objects)
  return objects
}

/**
 * Links model.c with the whole runtime into an image that starts at `<prefix>_invoke`, unused sections
 * dropped: what a firmware would carry for the model. Returns the names of the functions in it and its
 * flash: code and constants (.text and .rodata; on AVR the weights in PROGMEM are in .text).
 */
function linkedImage(code: GeneratedModelCode, compiler: readonly string[]) {
  const dir = compile(code, compiler, ['-ffunction-sections'])
  const [cc, ...flags] = compiler
  const entry = `${code.summary.prefix}_invoke`
  const link = ['-nostartfiles', '-Wl,--gc-sections', `-Wl,-e,${entry}`, '-o', 'model.elf']
  execFileSync(cc!, [...flags, ...link, 'model.o', ...runtimeFor(compiler), '-lm'], {
    cwd: dir,
    stdio: 'pipe',
  })
  const nm = cc!.replace(/gcc$/, 'nm')
  const functions = execFileSync(nm, ['model.elf'], { cwd: dir, encoding: 'utf8' })
    .split('\n')
    .flatMap((line) => /^[0-9a-f]+ [Tt] (\S+)$/.exec(line.trim())?.slice(1) ?? [])
  const flash = sectionBytes(objectIn(dir, 'model.elf'), /^\.(text|rodata)/)
  return { functions, flash }
}

describe('the objects of generated code', () => {
  const kws = readTflite(mlperfTinyBytes('kws_ref_model.tflite'))
  const variants: [string, ModelCodeInput][] = [
    ['KWS int8', { graph: kws }],
    ['KWS clustered to 3 bits and Huffman-coded', clusteredVariant(kws, 3)],
  ]

  it.each(variants)(
    '%s on a Cortex-M4: an arena of exactly the planned peak, weights of exactly the table’s bytes',
    (_name, input) => {
      const code = generateModelCode(input)
      const elf = objectIn(compile(code, M4), 'model.o')
      expect(arenaSymbol(elf)?.size).toBe(code.memory.plan.peakBytes)
      expect(weightSections(elf)).toBe(weightsFlashBytes(input.graph, input.coded))
      expect(code.summary.weightBytes).toBe(weightsFlashBytes(input.graph, input.coded))
      expect(sectionBytes(elf, /^\.rodata/)).toBeGreaterThanOrEqual(code.summary.constantBytes)
    },
  )

  it('the gestures demo on an ATmega328P: weights in PROGMEM, nothing in .data, the arena as planned', () => {
    const [gestures] = demoGraphs()
    const code = generateModelCode({ graph: gestures!.int8 })
    const elf = objectIn(compile(code, AVR), 'model.o')
    expect(arenaSymbol(elf)?.size).toBe(code.memory.plan.peakBytes)
    expect(weightSections(elf)).toBe(weightsFlashBytes(gestures!.int8))
    expect(sectionBytes(elf, /^\.data/)).toBe(0)
    expect(sectionBytes(elf, /^\.rodata/)).toBe(0)
  })

  it('a variant the compress step clustered (Huffman where it saves bytes, plain int8 elsewhere) occupies the flash its table row shows, on a Cortex-M4 and an ATmega328P', async () => {
    const variant = await compressStepClusteredVariant()
    const shown = sizeMetrics(variant.graph, variant.coded).weightsFlashBytes
    const code = generateModelCode(variant)
    expect(variant.coded.length).toBeGreaterThan(0)
    expect(code.summary.ops.map((o) => o.kernel)).toContain('mote_conv2d_patch_s8')
    for (const compiler of [M4, AVR]) {
      const elf = objectIn(compile(code, compiler), 'model.o')
      expect(weightSections(elf), compiler[0]).toBe(shown)
      expect(arenaSymbol(elf)?.size).toBe(code.summary.arenaBytes)
    }
  })

  it('an int8 model’s whole image has no floating point and no allocator (Cortex-M0+, ATmega328P); a float one does use float', () => {
    const [gestures] = demoGraphs()
    const images = [
      ['KWS on the Cortex-M0+', linkedImage(generateModelCode({ graph: kws }), M0)],
      ['gestures on the ATmega328P', linkedImage(generateModelCode({ graph: gestures!.int8 }), AVR)],
    ] as const
    for (const [name, image] of images) {
      expect(image.functions, name).toContain('mote_model_invoke')
      expect(
        image.functions.filter((f) => FLOAT_SYMBOL.test(f) || ALLOCATOR.test(f)),
        name,
      ).toEqual([])
      console.log(`${name}: model + runtime ${image.flash} B of flash (.text + .rodata)`)
    }
    // The same check sees floating point where there is some.
    const float = linkedImage(generateModelCode({ graph: gestures!.float }), M0)
    expect(float.functions.filter((f) => FLOAT_SYMBOL.test(f))).not.toEqual([])
  })

  it('the keyword-spotting DS-CNN needs at most 10.2 KB of RAM on a Cortex-M4: arena, .data, .bss, deepest stack', () => {
    const code = generateModelCode({ graph: kws })
    const dir = compile(code, M4, ['-fcallgraph-info=su'], true)
    const stack = deepestStack(dir, 'mote_model_invoke')
    const ram = staticRam(dir) + stack
    console.log(
      `KWS on a Cortex-M4: arena ${code.summary.arenaBytes} B, all .data/.bss ${staticRam(dir)} B, stack ${stack} B: ${ram} B`,
    )
    expect(staticRam(dir)).toBe(code.summary.arenaBytes)
    expect(ram).toBeLessThanOrEqual(10.2 * 1024)
  })
})
