import { describe, expect, it } from 'vitest'
import {
  cyclesToMicroseconds,
  parseHarnessEvent,
} from '../../../../src/main/services/virtual-boards/harness-events'
import { parseJsonLine } from '../../../../src/main/services/virtual-boards/line-process'

// Lines as the harness (resources/firmware/virtual-uno) prints them.
const READY =
  '{"event":"ready","protocol":1,"pty":"/dev/pts/3","link":"/tmp/u/tty","control":"/tmp/u/control.sock","mcu":"atmega328p","clockHz":16000000,"bootStart":32256,"pid":42}'

describe('virtual Uno harness events', () => {
  it('reads the ready line with the port and control socket', () => {
    expect(parseHarnessEvent(parseJsonLine(READY)!)).toMatchObject({
      event: 'ready',
      pty: '/dev/pts/3',
      control: '/tmp/u/control.sock',
    })
  })

  it('reads markers, resets, pins and port changes', () => {
    const lines = [
      '{"event":"marker","cycles":4000,"startCycle":21223511,"endCycle":21227511}',
      '{"event":"reset","cause":"port-open","mcusr":2,"cycle":18}',
      '{"event":"pin","pin":"PB5","value":1,"cycle":29180960}',
      '{"event":"port","open":false,"cycle":20933300}',
      '{"event":"state","state":"erased-flash","pc":0,"cycle":18}',
    ]
    expect(lines.map((l) => parseHarnessEvent(parseJsonLine(l)!)?.event)).toEqual([
      'marker',
      'reset',
      'pin',
      'port',
      'state',
    ])
  })

  it('ignores replies, unknown events and text that is not JSON', () => {
    expect(parseHarnessEvent(parseJsonLine('{"reply":"reset","ok":true,"cycle":5}')!)).toBeUndefined()
    expect(parseHarnessEvent(parseJsonLine('{"event":"teleport"}')!)).toBeUndefined()
    expect(parseJsonLine('UART: 0 configured to 0010 = 117647 bps')).toBeUndefined()
    expect(parseJsonLine('{"event":')).toBeUndefined()
  })

  it('converts cycles at 16 MHz into microseconds', () => {
    expect(cyclesToMicroseconds(4000)).toBe(250)
  })
})
