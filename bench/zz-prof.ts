import { spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks'
import { createCliServices, PACKAGE_ROOT } from '../src/cli/cli-context'
import { startServeServer } from '../src/main/serve/serve-server'
import { openServeBridge } from '../test/main/serve/serve-client'
const work = await mkdtemp(join(tmpdir(), 'mote-prof-'))
process.env.MOTE_CONFIG_DIR = join(work, 'config')
const services = createCliServices('serve')
await services.project.create({ dir: join(work, 'p'), name: 'bench' })
const h = await startServeServer({ router: services.router, staticDir: join(PACKAGE_ROOT, 'out/renderer') })
const bridge = await openServeBridge(h.port, h.token)
const values = new Float32Array(1_200_000 * 3).map((_, i) => Math.sin(i / 100))
const axes = ['x', 'y', 'z'].map((name) => ({ name, unit: 'g' }))
const added = await bridge.invoke('mote:dataset:add', [[{ kind: 'timeseries', label: 'long', rateHz: 100, axes, length: 1_200_000, source: 'b', values }]])
if (!added.ok) throw new Error(added.error.message)
const id = (added.value as { id: string }[])[0]!.id
const gcs: number[] = []
new PerformanceObserver((list) => { for (const e of list.getEntries()) gcs.push(e.duration) }).observe({ entryTypes: ['gc'] })
const h2 = monitorEventLoopDelay({ resolution: 5 }); h2.enable()
const child = spawn(process.execPath, ['bin/run-ts.mjs', 'bench/serve/load.ts', String(h.port), h.token, id, process.argv[2] ?? '0', process.argv[3] ?? '50'], { stdio: ['ignore', 'inherit', 'inherit'] })
await new Promise((r) => child.once('exit', r))
h2.disable()
console.log('loop delay p50', (h2.percentile(50) / 1e6).toFixed(0), 'p99', (h2.percentile(99) / 1e6).toFixed(0), 'max', (h2.max / 1e6).toFixed(0))
gcs.sort((a, b) => b - a); console.log('gc count', gcs.length, 'total ms', gcs.reduce((a, b) => a + b, 0).toFixed(0), 'top', gcs.slice(0, 8).map((g) => g.toFixed(0)).join(' '))
bridge.close(); await h.close(); await services.dispose(); process.exit(0)
