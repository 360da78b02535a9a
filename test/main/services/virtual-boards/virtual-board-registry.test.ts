import { mkdtemp, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import {
  findBoardByPort,
  listBoardRecords,
  removeBoardRecord,
  writeBoardRecord,
  type VirtualBoardRecord,
} from '../../../../src/main/services/virtual-boards/virtual-board-registry'

const record = (runtime: string, pid: number): VirtualBoardRecord => ({
  kind: 'uno',
  boardId: 'virtual-uno',
  port: join(runtime, 'uno', 'tty'),
  pty: '/dev/pts/7',
  controlSocket: join(runtime, 'uno', 'control.sock'),
  pid,
  startedAt: 1,
})

describe('the registry of running virtual boards', () => {
  it('finds a board by its stable port or by its pseudo-terminal', async () => {
    const runtime = await mkdtemp(join(tmpdir(), 'mote-reg-'))
    await writeBoardRecord(nodeFileSystem, runtime, record(runtime, 100))
    const alive = () => true
    expect(
      (await findBoardByPort(nodeFileSystem, runtime, join(runtime, 'uno', 'tty'), alive))?.controlSocket,
    ).toBe(join(runtime, 'uno', 'control.sock'))
    expect((await findBoardByPort(nodeFileSystem, runtime, '/dev/pts/7', alive))?.kind).toBe('uno')
    expect(await findBoardByPort(nodeFileSystem, runtime, '/dev/ttyACM0', alive)).toBeUndefined()
  })

  it('forgets boards whose process is gone, and records that are not ours', async () => {
    const runtime = await mkdtemp(join(tmpdir(), 'mote-reg-'))
    await writeBoardRecord(nodeFileSystem, runtime, record(runtime, 100))
    await mkdir(join(runtime, 'm4'), { recursive: true })
    await writeFile(join(runtime, 'm4', 'board.json'), '{"kind":"m4"')
    expect(await listBoardRecords(nodeFileSystem, runtime, (pid) => pid !== 100)).toEqual([])
    await removeBoardRecord(nodeFileSystem, runtime, 'uno')
    expect(await listBoardRecords(nodeFileSystem, runtime, () => true)).toEqual([])
  })
})
