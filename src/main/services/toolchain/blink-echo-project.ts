import { join } from 'node:path'
import { findBoard } from '../../../core/boards/board-lookup'
import type { VirtualBoardKind } from '../../../shared/api/virtual-boards'
import { boardBuildTarget } from './board-target'
import type { FirmwareProject } from './firmware-build'

/** The blink-echo firmware is built for each virtual board (and runs on the real Uno too). */
export type BlinkEchoTarget = VirtualBoardKind

/**
 * The blink-and-echo test firmware (resources/firmware/blink-echo) as a firmware project per board: it
 * echoes serial bytes, blinks, and times a known loop between cycle markers. `loopCount` sets that loop's
 * length (MOTE_LOOP_COUNT); `name` the output base name.
 */
export function blinkEchoProject(
  resourcesDir: string,
  target: BlinkEchoTarget,
  options: { loopCount?: number; name?: string } = {},
): FirmwareProject {
  const root = join(resourcesDir, 'firmware', 'blink-echo')
  const defines: Record<string, number> =
    options.loopCount === undefined ? {} : { MOTE_LOOP_COUNT: options.loopCount }
  const name = options.name ?? `blink-echo-${target}`
  if (target === 'uno') {
    return { name, sourceDir: join(root, 'avr'), ...boardBuildTarget(findBoard('uno')!), defines }
  }
  const board =
    target === 'm4'
      ? { cpu: 'cortex-m4', define: 'MOTE_BOARD_MPS2_AN386' }
      : { cpu: 'cortex-m3', define: 'MOTE_BOARD_LM3S6965' }
  return {
    name,
    sourceDir: join(root, 'cortex-m'),
    sources: ['startup.c', 'main.c'],
    family: 'arm',
    cflags: [`-mcpu=${board.cpu}`, '-mthumb', '-ffreestanding'],
    ldflags: ['-nostdlib', '-T', 'link.ld'],
    defines: { ...defines, [board.define]: 1 },
    capacity: { flashBytes: 256 * 1024, ramBytes: 64 * 1024 },
  }
}
