import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { runVirtualCommand } from '../../src/cli/commands/virtual-run'
import { openCollector, testVirtualBoards } from '../main/services/virtual-boards/fixtures'

describe('mote virtual start', () => {
  it('prints the port of a virtual M4 as one JSON line and keeps the board running until told to stop', async () => {
    const { service } = await testVirtualBoards()
    const stdout = new PassThrough()
    let printed = ''
    stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()))
    let stop: () => void = () => undefined
    const until = new Promise<void>((resolve) => (stop = resolve))
    const exit = runVirtualCommand('m4', {
      json: true,
      stdout,
      stderr: new PassThrough(),
      services: service,
      until,
    })
    while (!printed.includes('\n')) await new Promise((r) => setTimeout(r, 20))
    const started = JSON.parse(printed.split('\n')[0]!) as {
      event: string
      port: string
      state: string
      virtual: boolean
    }
    expect(started).toMatchObject({ event: 'started', state: 'running', virtual: true })
    const serial = await openCollector(started.port) // the idle image prints nothing, but the port is there
    await serial.close()
    stop()
    expect(await exit).toBe(0)
    expect(printed.trim().split('\n').at(-1)).toBe('{"event":"stopped","kind":"m4"}')
  })
})
