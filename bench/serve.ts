/**
 * Serve benchmark: `npm run bench serve`. Is `mote serve` still responsive to one page while others move
 * bulk data? A probe page calls `app.info` every 10 ms: first on an idle server (the baseline), then while a
 * second process, on two pages of its own, reads a 1.2 M-frame × 3-axis sample (14 MB) 50 times at once,
 * then imports a 49 MB WAV file, then does both together. Prints the probe's latencies under each load as
 * ratios to the idle ones, and each load's own time. Goal (issue 10): every small call answered within 50 ms.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { ROOT, mote, startServe } from '../test/cli/cli-helpers'
import { openServeBridge } from '../test/main/serve/serve-client'

const SAMPLE_FRAMES = 1_200_000
const SAMPLE_MB = (SAMPLE_FRAMES * 3 * 4) / 1e6
const IMPORT_BYTES = 49_000_000
const PARALLEL_READS = 50
const GOAL_MS = 50

interface LoadResult {
  readonly importSeconds: number
  readonly importMB: number
  readonly readsSeconds: number
  readonly reads: number
  readonly failed: readonly string[]
}

type Bridge = Awaited<ReturnType<typeof openServeBridge>>

async function probe(bridge: Bridge, until: () => boolean): Promise<number[]> {
  const latencies: number[] = []
  while (!until()) {
    const start = performance.now()
    const result = await bridge.invoke('mote:app:info', [])
    if (!result.ok) throw new Error(result.error.message)
    latencies.push(performance.now() - start)
    await new Promise((r) => setTimeout(r, 10))
  }
  return latencies
}

/** Runs bench/serve/load.ts; resolves `started` once its pages are connected and the data is made. */
function runLoad(args: readonly (string | number)[]) {
  const script = join(ROOT, 'bench/serve/load.ts')
  const child = spawn(process.execPath, [join(ROOT, 'bin/run-ts.mjs'), script, ...args.map(String)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: child.stdout })
  let started = (): void => undefined
  return {
    started: new Promise<void>((resolve) => (started = resolve)),
    done: new Promise<LoadResult>((resolve, reject) => {
      lines.on('line', (line) => (line === 'started' ? started() : resolve(JSON.parse(line) as LoadResult)))
      child.on('exit', (code) => code !== 0 && reject(new Error(`the load process exited with ${code}`)))
    }),
  }
}

async function underLoad(bridge: Bridge, args: readonly (string | number)[]) {
  const load = runLoad(args)
  await load.started
  let finished = false
  const [latencies, result] = await Promise.all([
    probe(bridge, () => finished),
    load.done.finally(() => (finished = true)),
  ])
  return { latencies, result }
}

async function addLongSample(bridge: Bridge): Promise<string> {
  const values = new Float32Array(SAMPLE_FRAMES * 3).map((_, i) => Math.sin(i / 100))
  const axes = ['x', 'y', 'z'].map((name) => ({ name, unit: 'g' }))
  const sample = {
    kind: 'timeseries',
    label: 'long',
    rateHz: 100,
    axes,
    length: SAMPLE_FRAMES,
    source: 'bench',
    values,
  }
  const added = await bridge.invoke('mote:dataset:add', [[sample]])
  if (!added.ok) throw new Error(added.error.message)
  return (added.value as { id: string }[])[0]!.id
}

const quantile = (values: readonly number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!

function report(name: string, idle: readonly number[], loaded: readonly number[], load: LoadResult): void {
  const cell = (q: number) => {
    const [a, b] = [quantile(idle, q), quantile(loaded, q)]
    return `${b.toFixed(0).padStart(5)} ms ×${(b / a).toFixed(0).padEnd(4)}`
  }
  const parts = [
    load.reads > 0
      ? `${load.reads} reads of ${SAMPLE_MB.toFixed(1)} MB in ${load.readsSeconds.toFixed(1)} s`
      : '',
    load.importMB > 0 ? `${load.importMB.toFixed(0)} MB import in ${load.importSeconds.toFixed(1)} s` : '',
  ]
  const max = quantile(loaded, 1)
  console.log(
    `${name.padEnd(14)} ${String(loaded.length).padStart(5)}  ${cell(0.5)} ${cell(0.95)} ${cell(1)}  ` +
      `${max <= GOAL_MS ? 'met    ' : 'NOT met'}  ${parts.filter(Boolean).join(', ')}`,
  )
  for (const failure of load.failed) console.log(`  failed: ${failure}`)
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'mote-bench-serve-'))
  const env = { MOTE_CONFIG_DIR: join(work, 'config') }
  const created = await mote(['project', 'new', join(work, 'project'), '--name', 'bench'], env)
  if (created.code !== 0) throw new Error(created.stderr)
  const serve = await startServe(['--project', join(work, 'project')], env)
  const token = new URL(serve.url).searchParams.get('token')!
  try {
    const bridge = await openServeBridge(serve.port, token)
    const sampleId = await addLongSample(bridge)
    let calls = 0
    const idle = await probe(bridge, () => calls++ >= 200)
    console.log(
      `app.info latency under load; ratios to the idle server (median ${quantile(idle, 0.5).toFixed(1)} ms,`,
    )
    console.log(
      `p95 ${quantile(idle, 0.95).toFixed(1)} ms, max ${quantile(idle, 1).toFixed(1)} ms over ${idle.length} calls)`,
    )
    console.log(
      `load           calls     median           p95             max     ≤ ${GOAL_MS} ms  the load itself`,
    )
    for (const [name, importBytes, reads] of [
      ['50 reads', 0, PARALLEL_READS],
      ['49 MB import', IMPORT_BYTES, 0],
      ['both', IMPORT_BYTES, PARALLEL_READS],
    ] as const) {
      const { latencies, result } = await underLoad(bridge, [serve.port, token, sampleId, importBytes, reads])
      report(name, idle, latencies, result)
    }
    bridge.close()
  } finally {
    serve.child.kill('SIGTERM')
    await rm(work, { recursive: true, force: true })
  }
}

await main()
