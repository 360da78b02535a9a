import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findBoard } from '../../../../src/core/boards/board-lookup'
import {
  deploy,
  type DeployDeps,
  type DeployReport,
} from '../../../../src/main/services/device-test/deploy-run'
import type { VirtualBoardsService } from '../../../../src/main/services/virtual-boards/virtual-boards-service'
import { DeviceTestErrorCode } from '../../../../src/shared/api/device-test'
import { testToolchain, testVirtualBoards } from '../virtual-boards/fixtures'
import {
  FIXTURE_VARIANT,
  addRetrainedVariant,
  gesturesDeployProject,
  virtualUnoDeployDeps,
} from './deploy-project'

/**
 * One-click deployment on the virtual Uno, as the Deploy view and `mote deploy` run it: a project's variant
 * built, flashed and tested, the report stored in the project; then a test cancelled and a board unplugged
 * (the virtual board stopped) in the middle: each keeps the windows that arrived, and the next run works.
 */
let boards: VirtualBoardsService
let project: string
let port: string
let deps: DeployDeps
let toolchain: ReturnType<typeof testToolchain>

beforeAll(async () => {
  toolchain = testToolchain()
  boards = (await testVirtualBoards(toolchain)).service
  project = await gesturesDeployProject()
  port = (await boards.start('uno')).port
  deps = virtualUnoDeployDeps(toolchain, project, () => boards.uno()!.state.controlSocket)
}, 120_000)

afterAll(async () => {
  await boards?.stopAll()
})

const request = (windows: number) => ({ projectDir: project, boardId: 'virtual-uno', port, windows })

describe('deploying the gestures variant to the virtual Uno', () => {
  it('builds, flashes and tests 8 windows with zero mismatches, and stores the report in the project', async () => {
    const stages = new Set<string>()
    const report = await deploy(deps, request(8), { onProgress: (stage) => stages.add(stage) })
    expect([...stages]).toEqual(['generate', 'compile', 'flash', 'test'])
    expect(report.variant.id).toBe(FIXTURE_VARIANT)
    expect(report.test).toMatchObject({ windows: 8, mismatches: 0, partial: false })
    expect(report.firmware.flashCapacityBytes).toBe(32256)
    expect(report.firmware.flashBytes).toBeLessThan(32256)
    expect(report.identity?.boardId).toBe('virtual-uno')
    const stored = JSON.parse(
      await readFile(join(project, 'deploy', FIXTURE_VARIANT, 'virtual-uno.json'), 'utf8'),
    ) as DeployReport
    expect(stored.test?.mismatches).toBe(0)
    expect(stored.firmware.sha256).toBe(report.firmware.sha256)
  }, 240_000)

  it('does not flash a build the board already runs, and flashes after all when the board runs other firmware', async () => {
    const same = await deploy(deps, { ...request(2), variantId: FIXTURE_VARIANT })
    expect(same.firmware.alreadyOnBoard).toBe(true)
    expect(same.durationsMs.flash).toBe(0)
    expect(same.test).toMatchObject({ windows: 2, mismatches: 0 })
    // Another build folder (another studio, or a tool that knows nothing of this one) flashes another build.
    const retrained = await addRetrainedVariant(project)
    const elsewhere = virtualUnoDeployDeps(toolchain, project, () => boards.uno()!.state.controlSocket)
    const other = await deploy(
      { ...elsewhere, buildDir: `${deps.buildDir}-elsewhere` },
      { ...request(0), variantId: retrained },
    )
    expect(other.identity?.buildId).toBe(other.firmware.buildId)
    expect(other.firmware.buildId).not.toBe(same.firmware.buildId)
    // This folder's record still says the fixture's build; the board's Identity says otherwise.
    const back = await deploy(deps, { ...request(2), variantId: FIXTURE_VARIANT })
    expect(back.firmware.alreadyOnBoard).toBeUndefined()
    expect(back.durationsMs.flash).toBeGreaterThan(0)
    expect(back.identity?.buildId).toBe(same.firmware.buildId)
    expect(back.test).toMatchObject({ windows: 2, mismatches: 0 })
  }, 240_000)

  it('cancelled mid-test, keeps the windows that arrived; the next run works', async () => {
    const cancellation = { aborted: false }
    const report = await deploy(deps, request(40), {
      cancellation,
      onProgress: (stage, fraction) => {
        if (stage === 'test' && fraction >= 0.1) cancellation.aborted = true
      },
    })
    expect(report.test?.partial).toBe(true)
    expect(report.test!.windows).toBeGreaterThanOrEqual(4)
    expect(report.test!.windows).toBeLessThan(40)
    expect(report.stoppedBy).toMatch(/cancel/i)
    const again = await deploy(deps, request(3))
    expect(again.test).toMatchObject({ windows: 3, mismatches: 0 })
  }, 240_000)

  it('unplugged mid-test (the board stopped), keeps what arrived with a clean reason; after a restart it works', async () => {
    const stopping = { started: false }
    const report = await deploy(deps, request(40), {
      onProgress: (stage, fraction) => {
        if (stage === 'test' && fraction >= 0.1 && !stopping.started) {
          stopping.started = true
          void boards.stop('uno')
        }
      },
    })
    expect(report.test?.partial).toBe(true)
    expect(report.test!.windows).toBeLessThan(40)
    expect(report.stoppedBy).toMatch(/went away|port closed/i)
    port = (await boards.start('uno')).port
    const again = await deploy(deps, request(3))
    expect(again.test).toMatchObject({ windows: 3, mismatches: 0 })
  }, 240_000)

  it('refuses a board without a port of the firmware, saying what to do', async () => {
    const failure = deploy(deps, { ...request(1), boardId: 'esp32-devkitc' })
    await expect(failure).rejects.toMatchObject({ code: DeviceTestErrorCode.UnsupportedBoard })
    expect(findBoard('esp32-devkitc')).toBeDefined()
  })
})
