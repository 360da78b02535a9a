/**
 * One-click deployment benchmark: `npm run bench deploy` (~1–2 minutes). The gestures demo's variant (the test
 * fixture: demo project, seeded untrained int8 model) built, flashed through optiboot and tested on 100 raw
 * windows on the virtual Uno (simavr in real time), three times:
 *   1. first build: empty build folder and empty object cache (every source compiled);
 *   2. another variant (the same model with one bias changed, as after retraining): the app is compiled, the
 *      runtime and DSP objects come from the object cache, the new firmware is flashed;
 *   3. the same variant again: the build is reused and the board already runs it, so it is not flashed.
 * The baseline, measured in the same run, is the board's own compute for those windows (its DSP + model
 * cycles at 16 MHz): the rest of the test stage is the protocol's overhead. The bar: build + flash +
 * test of 100 windows ≤ 20 s.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deploy, type DeployReport } from '../src/main/services/device-test/deploy-run'
import {
  addRetrainedVariant,
  FIXTURE_VARIANT,
  gesturesDeployProject,
  virtualUnoDeployDeps,
} from '../test/main/services/device-test/deploy-project'
import { testToolchain, testVirtualBoards } from '../test/main/services/virtual-boards/fixtures'

const WINDOWS = 100
const objectCache = await mkdtemp(join(tmpdir(), 'mote-bench-objects-'))
const boardToolchain = testToolchain()
const { service } = await testVirtualBoards(boardToolchain)
const project = await gesturesDeployProject()
const retrained = await addRetrainedVariant(project)
const info = await service.start('uno')
// The firmware's own objects go to an empty cache, so that run 1 compiles everything.
const deps = virtualUnoDeployDeps(testToolchain(objectCache), project, () => info.controlSocket)

function line(name: string, r: DeployReport, wallMs: number): void {
  const t = r.test!
  const computeS = (t.latencyMs.median * t.windows) / 1000
  const s = (ms: number) => (ms / 1000).toFixed(2)
  console.log(
    `${name}: total ${s(wallMs)} s = build ${s(r.durationsMs.build)} + flash ${s(r.durationsMs.flash)}${r.firmware.alreadyOnBoard ? ' (already on the board)' : ''} + test ${s(r.durationsMs.test)} s` +
      ` | ${t.windows} windows, ${t.mismatches} mismatches, latency median ${t.latencyMs.median.toFixed(1)} ms` +
      ` | board compute ${computeS.toFixed(2)} s (baseline), test stage / baseline ${(r.durationsMs.test / 1000 / computeS).toFixed(2)}` +
      ` | ${wallMs <= 20_000 ? 'within' : 'OVER'} the 20 s bar (${(wallMs / 20_000).toFixed(2)}×)`,
  )
}

const runs: [string, string][] = [
  ['1 first build', FIXTURE_VARIANT],
  ['2 retrained variant', retrained],
  ['3 same variant again', retrained],
]
try {
  for (const [name, variantId] of runs) {
    const started = Date.now()
    const report = await deploy(deps, {
      projectDir: project,
      boardId: 'virtual-uno',
      port: info.port,
      windows: WINDOWS,
      variantId,
    })
    line(name, report, Date.now() - started)
  }
} finally {
  await service.stopAll()
  await rm(objectCache, { recursive: true, force: true })
}
