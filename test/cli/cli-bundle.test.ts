import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { builtinModules } from 'node:module'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { build, type Rolldown } from 'vite'
import { JobsService } from '../../src/main/services/jobs/jobs-service'
import { bundledWorkerFactory } from '../../src/main/services/jobs/worker-factory'
import { CLI_ENTRY_FILE, CLI_WORKER_FILE, cliBuildConfig } from '../../vite.cli.config'
import { ROOT } from './cli-helpers'

/** Packages the command definitions may load: `mote --help` and `--version` need nothing else. */
const DEFINITION_PACKAGES = new Set([
  'commander',
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
])

let outDir: string
let output: Rolldown.RolldownOutput

beforeAll(async () => {
  // Inside the repository, so the bundle finds package.json above it as the real one does.
  await mkdir(join(ROOT, 'out'), { recursive: true })
  outDir = await mkdtemp(join(ROOT, 'out', 'cli-check-'))
  const result = await build({ ...cliBuildConfig(outDir), configFile: false })
  if (Array.isArray(result) || !('output' in result)) throw new Error('expected one build output')
  output = result
}, 120_000)

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true })
})

function chunk(fileName: string): Rolldown.OutputChunk | undefined {
  return output.output.find((c): c is Rolldown.OutputChunk => c.type === 'chunk' && c.fileName === fileName)
}

/** Every chunk the entry loads before it runs, i.e. through static imports, and the packages they import. */
function staticClosure(entry: string): { sources: string[]; packages: string[] } {
  const seen = new Set<string>()
  const packages = new Set<string>()
  const visit = (fileName: string) => {
    if (seen.has(fileName)) return
    seen.add(fileName)
    for (const imported of chunk(fileName)!.imports)
      if (chunk(imported)) visit(imported)
      else packages.add(imported)
  }
  visit(entry)
  const sources = [...seen].flatMap((f) => chunk(f)!.moduleIds.map((id) => relative(ROOT, id)))
  return { sources, packages: [...packages] }
}

describe('the CLI bundle (npm run build → out/cli)', () => {
  it('loads only commander, Node built-ins and the command definitions before a command runs', () => {
    const { sources, packages } = staticClosure(CLI_ENTRY_FILE)
    expect(sources).toContain('src/cli/main.ts')
    // A value imported at the top of src/cli/commands/*.ts from src/main or src/core (or a shared/api
    // contract, which brings zod) lands here: import it inside the action with `await import(…)` instead.
    expect(sources.filter((s) => s.startsWith('src/main/') || s.startsWith('src/core/'))).toEqual([])
    expect(packages.filter((p) => !DEFINITION_PACKAGES.has(p))).toEqual([])
  })

  it('keeps each command’s work in chunks that load when the command runs', () => {
    const lazy = chunk(CLI_ENTRY_FILE)!.dynamicImports.flatMap((f) => chunk(f)?.moduleIds ?? [])
    const lazySources = lazy.map((id) => relative(ROOT, id))
    expect(lazySources).toEqual(
      expect.arrayContaining([
        'src/cli/cli-services.ts',
        'src/cli/commands/serve-run.ts',
        'src/core/boards/catalog.ts',
      ]),
    )
  })

  it('starts mote serve without TensorFlow.js, which only the jobs that train or compress load', () => {
    const serve = output.output.find(
      (c): c is Rolldown.OutputChunk =>
        c.type === 'chunk' && c.moduleIds.some((id) => id.endsWith('serve-run.ts')),
    )!
    const { sources, packages } = staticClosure(serve.fileName)
    expect(sources).toContain('src/main/app-services.ts')
    expect(packages.filter((p) => p.startsWith('@tensorflow/'))).toEqual([])
  })

  it('lists every source it was built from, so bin/mote.mjs can tell when it is stale', async () => {
    const manifest = JSON.parse(await readFile(join(outDir, 'sources.json'), 'utf8')) as {
      entry: string
      builtAtMs: number
      sources: string[]
    }
    expect(manifest.entry).toBe(CLI_ENTRY_FILE)
    expect(manifest.builtAtMs).toBeLessThanOrEqual(Date.now())
    expect(manifest.sources).toEqual(
      expect.arrayContaining([
        'src/cli/main.ts',
        'src/cli/commands/train.ts',
        'src/main/job-worker.ts',
        'src/main/services/train/train-job.ts',
      ]),
    )
    expect(manifest.sources.every((s) => s.startsWith('src/'))).toBe(true)
  })

  it('runs `mote --version` from the bundle', async () => {
    const cli = (await import(pathToFileURL(join(outDir, CLI_ENTRY_FILE)).href)) as {
      main(argv: readonly string[]): Promise<number>
    }
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }
    const written: string[] = []
    const write = process.stdout.write.bind(process.stdout)
    process.stdout.write = ((text: string) => written.push(text) > 0) as typeof process.stdout.write
    try {
      expect(await cli.main(['node', 'mote', '--version'])).toBe(0)
    } finally {
      process.stdout.write = write
    }
    expect(written.join('')).toBe(`${pkg.version}\n`)
  })

  it('runs a real job kind in the bundle’s worker, loading its chunk and TensorFlow.js on demand', async () => {
    const jobs = new JobsService({ createWorker: bundledWorkerFactory(join(outDir, CLI_WORKER_FILE)) })
    try {
      const empty = join(outDir, 'empty-project')
      await mkdir(empty)
      const done = await jobs.wait(jobs.start('evaluate', { projectDir: empty }, 'Evaluate').id)
      // The train job's own answer: its chunk loaded and ran in the bundle's worker.
      expect(done.state).toBe('failed')
      expect(done.error?.message).toMatch(/no trained model yet/)
    } finally {
      await jobs.dispose()
    }
  }, 60_000)
})
