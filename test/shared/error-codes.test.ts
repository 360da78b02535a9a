import { readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { allErrorCodes, ERROR_CODE_BLOCKS, ERROR_CODE_TABLES } from '../../src/shared/error-codes'
import { JobsErrorCode } from '../../src/shared/api/jobs'
import { cancelledFailure, throwIfCancelled, type MoteFailure } from '../../src/shared/errors'
import { sourceFiles, stripComments } from '../architecture/import-scanner'

const ROOT = join(import.meta.dirname, '../..')
const SRC = join(ROOT, 'src')

/** `const Name = { … }` objects whose values include a four- or five-digit number: error-code tables. */
function codeTablesIn(source: string): string[] {
  const found: string[] = []
  for (const match of stripComments(source).matchAll(/\bconst\s+(\w+)\s*=\s*\{([^{}]*)\}/g)) {
    if (/Error|Code/.test(match[1]!) && /:\s*\d{4,5}\b/.test(match[2]!)) found.push(match[1]!)
  }
  return found
}

describe('the error-code tables', () => {
  it('give every code to one name of one service only', () => {
    const byCode = new Map<number, string[]>()
    for (const { table, name, code } of allErrorCodes()) {
      byCode.set(code, [...(byCode.get(code) ?? []), `${table}.${name}`])
    }
    const shared = [...byCode.entries()].filter(([, names]) => names.length > 1)
    expect(shared).toEqual([])
  })

  it("keep each service's codes inside its block", () => {
    const outside = allErrorCodes().filter(({ table, code }) => {
      const block = ERROR_CODE_BLOCKS[table]
      return code < block.first || code > block.last
    })
    expect(outside).toEqual([])
  })

  it('are defined in the contract files only: no service or core module keeps a table of its own', async () => {
    const elsewhere: string[] = []
    for (const file of await sourceFiles(SRC)) {
      const rel = relative(SRC, file).split(/[\\/]/).join('/')
      if (rel.startsWith('shared/api/') || rel === 'shared/errors.ts') continue
      for (const table of codeTablesIn(await readFile(file, 'utf8'))) elsewhere.push(`${rel}: ${table}`)
    }
    expect(elsewhere).toEqual([])
  })

  it('are all listed, block by block, in docs/architecture.md', async () => {
    const doc = await readFile(join(ROOT, 'docs/architecture.md'), 'utf8')
    const missing = Object.keys(ERROR_CODE_TABLES).filter((table) => !doc.includes(`\`${table}\``))
    expect(missing).toEqual([])
  })

  it('finds a table written outside the contract files (the checker itself)', () => {
    expect(codeTablesIn('export const SamBaErrorCode = { NoAnswer: 7503 } as const')).toEqual([
      'SamBaErrorCode',
    ])
    expect(codeTablesIn('const BoardErrorCode = { RateOutOfRange: 1 }')).toEqual([])
    expect(codeTablesIn('// const OldCode = { A: 7001 }')).toEqual([])
  })
})

describe('cancellation', () => {
  it('is one code whatever stopped, with the sentence the caller gives', () => {
    expect(cancelledFailure().code).toBe(JobsErrorCode.Cancelled)
    let thrown: MoteFailure | undefined
    try {
      throwIfCancelled({ aborted: true }, 'Flashing was cancelled at page 3 of 9.')
    } catch (error) {
      thrown = error as MoteFailure
    }
    expect(thrown?.toError()).toEqual({
      code: JobsErrorCode.Cancelled,
      message: 'Flashing was cancelled at page 3 of 9.',
    })
    expect(() => throwIfCancelled({ aborted: false })).not.toThrow()
    expect(() => throwIfCancelled(undefined)).not.toThrow()
  })
})
