import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import { build, type Plugin } from 'vite'
import { cliBuildConfig } from './vite.cli.config'

/**
 * Builds the `mote` CLI bundle (vite.cli.config.ts) once the main process is built, so that one
 * `electron-vite build` builds everything the app, `mote` and the tests run. Not in watch mode (`npm run
 * dev`), where the CLI keeps running from source.
 */
function cliBundle(): Plugin {
  return {
    name: 'mote-cli-bundle',
    apply: 'build',
    async closeBundle() {
      if (this.meta.watchMode) return
      await build({ ...cliBuildConfig(), configFile: false })
    },
  }
}

/**
 * Three builds: the main process (plus the job worker, a second entry so that jobs run the same bundled
 * code as the app), the preload (CommonJS, because sandboxed preloads cannot load ES modules) and the
 * renderer, which `mote serve` also hosts for browsers. The main build also builds the CLI (cliBundle).
 */
export default defineConfig({
  main: {
    plugins: [cliBundle()],
    build: {
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          'job-worker': resolve('src/main/job-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    base: './',
    plugins: [vue()],
    build: {
      outDir: resolve('out/renderer'),
      chunkSizeWarningLimit: 4096,
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
})
