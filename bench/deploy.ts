/**
 * One-click deployment benchmark: `npm run bench deploy` (~1 minute). The gestures demo's variant (the test
 * fixture: demo project, seeded untrained int8 model) built, flashed through optiboot and tested on 100
 * raw windows on the virtual Uno (simavr in real time), twice: a cold build (empty build folder) and a
 * warm one (unchanged sources: the build is reused). The baseline, measured in the same run, is the board's
 * own compute for those windows (its DSP + model cycles at 16 MHz): the rest of the test stage is the
 * protocol's overhead. The bar: build + flash + test of 100 windows ≤ 20 s.
 */
import { deploy, type DeployReport } from '../src/main/services/device-test/deploy-run'
import { gesturesDeployProject, virtualUnoDeployDeps } from '../test/main/services/device-test/deploy-project'
import { testToolchain, testVirtualBoards } from '../test/main/services/virtual-boards/fixtures'

const WINDOWS = 100
const toolchain = testToolchain()
const { service } = await testVirtualBoards(toolchain)
const project = await gesturesDeployProject()
const info = await service.start('uno')
const deps = virtualUnoDeployDeps(toolchain, project, () => info.controlSocket)

function line(name: string, r: DeployReport, wallMs: number): void {
  const t = r.test!
  const computeS = (t.latencyMs.median * t.windows) / 1000
  const s = (ms: number) => (ms / 1000).toFixed(2)
  console.log(
    `${name}: total ${s(wallMs)} s = build ${s(r.durationsMs.build)} + flash ${s(r.durationsMs.flash)} + test ${s(r.durationsMs.test)} s` +
      ` | ${t.windows} windows, ${t.mismatches} mismatches, latency median ${t.latencyMs.median.toFixed(1)} ms` +
      ` | board compute ${computeS.toFixed(2)} s (baseline), test stage / baseline ${(r.durationsMs.test / 1000 / computeS).toFixed(2)}` +
      ` | ${wallMs <= 20_000 ? 'within' : 'OVER'} the 20 s bar (${(wallMs / 20_000).toFixed(2)}×)`,
  )
}

try {
  for (const name of ['cold build', 'warm build']) {
    const started = Date.now()
    const report = await deploy(deps, {
      projectDir: project,
      boardId: 'virtual-uno',
      port: info.port,
      windows: WINDOWS,
    })
    line(name, report, Date.now() - started)
  }
} finally {
  await service.stopAll()
}
