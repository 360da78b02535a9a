import { dtrPulseReset, type ResetStrategy } from '../firmware/reset-strategy'
import { controlSocketReset } from '../virtual-boards/virtual-reset'
import type { VirtualBoardRecord } from '../virtual-boards/virtual-board-registry'
import type { FlashTarget } from './flasher'

/** Picks the reset for an STK500v1 target: the control socket of a virtual Uno, else a DTR pulse. */
export function stk500ResetResolver(
  findVirtual: (port: string) => Promise<VirtualBoardRecord | undefined>,
  sleep: (ms: number) => Promise<void>,
): (target: FlashTarget) => Promise<ResetStrategy> {
  return async (target) => {
    const record = await findVirtual(target.port)
    return record?.kind === 'uno' ? controlSocketReset(record.controlSocket) : dtrPulseReset(sleep)
  }
}
