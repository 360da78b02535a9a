import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/core/train/random'

const require = createRequire(import.meta.url)
type Unmask = (buffer: Buffer, mask: Buffer) => void

/**
 * ws unmasks every frame a page sends; in JavaScript that costs about 1 ms per 256 KiB part on a busy machine
 * (a 49 MB import: 200 ms of the server's loop). The optional `bufferutil` add-on does it natively, and ships
 * prebuilt binaries: nothing is compiled or downloaded when it is installed (docs/serve.md).
 */
describe('unmasking WebSocket frames', () => {
  it('loads bufferutil from the prebuilt binary in its package, without a compiler', () => {
    const gypBuild = require('node-gyp-build') as { path(dir: string): string }
    const binary = gypBuild.path(dirname(require.resolve('bufferutil/package.json')))
    expect(binary).toMatch(/[/\\]prebuilds[/\\]/)
  })

  it('gives the same bytes as unmasking by hand, at sizes around its word boundaries', () => {
    const { unmask } = require('bufferutil') as { unmask: Unmask }
    const rng = createRng(3)
    for (const size of [1, 3, 4, 7, 8, 31, 32, 33, 1000, 262_156]) {
      const data = Buffer.from(Array.from({ length: size }, () => rng.int(0, 255)))
      const mask = Buffer.from([rng.int(0, 255), rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)])
      const expected = data.map((b, i) => b ^ mask[i % 4]!)
      unmask(data, mask)
      expect(data.equals(expected)).toBe(true)
    }
  })

  it('is the unmasking ws uses', () => {
    const wsUtil = require(join(dirname(require.resolve('ws')), 'lib/buffer-util.js')) as { unmask: Unmask }
    // Later Node versions unmask natively in node:http, which ws prefers; on Node 20 it is bufferutil.
    expect(wsUtil.unmask.toString()).toMatch(/bufferUtil\.unmask|websocketUnmask/)
  })
})
