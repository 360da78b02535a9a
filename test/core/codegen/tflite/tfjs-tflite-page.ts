/**
 * TensorFlow Lite itself, in headless Chromium: `@tensorflow/tfjs-tflite` (the TFLite C++ runtime built to
 * WebAssembly, with XNNPACK) loads .tflite files that a local HTTP server hands out, and runs them on the
 * inputs we give. Everything the page loads comes from the repository's node_modules through that server;
 * any request for another origin is refused and recorded (`offline`), so a test can prove that the runtime
 * downloads nothing.
 */
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from '../../../e2e/browser'

const NODE_MODULES = join(import.meta.dirname, '../../../../node_modules')

/**
 * URL prefix → folders under node_modules, tried in order. Only these folders are served. tfjs-tflite's
 * script and its WebAssembly builds share one URL folder, because the script first looks for the runtime
 * beside itself.
 */
const MOUNTS: Readonly<Record<string, readonly string[]>> = {
  '/tfjs-core/': ['@tensorflow/tfjs-core/dist/'],
  '/tfjs-backend-cpu/': ['@tensorflow/tfjs-backend-cpu/dist/'],
  '/tflite/': ['@tensorflow/tfjs-tflite/dist/', '@tensorflow/tfjs-tflite/wasm/'],
}

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.html': 'text/html',
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>tfjs-tflite</title>
<script src="/tfjs-core/tf-core.min.js"></script>
<script src="/tfjs-backend-cpu/tf-backend-cpu.min.js"></script>
<script src="/tflite/tf-tflite.min.js"></script>
<script>tflite.setWasmPath('/tflite/')</script>`

export type ModelInput = Int8Array | Float32Array

/** One run's outputs, by model output, as plain numbers. */
export type TfliteOutputs = number[][]

export interface TflitePage {
  /**
   * Runs `model` (by name, from `serveModel`) once per entry of `runs`, each entry holding one typed array
   * per model input (dtype as the model's: Int8Array or Float32Array).
   */
  run(model: string, runs: readonly (readonly ModelInput[])[]): Promise<TfliteOutputs[]>
  /** Makes `bytes` loadable as `name`. */
  serveModel(name: string, bytes: Uint8Array): void
  /** Requests the page made to anything but our server (should stay empty). */
  readonly offline: readonly string[]
  /** Every URL our server answered, e.g. to show which WebAssembly build was loaded. */
  readonly served: readonly string[]
  /** Page errors and console errors. */
  readonly errors: readonly string[]
  close(): Promise<void>
}

async function staticFile(path: string): Promise<Buffer | undefined> {
  const mount = Object.keys(MOUNTS).find((prefix) => path.startsWith(prefix))
  if (mount === undefined) return undefined
  const relative = normalize(path.slice(mount.length))
  if (relative.startsWith('..')) return undefined
  for (const folder of MOUNTS[mount]!) {
    const body = await readFile(join(NODE_MODULES, folder, relative)).catch(() => undefined)
    if (body) return body
  }
  return undefined
}

function startServer(models: Map<string, Uint8Array>, served: string[]): Promise<Server> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
    served.push(path)
    const send = (body: Uint8Array | string, type: string) => {
      response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' })
      response.end(body)
    }
    if (path === '/') return send(PAGE, TYPES['.html']!)
    if (path === '/favicon.ico') return void response.writeHead(204).end()
    const model = path.startsWith('/models/') ? models.get(path.slice('/models/'.length)) : undefined
    if (model) return send(model, 'application/octet-stream')
    void staticFile(path).then((body) => {
      if (body) return send(body, TYPES[extname(path)] ?? 'application/octet-stream')
      response.writeHead(404).end()
    })
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

/** One input on its way to the page: the typed array's bytes in base64 (large arrays travel fast so). */
interface PageInput {
  readonly dtype: 'int8' | 'float32'
  readonly base64: string
}

const toPageInput = (x: ModelInput): PageInput => ({
  dtype: x instanceof Int8Array ? 'int8' : 'float32',
  base64: Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('base64'),
})

/** Outputs come back as float32 bytes in base64 (int8 and float32 values both fit exactly). */
const fromPageOutput = (base64: string): number[] => {
  const bytes = Buffer.from(base64, 'base64')
  return Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4))
}

/**
 * In the page: load (once) and run a model. Outputs are taken by the model's output names, in the model's
 * output order (tfjs-tflite returns them as a map by name).
 */
async function runInPage(page: Page, model: string, runs: PageInput[][]): Promise<string[][]> {
  return page.evaluate(
    async ({ model, runs }) => {
      interface Tensor {
        dataSync(): ArrayLike<number>
        dispose(): void
      }
      interface Model {
        inputs: { shape: number[] }[]
        outputs: { name: string }[]
        predict(x: Tensor[]): Tensor | Record<string, Tensor>
      }
      const w = globalThis as unknown as {
        tf: { tensor(values: Int32Array | Float32Array, shape: number[], dtype: string): Tensor }
        tflite: { loadTFLiteModel(url: string, options: object): Promise<Model> }
        models?: Map<string, Model>
      }
      const bytesOf = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
      const base64Of = (values: Float32Array) => {
        const bytes = new Uint8Array(values.buffer)
        let text = ''
        for (let i = 0; i < bytes.length; i += 0x8000)
          text += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
        return btoa(text)
      }
      w.models ??= new Map()
      let loaded = w.models.get(model)
      if (!loaded) {
        loaded = await w.tflite.loadTFLiteModel(`/models/${model}`, { numThreads: 1 })
        w.models.set(model, loaded)
      }
      const shapes = loaded.inputs.map((i) => i.shape)
      const names = loaded.outputs.map((o) => o.name)
      return runs.map((inputs) => {
        const xs = inputs.map(({ dtype, base64 }, i) => {
          const bytes = bytesOf(base64)
          return dtype === 'int8'
            ? w.tf.tensor(Int32Array.from(new Int8Array(bytes.buffer)), shapes[i]!, 'int32')
            : w.tf.tensor(new Float32Array(bytes.buffer), shapes[i]!, 'float32')
        })
        const out = loaded.predict(xs)
        const list =
          names.length === 1 ? [out as Tensor] : names.map((n) => (out as Record<string, Tensor>)[n]!)
        const result = list.map((t) => base64Of(Float32Array.from(t.dataSync())))
        for (const t of [...xs, ...list]) t.dispose()
        return result
      })
    },
    { model, runs },
  )
}

/** Opens TFLite's web runtime in headless Chromium (a few seconds: 3.6 MB of WebAssembly compile). */
export async function openTflitePage(): Promise<TflitePage> {
  const models = new Map<string, Uint8Array>()
  const served: string[] = []
  const offline: string[] = []
  const errors: string[] = []
  const server = await startServer(models, served)
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  let browser: Browser | undefined
  try {
    browser = await launchChromium()
    const page = await browser.newPage()
    await page.route('**/*', (route) => {
      const url = route.request().url()
      if (url.startsWith(`${origin}/`)) return route.continue()
      offline.push(url)
      return route.abort('blockedbyclient')
    })
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`)
    })
    await page.goto(`${origin}/`)
    const opened = browser
    return {
      run: async (model, runs) => {
        const outputs = await runInPage(
          page,
          model,
          runs.map((inputs) => inputs.map(toPageInput)),
        )
        return outputs.map((run) => run.map(fromPageOutput))
      },
      serveModel: (name, bytes) => void models.set(name, bytes),
      offline,
      served,
      errors,
      close: async () => {
        await opened.close()
        await new Promise((resolve) => server.close(resolve))
      },
    }
  } catch (error) {
    await browser?.close()
    server.close()
    throw error
  }
}
