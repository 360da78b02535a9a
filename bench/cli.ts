/**
 * CLI start-up benchmark: `npm run bench cli`. Starts `mote` the way a user does (`node bin/mote.mjs …`,
 * so the built bundle in out/cli when it is fresh, else the sources through tsx) and times, from spawn:
 * `--version`, `--help` and `boards --json` to their exit, and `serve` until its port accepts a
 * connection (then it is stopped with SIGTERM). Each round runs every case once after `node -e 0`, the
 * baseline, so a busy machine slows all of them alike; the medians are printed as seconds and as ratios
 * against the baseline. The goals (issue 9) are seconds on an idle machine where `node -e 0` takes 0.1 s;
 * the ratio goals are the same figures divided by those 0.1 s, and they decide "met".
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chooseCliEntry } from '../bin/cli-entry.mjs'

const ROOT = join(import.meta.dirname, '..')
const MOTE = join(ROOT, 'bin/mote.mjs')
const ROUNDS = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 7)
/** `node -e 0` on the idle machine the goals were written for. */
const GOAL_BASELINE_S = 0.1

interface Case {
  readonly name: string
  readonly goalSeconds?: number
  readonly run: () => Promise<number>
}

const work = await mkdtemp(join(tmpdir(), 'mote-bench-cli-'))
const env = { ...process.env, MOTE_CONFIG_DIR: join(work, 'config'), MOTE_CACHE_DIR: join(work, 'cache') }

/** Milliseconds from spawn to exit; a non-zero exit fails the bench. */
function timeToExit(args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolve(performance.now() - start)
      else reject(new Error(`node ${args.join(' ')} exited with ${code}: ${stderr}`))
    })
  })
}

/** Milliseconds from spawn until `mote serve` accepts a TCP connection on the port it printed. */
function timeToListening(): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const child = spawn(process.execPath, [MOTE, 'serve', '--json'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let stopping = false
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t))
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (!stopping) reject(new Error(`mote serve exited with ${code ?? signal}: ${stderr}`))
    })
    child.stdout.setEncoding('utf8').on('data', (t: string) => {
      stdout += t
      const port = /"port": (\d+)/.exec(stdout)?.[1]
      if (port === undefined) return
      child.stdout.removeAllListeners('data')
      const socket = connect(Number(port), '127.0.0.1', () => {
        const ms = performance.now() - start
        socket.destroy()
        child.once('close', () => resolve(ms))
        stopping = true
        child.kill('SIGTERM')
      })
      socket.on('error', reject)
    })
  })
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

const baseline: Case = { name: 'node -e 0 (baseline)', run: () => timeToExit(['-e', '0']) }
const cases: readonly Case[] = [
  { name: 'mote --version', goalSeconds: 0.15, run: () => timeToExit([MOTE, '--version']) },
  { name: 'mote --help', goalSeconds: 0.3, run: () => timeToExit([MOTE, '--help']) },
  { name: 'mote boards --json', goalSeconds: 0.5, run: () => timeToExit([MOTE, 'boards', '--json']) },
  { name: 'mote serve, to a listening port', goalSeconds: 1, run: timeToListening },
]

const entry = chooseCliEntry(ROOT)
console.log(
  `mote runs ${entry.kind === 'bundle' ? 'the built bundle (out/cli)' : `from source: ${entry.reason}`}`,
)
console.log(
  `${ROUNDS} rounds, medians; goals are for an idle machine where node -e 0 takes ${GOAL_BASELINE_S} s\n`,
)

const samples = new Map<Case, number[]>([baseline, ...cases].map((c) => [c, []]))
try {
  for (let round = 0; round < ROUNDS; round++)
    for (const c of [baseline, ...cases]) samples.get(c)!.push(await c.run())
} finally {
  await rm(work, { recursive: true, force: true })
}

const base = median(samples.get(baseline)!) / 1000
console.log(`${'case'.padEnd(34)} ${'seconds'.padStart(8)} ${'ratio'.padStart(7)}   goal`)
console.log(`${baseline.name.padEnd(34)} ${base.toFixed(3).padStart(8)} ${'1.0×'.padStart(7)}`)
let missed = 0
for (const c of cases) {
  const seconds = median(samples.get(c)!) / 1000
  const ratio = seconds / base
  const goalRatio = c.goalSeconds! / GOAL_BASELINE_S
  const met = ratio <= goalRatio
  if (!met) missed++
  console.log(
    `${c.name.padEnd(34)} ${seconds.toFixed(3).padStart(8)} ${`${ratio.toFixed(1)}×`.padStart(7)}   ` +
      `≤ ${goalRatio.toFixed(1)}× (${c.goalSeconds} s idle)  ${met ? 'met' : 'NOT MET'}`,
  )
}
process.exitCode = missed === 0 ? 0 : 1
