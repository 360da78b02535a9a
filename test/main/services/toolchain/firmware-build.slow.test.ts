import { JobsErrorCode } from '../../../../src/shared/api/jobs'
import { ToolchainErrorCode } from '../../../../src/shared/api/toolchain'
import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { nodeProcessRunner } from '../../../../src/main/services/system/process-runner'
import { blinkEchoProject } from '../../../../src/main/services/toolchain/blink-echo-project'
import { BuildFailure } from '../../../../src/main/services/toolchain/build-failure'
import { RESOURCES_DIR, testToolchain } from '../virtual-boards/fixtures'

/** `avr-size -A` / `arm-none-eabi-size -A` as the independent reference for the size report. */
async function sizeTool(tool: string, elf: string): Promise<Map<string, number>> {
  const { stdout } = await nodeProcessRunner.run(tool, ['-A', elf])
  const sizes = new Map<string, number>()
  for (const line of stdout.split('\n')) {
    const m = /^(\.\S+)\s+(\d+)\s+(\d+)/.exec(line)
    if (m) sizes.set(m[1]!, Number(m[2]))
  }
  return sizes
}

describe('building firmware with the real cross compilers', () => {
  const toolchain = testToolchain()

  it('builds blink-echo for the Uno into .elf/.hex/.bin with a size report that matches avr-size', async () => {
    const out = await mkdtemp(join(tmpdir(), 'mote-build-'))
    const phrases: string[] = []
    let output = ''
    const result = await toolchain.build(blinkEchoProject(RESOURCES_DIR, 'uno'), out, {
      onProgress: (_f, phrase) => phrases.push(phrase),
      onOutput: (text) => (output += text),
    })
    expect(phrases[0]).toBe('Compiling main.c (1 of 1)')
    expect(output).toContain('avr-gcc')
    expect((await readFile(result.hexPath, 'utf8')).startsWith(':')).toBe(true)
    const sizes = await sizeTool('avr-size', result.elfPath)
    expect(result.size.flashBytes).toBe((sizes.get('.text') ?? 0) + (sizes.get('.data') ?? 0))
    expect(result.size.ramBytes).toBe((sizes.get('.data') ?? 0) + (sizes.get('.bss') ?? 0))
    const bin = await readFile(result.binPath)
    expect(bin.length).toBe(result.size.flashBytes)
    expect(result.size.flashFreeBytes).toBe(32256 - result.size.flashBytes)
    expect(result.size.largestSymbols[0]?.name).toBe('main')
  })

  it('builds blink-echo for the Cortex-M4 and M3 with the Arm toolchain', async () => {
    for (const target of ['m4', 'm3'] as const) {
      const out = await mkdtemp(join(tmpdir(), 'mote-build-'))
      const result = await toolchain.build(blinkEchoProject(RESOURCES_DIR, target), out)
      const sizes = await sizeTool('arm-none-eabi-size', result.elfPath)
      expect(result.size.flashBytes).toBe((sizes.get('.text') ?? 0) + (sizes.get('.data') ?? 0))
      const vectors = new DataView((await readFile(result.binPath)).buffer)
      expect(vectors.getUint32(0, true)).toBe(0x20010000) // initial stack pointer: top of the 64 KiB RAM
      expect(vectors.getUint32(4, true) & 1).toBe(1) // reset vector in Thumb state
    }
  })

  it('also writes a .uf2 for boards flashed by copying a file, whose blocks carry the .bin at the flash address', async () => {
    const out = await mkdtemp(join(tmpdir(), 'mote-build-'))
    const familyId = 0xe48bff56 // RP2040
    const result = await toolchain.build(
      { ...blinkEchoProject(RESOURCES_DIR, 'm3'), uf2: { familyId, baseAddress: 0x10000000 } },
      out,
    )
    const uf2 = new DataView((await readFile(result.extraOutputs.uf2!)).buffer)
    const bin = await readFile(result.binPath)
    const blocks = uf2.byteLength / 512
    expect(blocks).toBe(Math.ceil(bin.length / 256))
    // Decoded straight from the UF2 spec's block layout (microsoft/uf2 README), not with our encoder.
    for (let b = 0; b < blocks; b++) {
      const at = b * 512
      expect(uf2.getUint32(at, true)).toBe(0x0a324655) // magic start 0
      expect(uf2.getUint32(at + 4, true)).toBe(0x9e5d5157) // magic start 1
      expect(uf2.getUint32(at + 8, true) & 0x2000).toBe(0x2000) // family id present
      expect(uf2.getUint32(at + 12, true)).toBe(0x10000000 + b * 256)
      expect(uf2.getUint32(at + 20, true)).toBe(b)
      expect(uf2.getUint32(at + 24, true)).toBe(blocks)
      expect(uf2.getUint32(at + 28, true)).toBe(familyId)
      expect(uf2.getUint32(at + 508, true)).toBe(0x0ab16f30) // magic end
      const payload = new Uint8Array(uf2.buffer, at + 32, 256)
      const expected = bin.subarray(b * 256, b * 256 + 256)
      expect(Array.from(payload.subarray(0, expected.length))).toEqual(Array.from(expected))
    }
  })

  it('reports compile errors by file, line and column, with the first one in the message', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mote-bad-'))
    await writeFile(join(dir, 'main.c'), 'int main(void) {\n  int x = ;\n  return 0;\n}\n')
    const error = await toolchain
      .build({ name: 'bad', sourceDir: dir, family: 'avr', cflags: ['-mmcu=atmega328p'] }, join(dir, 'out'))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BuildFailure)
    const failure = error as BuildFailure
    expect(failure.code).toBe(ToolchainErrorCode.CompileFailed)
    expect(failure.diagnostics).toContainEqual(
      expect.objectContaining({ file: 'main.c', line: 2, column: 11, severity: 'error' }),
    )
    expect(failure.message).toMatch(/^The build failed: main\.c:2:11: expected expression/)
  })

  it('reports an undefined function as a link error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mote-link-'))
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'main.c'), 'void missing(void);\nint main(void) { missing(); return 0; }\n')
    const error = (await toolchain
      .build({ name: 'link', sourceDir: dir, family: 'avr', cflags: ['-mmcu=atmega328p'] }, join(dir, 'out'))
      .catch((e: unknown) => e)) as BuildFailure
    expect(error.code).toBe(ToolchainErrorCode.LinkFailed)
    expect(error.diagnostics.some((d) => d.severity === 'error' && d.message.includes('missing'))).toBe(true)
  })

  it('stops before compiling when the build is cancelled', async () => {
    const out = await mkdtemp(join(tmpdir(), 'mote-build-'))
    const error = (await toolchain
      .build(blinkEchoProject(RESOURCES_DIR, 'uno'), out, { cancellation: { aborted: true } })
      .catch((e: unknown) => e)) as BuildFailure
    expect(error.code).toBe(JobsErrorCode.Cancelled)
  })
})
