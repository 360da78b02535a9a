import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { access } from 'node:fs/promises'

export interface PtyPair {
  /** The end the code under test opens, as it would open /dev/ttyACM0. */
  readonly devicePath: string
  /** The end the test drives, playing the board. */
  readonly boardPath: string
  /** Ends socat: both ends close, as when a board is unplugged. */
  close(): Promise<void>
}

/** A virtual serial cable: two linked pseudo-terminals made by socat (`pty,raw,echo=0`). */
export async function openPtyPair(): Promise<PtyPair> {
  const dir = await mkdtemp(join(tmpdir(), 'mote-pty-'))
  const devicePath = join(dir, 'device')
  const boardPath = join(dir, 'board')
  const child: ChildProcess = spawn(
    'socat',
    [`pty,raw,echo=0,link=${devicePath}`, `pty,raw,echo=0,link=${boardPath}`],
    {
      stdio: 'ignore',
    },
  )
  const deadline = Date.now() + 5000
  for (;;) {
    try {
      await access(devicePath)
      await access(boardPath)
      break
    } catch {
      if (Date.now() > deadline) throw new Error('socat did not create the pty pair (is socat installed?)')
      await new Promise((r) => setTimeout(r, 20))
    }
  }
  return {
    devicePath,
    boardPath,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
