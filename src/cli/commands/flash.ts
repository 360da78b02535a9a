import type { Command } from 'commander'
import { runCommand } from '../output'

/** `mote flash --board B --port P FILE`: the same flashers as the app, progress on stderr (flash-run.ts). */
export function registerFlashCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('flash')
    .description('flash a .hex, .elf or .bin to a board through its bootloader (see `mote boards` for ids)')
    .argument('<file>', 'firmware image')
    .requiredOption('--board <id>', 'board id from the catalog, e.g. uno, virtual-uno, pico')
    .requiredOption('--port <port>', 'serial port (or drive / usb id for UF2 and DFU boards)')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { board: string; port: string; json?: boolean }) => {
      setExit(
        await runCommand(Boolean(opts.json), async (out) => {
          const { runFlash } = await import('./flash-run')
          await runFlash(file, opts, out)
        }),
      )
    })
}
