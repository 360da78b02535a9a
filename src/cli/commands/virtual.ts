import type { Command } from 'commander'
import { EXIT } from '../output'

/** `mote virtual start <uno|m4|m3> [--json] [--image F] [--no-pacing] [--adc F]` (the work: virtual-run.ts). */
export function registerVirtualCommand(program: Command, setExit: (code: number) => void): void {
  const virtual = program.command('virtual').description('virtual boards that run on this computer')
  virtual
    .command('start <kind>')
    .description('start a virtual board (uno, m4 or m3), print its port and keep it running until Ctrl+C')
    .option('--json', 'print the port as one JSON line, then board events')
    .option('--image <file>', 'Cortex-M: the .elf/.hex/.bin to run')
    .option('--no-pacing', 'Uno: simulate as fast as possible instead of in real time')
    .option('--adc <file>', 'Uno: feed the ADC inputs from a signal file')
    .action(async (kind: string, o: { json?: boolean; image?: string; pacing?: boolean; adc?: string }) => {
      const { isVirtualBoardKind } = await import('../../core/boards/catalog-virtual')
      if (!isVirtualBoardKind(kind)) {
        process.stderr.write(`mote: unknown virtual board "${kind}"; use uno, m4 or m3.\n`)
        setExit(EXIT.usage)
        return
      }
      const { runVirtualCommand } = await import('./virtual-run')
      setExit(
        await runVirtualCommand(kind, {
          ...(o.json ? { json: true } : {}),
          ...(o.image ? { image: o.image } : {}),
          ...(o.pacing === false ? { noPacing: true } : {}),
          ...(o.adc ? { adc: o.adc } : {}),
        }),
      )
    })
}
