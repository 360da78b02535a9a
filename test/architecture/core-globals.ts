import ts from 'typescript'
import { sourceFiles } from './import-scanner'

/**
 * Compiles src/core (and the shared types it may use) with only the ECMAScript library: no DOM, no Node
 * types. Any global that exists only in browsers (window, document, HTMLCanvasElement, …) or only in Node
 * (process, Buffer, require, __dirname) is then an unknown name, which is exactly the violation we want to
 * find. This is independent of ESLint's rule, so the two check each other.
 */
export async function coreGlobalViolations(srcRoot: string): Promise<string[]> {
  const files = [
    ...(await sourceFiles(`${srcRoot}/core`)),
    ...(await sourceFiles(`${srcRoot}/shared`)),
  ].filter((f) => f.endsWith('.ts'))
  const program = ts.createProgram(files, {
    lib: ['lib.es2023.d.ts'],
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noEmit: true,
    skipLibCheck: true,
    strict: true,
  })
  const unknownName = new Set([2304, 2580, 2582, 2583, 2584, 2591, 2592, 2593])
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => unknownName.has(d.code) && d.file !== undefined && d.file.fileName.startsWith(srcRoot))
    .map(
      (d) =>
        `${d.file!.fileName.slice(srcRoot.length + 1)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
    )
}
