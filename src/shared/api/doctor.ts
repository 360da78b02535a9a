import { z } from 'zod'
import type { ServiceContract } from '../rpc/contract'

/** Doctor (external tools) errors: the 4xxx block, shared with settings (docs/architecture.md). */
export const DoctorErrorCode = {
  /** An external program the command needs is not installed; the message names the install line. */
  ToolMissing: 4002,
} as const

/** One external tool the project uses, found or not. */
export interface ToolReport {
  readonly id: string
  /** Human name: "AVR C compiler (avr-gcc)". */
  readonly name: string
  /** What in the studio needs it: "building firmware for AVR boards". */
  readonly neededFor: string
  readonly found: boolean
  readonly path?: string
  readonly version?: string
  /** When missing: the exact command that installs it on this platform. */
  readonly installHint?: string
  /** Where it was found, when that matters: "Arduino IDE packages", "your settings", "PATH". */
  readonly source?: string
}

export interface DoctorReport {
  readonly platform: string
  readonly tools: readonly ToolReport[]
}

export interface DoctorService {
  check(): Promise<DoctorReport>
}

export const doctorContract: ServiceContract<DoctorService> = {
  name: 'doctor',
  methods: { check: z.tuple([]) },
  events: [],
}
