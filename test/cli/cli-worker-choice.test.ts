import { describe, expect, it } from 'vitest'
import { runsFromSource } from '../../src/cli/cli-services'

describe('which job worker the CLI starts', () => {
  it('takes a module loaded by tsx, whose URL carries a query, as running from source', () => {
    expect(runsFromSource('file:///repo/src/cli/cli-services.ts?tsx-namespace=ebaad812')).toBe(true)
    expect(runsFromSource('file:///repo/src/cli/cli-services.ts')).toBe(true)
  })

  it('takes the bundle as the bundle', () => {
    expect(runsFromSource('file:///repo/out/cli/chunks/cli-services-abc.js')).toBe(false)
    expect(runsFromSource('file:///repo/out/cli/mote.js?v=1.ts')).toBe(false)
  })
})
