import { DevicesErrorCode } from '../../../shared/api/devices'
import { MoteFailure } from '../../../shared/errors'
import type { Disposable } from '../../../shared/events'

/** What a lease holder is doing with the port, in words the user understands. */
export type PortUse = 'serial monitor' | 'capture' | 'flashing' | 'on-device test' | 'virtual board'

/**
 * Lets a task borrow a port another owner keeps open (flashing while the serial monitor shows it): the
 * owner closes it and hands back a function that reopens it when the task is done.
 */
export interface PortPauser {
  /** Null when the owner does not hold the port (nothing to pause). */
  pauseFor(path: string, reason: PortUse): Promise<(() => Promise<void>) | null>
}

/**
 * One owner per serial port at a time: the serial monitor, a capture and a flash must not read each
 * other's bytes. A second owner gets a sentence saying who has the port, instead of the OS's "Resource
 * busy". `onBusy` lets the devices service show the board as busy while a lease is held.
 */
export class PortLeases {
  private readonly owners = new Map<string, PortUse>()

  constructor(private readonly onBusy: (path: string) => Disposable = () => ({ dispose: () => undefined })) {}

  acquire(path: string, use: PortUse): Disposable {
    const owner = this.owners.get(path)
    if (owner !== undefined) {
      throw new MoteFailure(
        DevicesErrorCode.PortInUse,
        `${path} is in use by the ${owner}. Stop the ${owner} first, then try again.`,
      )
    }
    this.owners.set(path, use)
    const busy = this.onBusy(path)
    let released = false
    return {
      dispose: () => {
        if (released) return
        released = true
        this.owners.delete(path)
        busy.dispose()
      },
    }
  }

  ownerOf(path: string): PortUse | undefined {
    return this.owners.get(path)
  }
}
