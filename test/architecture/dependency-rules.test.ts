import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { coreGlobalViolations } from './core-globals'
import { checkFile, checkTree, folderCycles, importSpecifiers, serviceFolderEdges } from './import-scanner'

const SRC = join(import.meta.dirname, '../../src')

describe('DESIGN.md dependency rules', () => {
  it('hold for every source file under src/', async () => {
    expect(await checkTree(SRC)).toEqual([])
  })

  it('leave no import cycle between the service folders of src/main/services', async () => {
    expect(folderCycles(await serviceFolderEdges(SRC))).toEqual([])
  })

  it('keep src/core free of browser-only and Node-only globals', async () => {
    expect(await coreGlobalViolations(SRC)).toEqual([])
  }, 60_000)
})

describe('the rule checker itself', () => {
  const at = (rel: string) => join(SRC, rel)

  it('finds every import form', () => {
    const source = [
      "import a from 'a'",
      "import type { B } from 'b'",
      "import 'c'",
      "export { d } from 'd'",
      "const e = await import('e')",
      "const f = require('f')",
      "// import g from 'g'",
    ].join('\n')
    expect(importSpecifiers(source).sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f'])
  })

  it('flags electron outside main/index.ts, main/ipc and preload', () => {
    expect(checkFile(SRC, at('main/services/x.ts'), "import { app } from 'electron'")).toHaveLength(1)
    expect(checkFile(SRC, at('main/ipc/x.ts'), "import { ipcMain } from 'electron'")).toEqual([])
    expect(checkFile(SRC, at('main/index.ts'), "import { app } from 'electron'")).toEqual([])
    expect(checkFile(SRC, at('renderer/x.ts'), "import { ipcRenderer } from 'electron'")).toHaveLength(1)
  })

  it('flags core importing Node built-ins, main, renderer or DOM globals', () => {
    expect(checkFile(SRC, at('core/dsp/x.ts'), "import { readFile } from 'node:fs/promises'")).toHaveLength(1)
    expect(checkFile(SRC, at('core/dsp/x.ts'), "import path from 'path'")).toHaveLength(1)
    expect(checkFile(SRC, at('core/dsp/x.ts'), "import { x } from '../../main/services/y'")).toHaveLength(1)
    expect(checkFile(SRC, at('core/dsp/x.ts'), "import { E } from '../../shared/errors'")).toEqual([])
    expect(checkFile(SRC, at('core/dsp/x.ts'), '// the window length in ms\nconst windowMs = 1')).toEqual([])
  })

  it('flags the renderer reaching into main and the preload reaching past shared', () => {
    expect(
      checkFile(SRC, at('renderer/stores/x.ts'), "import { P } from '../../main/services/project'"),
    ).toHaveLength(1)
    expect(checkFile(SRC, at('preload/index.ts'), "import { c } from '../core/x'")).toHaveLength(1)
    expect(checkFile(SRC, at('preload/index.ts'), "import { c } from '../shared/rpc/contract'")).toEqual([])
  })

  it('finds folders that import each other, directly or round a loop, and names the imports', () => {
    const edge = (from: string, to: string) => ({ from, to, file: `main/services/${from}/x.ts` })
    expect(folderCycles([edge('flash', 'system'), edge('capture', 'flash')])).toEqual([])
    expect(folderCycles([edge('flash', 'toolchain'), edge('toolchain', 'flash')])).toEqual([
      {
        folders: ['flash', 'toolchain'],
        imports: ['main/services/flash/x.ts → toolchain/', 'main/services/toolchain/x.ts → flash/'],
      },
    ])
    const loop = folderCycles([edge('jobs', 'train'), edge('train', 'compress'), edge('compress', 'jobs')])
    expect(loop.map((c) => c.folders)).toEqual([['compress', 'jobs', 'train']])
  })

  it('finds browser and Node globals in core code', async () => {
    const root = await mkdtemp(join(tmpdir(), 'mote-arch-'))
    await mkdir(join(root, 'core'))
    await mkdir(join(root, 'shared'))
    await writeFile(
      join(root, 'core/bad.ts'),
      'export const w = window.innerWidth\nexport const e = process.env\nexport const ok = (window: number) => window + 1\n',
    )
    const found = await coreGlobalViolations(root)
    expect(found).toHaveLength(2)
    expect(found.join('\n')).toMatch(/'window'/)
    expect(found.join('\n')).toMatch(/'process'/)
  }, 60_000)
})
