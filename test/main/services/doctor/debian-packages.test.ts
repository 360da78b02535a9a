import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TOOLS } from '../../../../src/main/services/doctor/tool-catalog'

describe('npm run setup', () => {
  it('installs every Debian package that mote doctor names as an install hint', async () => {
    const text = await readFile(join(import.meta.dirname, '../../../../scripts/debian-packages.txt'), 'utf8')
    const listed = new Set(
      text
        .split('\n')
        .map((l) => l.replace(/#.*/, '').trim())
        .filter(Boolean),
    )
    const needed = TOOLS.flatMap((t) => t.debianPackages)
    expect(needed.filter((p) => !listed.has(p))).toEqual([])
  })
})
