import { z } from 'zod'
import type { ServiceContract } from '../rpc/contract'
import type { JobInfo } from './jobs'
import { boardIdSchema } from './devices'

export const flashFileSchema = z
  .object({
    /** A .hex, .elf or .bin on this computer. */
    file: z.string().min(1).max(4096),
    /** The board's port (serial path, drive, or `usb:` id for DFU). */
    port: z.string().min(1).max(512),
    boardId: boardIdSchema,
  })
  .strict()
export type FlashFileRequest = z.infer<typeof flashFileSchema>

/** What a finished flash reports (the job's result). */
export interface FlashResult {
  readonly bytesWritten: number
  readonly verified: boolean
  readonly durationMs: number
  /** The device's own identity when the protocol has one (an AVR signature, a chip id). */
  readonly deviceIdentity?: string
}

export interface FlashService {
  /**
   * Flashes a firmware file to a board through its bootloader protocol, as a job: progress per page in the
   * status bar, cancellable with Esc. Resolves at once with the job; its result is the `FlashResult`.
   */
  flashFile(request: FlashFileRequest): Promise<JobInfo>
}

export const flashContract: ServiceContract<FlashService> = {
  name: 'flash',
  methods: { flashFile: z.tuple([flashFileSchema]) },
  events: [],
}
