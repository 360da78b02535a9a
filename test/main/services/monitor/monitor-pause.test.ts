import { readFile as readDisk } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import type { MonitorClosed, MonitorData, MonitorPause } from '../../../../src/shared/api/monitor'
import { FlashService } from '../../../../src/main/services/flash/flash-service'
import { dtrPulseReset } from '../../../../src/main/services/firmware/reset-strategy'
import { Stk500v1Flasher } from '../../../../src/main/services/flash/stk500v1-flasher'
import { JobsService } from '../../../../src/main/services/jobs/jobs-service'
import { SerialMonitorService } from '../../../../src/main/services/monitor/serial-monitor-service'
import { PortLeases } from '../../../../src/main/services/serial/port-leases'
import type { FileSystem } from '../../../../src/main/services/system/file-system'
import { FakeOptiboot } from '../flash/fakes/fake-optiboot'
import { FakeSerialBus, type FakeDevice } from '../flash/fakes/fake-serial'

const PORT = '/dev/ttyACM0'
const BLINK_ECHO_HEX = new URL('../toolchain/fixtures/blink-echo-uno.hex', import.meta.url)
const noSleep = async () => undefined

/** An Uno behind a fake port: optiboot after each reset, then an application that echoes what it gets. */
function echoingUno(): { board: FakeOptiboot; device: FakeDevice } {
  const board = new FakeOptiboot()
  const device: FakeDevice = {
    opened: () => board.opened(),
    signals: (lines) => board.signals(lines),
    receive: (bytes, reply, baudRate) =>
      board.inBootloader ? board.receive(bytes, reply, baudRate) : reply(bytes),
  }
  return { board, device }
}

function setup(resumeAttempts = 20) {
  const bus = new FakeSerialBus()
  const uno = echoingUno()
  bus.plug({ path: PORT }, uno.device)
  const leases = new PortLeases()
  const monitor = new SerialMonitorService(bus.opener, leases, Date.now, {
    attempts: resumeAttempts,
    delayMs: 5,
  })
  const jobs = new JobsService({
    createWorker: () => {
      throw new Error('no workers here')
    },
  })
  const flasher = new Stk500v1Flasher({
    opener: bus.opener,
    resetFor: async () => dtrPulseReset(noSleep),
    sleep: noSleep,
    timing: { syncReplyMs: 40, commandReplyMs: 200, pageWriteReplyMs: 200 },
  })
  // Whatever path is flashed, it holds the blink-echo build.
  const fs = { readFile: () => readDisk(BLINK_ECHO_HEX) } as unknown as FileSystem
  const flash = new FlashService({ fs, jobs, leases, monitor, flashers: new Map([['stk500v1', flasher]]) })
  const events: (MonitorPause | MonitorClosed | string)[] = []
  monitor.onDidPause((p) => events.push(p))
  monitor.onDidClose((c) => events.push({ ...c, closed: true } as MonitorClosed))
  let received = ''
  monitor.onDidData((d: MonitorData) => (received += d.text))
  return { bus, uno, monitor, jobs, flash, events, received: () => received }
}

const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 5))
  }
}

describe('the serial monitor around a flash, as in Arduino IDE 2', () => {
  it('lets go of the port while flashing, then reopens it at its baud rate and shows the board again', async () => {
    const { bus, uno, monitor, jobs, flash, events, received } = setup()
    await monitor.open(PORT, 9600)
    const job = await flash.flashFile({ file: '/fw/blink.hex', port: PORT, boardId: 'uno' })
    const done = await jobs.wait(job.id)
    expect(done.state, done.error?.message).toBe('succeeded')
    expect(uno.board.flash[0]).toBe(0x0c)
    expect(await jobs.log(job.id)).toContain(`The serial monitor on ${PORT} is paused while flashing.`)
    await until(() => events.length >= 2)
    expect(events).toEqual([
      { path: PORT, paused: true, reason: 'flashing' },
      { path: PORT, paused: false },
    ])
    // monitor at 9600, the flasher at optiboot's 115200, the monitor back at 9600
    expect(bus.openLog.map((o) => o.baudRate)).toEqual([9600, 115_200, 9600])
    expect(await monitor.openPorts()).toEqual([PORT])
    uno.board.inBootloader = false // optiboot's timeout: the application runs
    await monitor.send(PORT, 'still here', 'none')
    await until(() => received() === 'still here')
  })

  it('says so, and closes, when the board does not come back after the flash', async () => {
    const { bus, uno, monitor, jobs, flash, events } = setup(3)
    // The port goes away when the flasher lets go of it (the second close; the first is the monitor's).
    let closes = 0
    uno.device.closed = () => void (++closes === 2 && bus.unplug(PORT))
    await monitor.open(PORT, 115200)
    const job = await flash.flashFile({ file: '/fw/blink.hex', port: PORT, boardId: 'uno' })
    expect((await jobs.wait(job.id)).state).toBe('succeeded')
    await until(() => events.length >= 3)
    expect(events[1]).toMatchObject({
      path: PORT,
      paused: false,
      error: expect.stringMatching(/cannot open/),
    })
    expect(events[2]).toMatchObject({ path: PORT, closed: true, error: expect.stringMatching(/cannot open/) })
    expect(await monitor.openPorts()).toEqual([])
  })

  it('leaves ports it does not hold alone', async () => {
    const { monitor, jobs, flash, events } = setup()
    const job = await flash.flashFile({ file: '/fw/blink.hex', port: PORT, boardId: 'uno' })
    expect((await jobs.wait(job.id)).state).toBe('succeeded')
    expect(events).toEqual([])
    expect(await jobs.log(job.id)).not.toContain(`The serial monitor on ${PORT} is paused while flashing.`)
    await monitor.dispose()
  })
})
