import type { ResetStrategy } from '../firmware/reset-strategy'
import { harnessReplyTo, sendControlCommand } from './control-client'

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
