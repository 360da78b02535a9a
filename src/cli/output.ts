import type { MoteError } from '../shared/errors'

/** Exit codes of every `mote` command. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const

/** Thrown by a command for a usage problem it found itself (a bad value commander could not check). */
export class UsageError extends Error {}

export interface Output {
  readonly json: boolean
  /** Data: JSON on stdout with --json, else the human rendering. */
  data(value: unknown, human: () => string): void
  /** Progress and notes for a person: stderr, so stdout stays clean for pipes. */
  info(line: string): void
  error(error: MoteError): void
}

export function createOutput(json: boolean, stdout = process.stdout, stderr = process.stderr): Output {
  return {
    json,
    data(value, human) {
      stdout.write(json ? JSON.stringify(value, null, 2) + '\n' : human() + '\n')
    },
    info(line) {
      if (!json) stderr.write(line + '\n')
    },
    error(error) {
      if (json) stdout.write(JSON.stringify({ error }, null, 2) + '\n')
      else stderr.write(`mote: ${error.message}\n${error.detail ? error.detail + '\n' : ''}`)
    },
  }
}

/** Runs a command body and maps its outcome to an exit code. */
export async function runCommand(json: boolean, body: (out: Output) => Promise<void>): Promise<number> {
  const out = createOutput(json)
  try {
    await body(out)
    return EXIT.ok
  } catch (thrown) {
    if (thrown instanceof UsageError) {
      process.stderr.write(`mote: ${thrown.message}\n`)
      return EXIT.usage
    }
    // Loaded here, not at the top: shared/errors brings the contracts (and zod), which --help does not need.
    const { toMoteError } = await import('../shared/errors')
    out.error(toMoteError(thrown))
    return EXIT.failure
  }
}
