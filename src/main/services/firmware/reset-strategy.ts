import type { RawSerialPort } from '../serial/serial-port'

/**
 * How a flasher puts the board into its bootloader (DESIGN.md §7.6: the sequence is data, passed in).
 * A real Uno resets on a DTR pulse through its auto-reset capacitor; the virtual Uno's pseudo-terminal has
 * no DTR, so it is reset through its control socket instead (virtual-boards/harness-control.ts).
 */
export interface ResetStrategy {
  /** For logs and errors: "DTR/RTS pulse", "virtual Uno control socket". */
  readonly description: string
  reset(port: RawSerialPort): Promise<void>
}

/** A `D0|R0|W250|D1|R1|W50` sequence, as avrdude's arduino programmer does: low 250 ms, high, settle 50 ms. */
export interface DtrPulseTiming {
  readonly lowMs: number
  readonly settleMs: number
}

export const ARDUINO_DTR_PULSE: DtrPulseTiming = { lowMs: 250, settleMs: 50 }

export function dtrPulseReset(
  sleep: (ms: number) => Promise<void>,
  timing: DtrPulseTiming = ARDUINO_DTR_PULSE,
): ResetStrategy {
  return {
    description: 'DTR/RTS pulse',
    async reset(port) {
      await port.set({ dtr: false, rts: false })
      await sleep(timing.lowMs)
      await port.set({ dtr: true, rts: true })
      await sleep(timing.settleMs)
    },
  }
}

/** For a board that is already waiting in its bootloader (the user pressed reset). */
export const noReset: ResetStrategy = { description: 'no reset', reset: async () => undefined }
