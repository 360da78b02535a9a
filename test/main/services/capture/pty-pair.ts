import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A virtual serial cable: `socat pty,raw,echo=0 pty,raw,echo=0`, one end for the board, one for Mote. */
export interface PtyPair {
  readonly board: string
  readonly host: string
  /** Kills socat: the host side sees the port vanish, as when a board is unplugged. */
  unplug(): void
  close(): Promise<void>
}

export async function openPtyPair(): Promise<PtyPair> {
  const dir = await mkdtemp(join(tmpdir(), 'mote-pty-'))
  const board = join(dir, 'board')
  const host = join(dir, 'host')
  const socat: ChildProcess = spawn(
    'socat',
    [`pty,raw,echo=0,link=${board}`, `pty,raw,echo=0,link=${host}`],
    { stdio: 'ignore' },
  )
  const started = Date.now()
  while (!existsSync(board) || !existsSync(host)) {
    if (Date.now() - started > 5000 || socat.exitCode !== null)
      throw new Error('socat did not create the pty pair')
    await new Promise((r) => setTimeout(r, 10))
  }
  return {
    board,
    host,
    unplug: () => void socat.kill('SIGKILL'),
    close: async () => {
      socat.kill('SIGKILL')
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** Starts scripted-board.mjs on the board end; resolves the child (kill it or await its exit). */
export function startScriptedBoard(
  pty: string,
  options: {
    rateHz: number
    axes: number
    lines: number
    separator?: 'comma' | 'tab' | 'space'
    banner?: string
    /** Smooth sines instead of the exact ramp (for pictures, not for value checks). */
    sine?: boolean
  },
): ChildProcess {
  return spawn(
    process.execPath,
    [
      join(import.meta.dirname, 'scripted-board.mjs'),
      pty,
      String(options.rateHz),
      String(options.axes),
      String(options.lines),
      options.separator ?? 'comma',
      options.banner ?? '-',
      ...(options.sine ? ['sine'] : []),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  )
}

/** The value the scripted board prints for line k, axis a (kept in step with scripted-board.mjs). */
export const boardValue = (k: number, a: number): number => ((k * 31 + a * 1009) % 100003) / 16 - 3000
