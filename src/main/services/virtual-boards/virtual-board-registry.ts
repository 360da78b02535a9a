import { VIRTUAL_BOARD_KINDS, virtualBoardKindSchema } from '../../../shared/api/virtual-boards'
import { join } from 'node:path'
import { z } from 'zod'
import { atomicWriteJson } from '../system/atomic-write'
import type { FileSystem } from '../system/file-system'

/**
 * Running virtual boards leave a record in `<runtimeDir>/<kind>/board.json`, so that another process (the
 * `mote flash` CLI while `mote virtual start` runs elsewhere) can find a board's control socket from the
 * port path it was given.
 */
export const virtualBoardRecordSchema = z.object({
  kind: virtualBoardKindSchema,
  boardId: z.string(),
  /** The stable port path (a symlink to the pty). */
  port: z.string(),
  /** The pseudo-terminal itself (/dev/pts/N). */
  pty: z.string(),
  controlSocket: z.string(),
  /** The process that answers the control socket. */
  pid: z.number().int(),
  startedAt: z.number(),
})
export type VirtualBoardRecord = z.infer<typeof virtualBoardRecordSchema>

export const RECORD_FILE = 'board.json'

export async function writeBoardRecord(
  fs: FileSystem,
  runtimeDir: string,
  record: VirtualBoardRecord,
): Promise<void> {
  const dir = join(runtimeDir, record.kind)
  await fs.mkdir(dir, { recursive: true })
  await atomicWriteJson(fs, join(dir, RECORD_FILE), record)
}

export async function removeBoardRecord(
  fs: FileSystem,
  runtimeDir: string,
  kind: VirtualBoardRecord['kind'],
): Promise<void> {
  await fs.rm(join(runtimeDir, kind, RECORD_FILE), { force: true })
}

/** Every record whose process is still alive (`isAlive` is `process.kill(pid, 0)` in production). */
export async function listBoardRecords(
  fs: FileSystem,
  runtimeDir: string,
  isAlive: (pid: number) => boolean,
): Promise<VirtualBoardRecord[]> {
  const records: VirtualBoardRecord[] = []
  for (const kind of VIRTUAL_BOARD_KINDS) {
    const text = await fs.readFile(join(runtimeDir, kind, RECORD_FILE), 'utf8').catch(() => undefined)
    if (text === undefined) continue
    try {
      const record = virtualBoardRecordSchema.parse(JSON.parse(String(text)))
      if (isAlive(record.pid)) records.push(record)
    } catch {
      // a half-written or foreign file: not a running board
    }
  }
  return records
}

/** The running virtual board behind a port path (its stable link or its /dev/pts name), if any. */
export async function findBoardByPort(
  fs: FileSystem,
  runtimeDir: string,
  port: string,
  isAlive: (pid: number) => boolean,
): Promise<VirtualBoardRecord | undefined> {
  return (await listBoardRecords(fs, runtimeDir, isAlive)).find((r) => r.port === port || r.pty === port)
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
