import { afterEach, describe, expect, it } from 'vitest'
import type { MonitorClosed, MonitorData } from '../../../../src/shared/api/monitor'
import { nodeSerialOpener, type RawSerialPort } from '../../../../src/main/services/serial/serial-port'
import { SerialMonitorService } from '../../../../src/main/services/monitor/serial-monitor-service'
import { PortLeases } from '../../../../src/main/services/serial/port-leases'
import { openPtyPair } from '../capture/pty-pair'

const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c()
})

async function setup() {
  const pair = await openPtyPair()
  cleanup.push(() => pair.close())
  const leases = new PortLeases()
  const monitor = new SerialMonitorService(nodeSerialOpener, leases)
  cleanup.push(() => monitor.dispose())
  const board: RawSerialPort = await nodeSerialOpener(pair.board, { baudRate: 115200 })
  cleanup.push(() => board.close())
  return { pair, leases, monitor, board }
}

const until = async (check: () => boolean) => {
  const end = Date.now() + 5000
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('serial monitor over a socat pty pair', () => {
  it('delivers every byte the board prints, in order, in batched events', async () => {
    const { pair, monitor, board } = await setup()
    const received: MonitorData[] = []
    monitor.onDidData((d) => received.push(d))
    await monitor.open(pair.host, 115200)
    const lines = Array.from({ length: 500 }, (_, i) => `${i},${i * 2},${-i}\r\n`).join('')
    for (let i = 0; i < lines.length; i += 97)
      await board.write(new TextEncoder().encode(lines.slice(i, i + 97)))
    await until(() => received.map((r) => r.text).join('').length >= lines.length)
    expect(received.map((r) => r.text).join('')).toBe(lines)
    expect(received.length).toBeLessThan(100)
  })

  it('sends text with the chosen line ending', async () => {
    const { pair, monitor, board } = await setup()
    let got = ''
    board.onData((chunk) => (got += new TextDecoder().decode(chunk)))
    await monitor.open(pair.host, 9600)
    await monitor.send(pair.host, 'hello', 'crlf')
    await monitor.send(pair.host, 'x', 'none')
    await until(() => got.length >= 8)
    expect(got).toBe('hello\r\nx')
  })

  it('refuses a port that a capture holds, naming who has it', async () => {
    const { pair, monitor, leases } = await setup()
    const lease = leases.acquire(pair.host, 'capture')
    await expect(monitor.open(pair.host, 115200)).rejects.toThrow(/in use by the capture/)
    lease.dispose()
    await monitor.open(pair.host, 115200)
    expect(leases.ownerOf(pair.host)).toBe('serial monitor')
  })

  it('keeps what arrived and reports the close when the board is unplugged', async () => {
    const { pair, monitor, board, leases } = await setup()
    const received: string[] = []
    const closed: MonitorClosed[] = []
    monitor.onDidData((d) => received.push(d.text))
    monitor.onDidClose((c) => closed.push(c))
    await monitor.open(pair.host, 115200)
    await board.write(new TextEncoder().encode('last words\n'))
    await until(() => received.join('').includes('last words'))
    await pair.close()
    await until(() => closed.length === 1)
    expect(closed[0]!.path).toBe(pair.host)
    expect(await monitor.openPorts()).toEqual([])
    expect(leases.ownerOf(pair.host)).toBeUndefined()
  })

  it('says clearly when a port cannot be opened', async () => {
    const { monitor } = await setup()
    await expect(monitor.open('/dev/does-not-exist', 115200)).rejects.toThrow(
      /Could not open \/dev\/does-not-exist/,
    )
  })
})
