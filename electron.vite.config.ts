import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'

/**
 * Three builds: the main process (plus the job worker, a second entry so that jobs run the same bundled
 * code as the app), the preload (CommonJS, because sandboxed preloads cannot load ES modules) and the
 * renderer, which `mote serve` also hosts for browsers.
 */
export default defineConfig({
  main: {
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
