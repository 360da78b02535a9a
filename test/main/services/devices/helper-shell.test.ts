import { spawn } from 'node:child_process'
import { chmod, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadLinuxList } from '../../../../src/main/services/devices/node-device-sources'
import {
  createHelperShell,
  type HelperChild,
  type HelperShell,
} from '../../../../src/main/services/devices/helper-shell'

const shells: HelperShell[] = []
afterEach(() => shells.splice(0).forEach((s) => s.dispose()))

function helper(env: NodeJS.ProcessEnv = process.env): HelperShell {
  const shell = createHelperShell(env)
  shells.push(shell)
  return shell
}

/** The output and exit status of one command, as serialport's lister reads them. */
function outcome(child: HelperChild): Promise<{ out: string; status: number | Error }> {
  return new Promise((resolve) => {
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (t: string) => (out += t))
    child.on('error', (error: Error) => resolve({ out, status: error }))
    child.on('close', (status: number) => child.stdout.on('end', () => resolve({ out, status })).resume())
  })
}

/** A stand-in for `udevadm info -e`: two devices, one a USB serial port, as udev prints them. */
const UDEV_DB = [
  'P: /devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/ttyUSB0/tty/ttyUSB0',
  'N: ttyUSB0',
  'S: serial/by-id/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0',
  'E: DEVNAME=/dev/ttyUSB0',
  'E: ID_VENDOR_ID=0403',
  'E: ID_MODEL_ID=6001',
  'E: ID_SERIAL_SHORT=A50285BI',
  'E: ID_VENDOR=FTDI',
  "E: DEVLINKS=/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0 /dev/it's here",
  '',
  'P: /devices/virtual/input/input3',
  'N: input/event3',
  'E: DEVNAME=/dev/input/event3',
  '',
].join('\n')

async function fakeUdevadm(): Promise<NodeJS.ProcessEnv> {
  const bin = await mkdtemp(join(tmpdir(), 'mote-udevadm-'))
  await writeFile(join(bin, 'db.txt'), UDEV_DB)
  await writeFile(join(bin, 'udevadm'), `#!/bin/sh\n[ "$1 $2" = "info -e" ] || exit 2\ncat '${bin}/db.txt'\n`)
  await chmod(join(bin, 'udevadm'), 0o755)
  return { ...process.env, PATH: `${bin}:${process.env.PATH}` }
}

describe('the helper shell that runs udevadm for the serial port list', () => {
  it('gives a command its arguments as they are, and its output and exit status', async () => {
    const shell = helper()
    expect(await outcome(shell.spawn('printf', ['%s|', "it's", 'a b', '$HOME', '`x`']))).toEqual({
      out: "it's|a b|$HOME|`x`|",
      status: 0,
    })
    expect(await outcome(shell.spawn('sh', ['-c', 'printf "no newline"; exit 3']))).toEqual({
      out: 'no newline',
      status: 3,
    })
    expect((await outcome(shell.spawn('mote-no-such-command', []))).status).toBe(127)
  })

  it('runs commands given at once one after the other, and starts a new shell when the old one died', async () => {
    const shell = helper()
    const runs = [1, 2, 3].map((n) => outcome(shell.spawn('sh', ['-c', `sleep 0.0${n}; echo ${n}`])))
    expect(await Promise.all(runs)).toEqual([1, 2, 3].map((n) => ({ out: `${n}\n`, status: 0 })))
    const dying = outcome(shell.spawn('sh', ['-c', 'kill -9 $PPID']))
    expect((await dying).status).toBeInstanceOf(Error)
    expect(await outcome(shell.spawn('echo', ['again']))).toEqual({ out: 'again\n', status: 0 })
  })

  it("gives serialport's Linux lister the same ports as its own spawn does", async () => {
    const env = await fakeUdevadm()
    const linuxList = await loadLinuxList()
    const direct = await linuxList(((command: string, args: string[]) =>
      spawn(command, args, { env })) as unknown as Parameters<typeof linuxList>[0])
    const throughShell = await linuxList(helper(env).spawn)
    expect(direct.map((p) => p.path)).toEqual(['/dev/ttyUSB0'])
    expect(throughShell).toEqual(direct)
  })

  it("fails serialport's Linux lister as its own spawn does when udevadm is missing", async () => {
    const env = { ...process.env, PATH: '/nonexistent' }
    const linuxList = await loadLinuxList()
    await expect(linuxList(helper(env).spawn)).rejects.toThrow(/udevadm exited with error code: 127/)
  })
})
