import type { Command } from 'commander'
import { runCommand } from '../output'

/** `mote boards [--json]`: the board catalog, so ids for --board can be looked up. */
export function registerBoardsCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('boards')
    .description('list the boards Mote knows: id, MCU, clock, memory, USB ids, flash protocol')
    .option('--json', 'print the catalog as JSON')
    .action(async (opts: { json?: boolean }) => {
      setExit(
        await runCommand(Boolean(opts.json), async (out) => {
          const { BOARDS } = await import('../../core/boards/catalog')
          const { formatUsbId } = await import('../../core/boards/board-lookup')
          out.data(BOARDS, () =>
            BOARDS.map(
              (b) =>
                `${b.id.padEnd(20)} ${b.name.padEnd(34)} ${b.mcu.padEnd(14)} ${String(b.clockHz / 1e6).padStart(4)} MHz ` +
                `${String(b.sramBytes / 1024).padStart(5)} KB RAM ${String(b.flashBytes / 1024).padStart(6)} KB flash  ` +
                `${b.flashProtocol.padEnd(9)} ${b.usbIds.map((u) => formatUsbId(u.vid, u.pid)).join(' ')}`,
            ).join('\n'),
          )
        }),
      )
    })
}
