import { z } from 'zod'
import type { JsonLine } from './line-process'

/**
 * The virtual Uno harness's stdout events (resources/firmware/virtual-uno, protocol 1). Cycle counts are
 * simulated CPU cycles at 16 MHz since the harness started; they keep counting across resets.
 */
const cycle = z.number().int().nonnegative()

export const harnessEventSchema = z.discriminatedUnion('event', [
  z.object({
    event: z.literal('ready'),
    protocol: z.number().int(),
    pty: z.string(),
    link: z.string(),
    control: z.string(),
    mcu: z.string(),
    clockHz: z.number().int(),
    pid: z.number().int(),
  }),
  z.object({
    event: z.literal('reset'),
    cause: z.enum(['power-on', 'control', 'port-open', 'watchdog']),
    mcusr: z.number().int(),
    cycle,
  }),
  z.object({ event: z.literal('marker'), cycles: cycle, startCycle: cycle, endCycle: cycle }),
  z.object({ event: z.literal('pin'), pin: z.string(), value: z.number().int(), cycle }),
  z.object({ event: z.literal('port'), open: z.boolean(), cycle }),
  z.object({
    event: z.literal('state'),
    state: z.enum(['done', 'crashed', 'erased-flash']),
    pc: z.number().int(),
    cycle,
  }),
  z.object({ event: z.literal('stopped'), cycle }),
  z.object({ event: z.literal('error'), message: z.string() }),
])

export type HarnessEvent = z.infer<typeof harnessEventSchema>
export type MarkerEvent = Extract<HarnessEvent, { event: 'marker' }>

/** The event a stdout line carries, or undefined for replies and anything this version does not know. */
export function parseHarnessEvent(line: JsonLine): HarnessEvent | undefined {
  const parsed = harnessEventSchema.safeParse(line)
  return parsed.success ? parsed.data : undefined
}

/** Microseconds at the Uno's 16 MHz for a cycle count. */
export function cyclesToMicroseconds(cycles: number, clockHz = 16_000_000): number {
  return (cycles * 1e6) / clockHz
}
