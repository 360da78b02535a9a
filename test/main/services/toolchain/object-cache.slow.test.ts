import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { FirmwareProject } from '../../../../src/main/services/toolchain/firmware-build'
import { testToolchain } from '../virtual-boards/fixtures'

/**
 * A project with a library part (sources that read only their own headers): the library's objects are
 * compiled once into the toolchain's cache and reused by the next build, and a changed library header
 * compiles them again. Built with avr-gcc, run by nothing: the link and the compiler calls are the proof.
 */
async function projectWithLibrary(root: string, scale: number): Promise<FirmwareProject> {
  const app = join(root, 'app')
  const lib = join(root, 'lib')
  await mkdir(app, { recursive: true })
  await mkdir(lib, { recursive: true })
  await writeFile(join(app, 'main.c'), '#include "lib.h"\nint main(void) { return lib_twice(21); }\n')
  await writeFile(join(lib, 'lib.h'), `#define LIB_SCALE ${scale}\nint lib_twice(int x);\n`)
  await writeFile(join(lib, 'lib.c'), '#include "lib.h"\nint lib_twice(int x) { return x * LIB_SCALE; }\n')
  return {
    name: 'with-library',
    sourceDir: app,
    sources: ['main.c'],
    includeDirs: [lib],
    library: { sources: [join(lib, 'lib.c')], includeDirs: [lib] },
    family: 'avr',
    cflags: ['-mmcu=atmega328p', '-DF_CPU=16000000UL'],
  }
}

async function buildLogged(toolchain: ReturnType<typeof testToolchain>, project: FirmwareProject) {
  let log = ''
  const phrases: string[] = []
  const out = await mkdtemp(join(tmpdir(), 'mote-objcache-out-'))
  await toolchain.build(project, out, {
    onOutput: (t) => (log += t),
    onProgress: (_f, p) => phrases.push(p),
  })
  return { compiledLibrary: /-c \S*lib\.c/.test(log), phrases }
}

describe('the object cache of library sources', () => {
  it('compiles the library once, reuses it for the next build, and compiles it again when its header changes', async () => {
    const toolchain = testToolchain(await mkdtemp(join(tmpdir(), 'mote-objcache-')))
    const root = await mkdtemp(join(tmpdir(), 'mote-objcache-src-'))
    const first = await buildLogged(toolchain, await projectWithLibrary(root, 2))
    expect(first.compiledLibrary).toBe(true)
    const second = await buildLogged(toolchain, await projectWithLibrary(root, 2))
    expect(second.compiledLibrary).toBe(false)
    expect(second.phrases).toContain('Library objects from the cache')
    const changed = await buildLogged(toolchain, await projectWithLibrary(root, 3))
    expect(changed.compiledLibrary).toBe(true)
  }, 60_000)
})
