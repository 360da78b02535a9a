import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs build script without type declarations
import * as build from '../../../../resources/wasm/build.mjs'
import { kernelsWasmClangMajor } from '../../../../src/core/train/kernels/wasm-binary.generated'

const script = build as {
  clangMajorVersion: () => number
  compileWasm: () => Uint8Array
  generatedModuleText: (bytes: Uint8Array, digest: string, major: number) => string
  sourceDigest: () => string
  generatedModulePath: string
}

function clangMajor(): number | null {
  try {
    execFileSync('clang', ['--version'])
    return script.clangMajorVersion()
  } catch {
    return null
  }
}

const major = clangMajor()

describe('reproducing the embedded WebAssembly kernels', () => {
  it.skipIf(major !== kernelsWasmClangMajor)(
    `rebuilds byte-for-byte from resources/wasm with clang ${kernelsWasmClangMajor} (found ${major ?? 'none'})`,
    () => {
      const text = script.generatedModuleText(
        script.compileWasm(),
        script.sourceDigest(),
        kernelsWasmClangMajor,
      )
      expect(text === readFileSync(script.generatedModulePath, 'utf8')).toBe(true)
    },
  )
})
