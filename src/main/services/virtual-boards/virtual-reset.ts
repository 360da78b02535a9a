import type { FlashTarget } from '../flash/flasher'
import { dtrPulseReset, type ResetStrategy } from '../flash/reset-strategy'
import { harnessReplyTo, sendControlCommand } from './control-client'
import type { VirtualBoardRecord } from './virtual-board-registry'

/**
 * The virtual Uno's reset: a pty has no DTR line, so the harness is told through its control socket and
 * resets the AVR with EXTRF set, exactly what the auto-reset capacitor does on a real Uno.
 */
export function controlSocketReset(socketPath: string, timeoutMs = 3000): ResetStrategy {
  return {
    description: 'virtual Uno control socket',
    async reset() {
      const reply = await sendControlCommand(socketPath, 'reset', harnessReplyTo('reset'), timeoutMs)
      if (reply.ok !== true) throw new Error(`the harness refused the reset: ${JSON.stringify(reply)}`)
    },
  }
}

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
