import { isAbsolute, relative, resolve } from 'node:path'
import { defineConfig, type Plugin, type UserConfig } from 'vite'

/** The repository root (this file lives in it). */
const ROOT = import.meta.dirname

/** Where `npm run build` puts the CLI, and the names bin/mote.mjs and the bench rely on. */
export const CLI_OUT_DIR = resolve(ROOT, 'out/cli')
export const CLI_ENTRY_FILE = 'mote.js'
export const CLI_WORKER_FILE = 'job-worker.js'

/**
 * Writes sources.json beside the bundle: every source file it was built from and the time the build
 * started. bin/cli-entry.mjs runs the bundle only while none of them is newer, so an edited checkout runs
 * its sources (through tsx) instead of a stale bundle.
 */
function sourcesManifest(): Plugin {
  let builtAtMs = 0
  return {
    name: 'mote-cli-sources-manifest',
    buildStart() {
      builtAtMs = Date.now()
    },
    generateBundle(_options, bundle) {
      const sources = new Set<string>()
      for (const file of Object.values(bundle))
        if (file.type === 'chunk')
          for (const id of file.moduleIds) {
            const path = relative(ROOT, id)
            if (isAbsolute(id) && !path.startsWith('..') && !path.includes('node_modules')) sources.add(path)
          }
      const manifest = { entry: CLI_ENTRY_FILE, builtAtMs, sources: [...sources].sort() }
      this.emitFile({ type: 'asset', fileName: 'sources.json', source: JSON.stringify(manifest, null, 1) })
    },
  }
}

/**
 * The `mote` CLI as an ES module bundle for Node (out/cli/mote.js), with the job worker as a second entry
 * (out/cli/job-worker.js) so jobs run the same bundled code. Packages but commander stay imports that Node
 * resolves from node_modules at run time; what a command loads with `import()` becomes a chunk of its own,
 * so `--help` loads commander and the command definitions only. Built by electron.vite.config.ts after the main build
 * (so `npm run build` and `npx electron-vite build` build it); `npx vite build -c vite.cli.config.ts` alone.
 */
export function cliBuildConfig(outDir = CLI_OUT_DIR): UserConfig {
  return {
    root: ROOT,
    logLevel: 'warn',
    plugins: [sourcesManifest()],
    ssr: { noExternal: ['commander'] },
    build: {
      ssr: true,
      target: 'node20',
      outDir,
      emptyOutDir: true,
      minify: false,
      sourcemap: false,
      rollupOptions: {
        input: {
          mote: resolve(ROOT, 'src/cli/main.ts'),
          'job-worker': resolve(ROOT, 'src/main/job-worker.ts'),
        },
        // Packages and node built-ins are loaded by Node at run time, except commander (ssr.noExternal):
        // every command needs it, and one bundled module loads faster than its CommonJS files one by one.
        external: (id) =>
          !id.startsWith('.') && !isAbsolute(id) && !id.startsWith('\0') && id !== 'commander',
        output: {
          format: 'es',
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].js',
        },
      },
    },
  }
}

export default defineConfig(cliBuildConfig())
