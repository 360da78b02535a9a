import { JobsErrorCode } from './api/jobs'

/**
 * Errors cross process boundaries as data (DESIGN.md §7.3). A service throws `MoteFailure`; the RPC layer
 * turns it into a plain `MoteError` record, and the renderer's client throws a `MoteFailure` again, so the
 * same `message` the service wrote is what the user reads.
 *
 * Codes are numbered per service, in blocks of 1000, so that a code alone says where it came from.
 */
export interface MoteError {
  /** Numbered code from its service's table (`src/shared/error-codes.ts`); stable across releases so that tests and docs can name it. */
  readonly code: number
  /** One or two sentences for the user: what went wrong and what to do about it. */
  readonly message: string
  /** Optional technical detail (a compiler line, a file path, a zod issue list) for the console. */
  readonly detail?: string
}

/**
 * The RPC layer's own codes (1xxx). Every service keeps its table in its contract file
 * (`src/shared/api/<service>.ts`); `src/shared/error-codes.ts` lists them all.
 */
export const RpcErrorCode = {
  Internal: 1000,
  UnknownChannel: 1001,
  InvalidArguments: 1002,
  Unauthorized: 1003,
  Disconnected: 1004,
  /** A serve-mode WebSocket message that is not a readable call (wire.ts, main/serve/ws-bridge.ts). */
  InvalidMessage: 1005,
  /** A call larger than serve mode's WebSocket carries (MAX_MESSAGE_BYTES in shared/rpc/wire-parts.ts). */
  MessageTooLarge: 1006,
  /** `mote serve` could not listen on the port it was given (in use, or privileged). */
  ServePortUnavailable: 1007,
} as const

/** The thrown form of a `MoteError`; a class only on each side of the boundary, never sent across it. */
export class MoteFailure extends Error {
  readonly code: number
  readonly detail: string | undefined

  constructor(code: number, message: string, detail?: string) {
    super(message)
    this.name = 'MoteFailure'
    this.code = code
    this.detail = detail
  }

  toError(): MoteError {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail }
  }

  static fromError(error: MoteError): MoteFailure {
    return new MoteFailure(error.code, error.message, error.detail)
  }
}

export function isMoteFailure(value: unknown): value is MoteFailure {
  return value instanceof MoteFailure
}

/** True for a plain record that has the shape of a `MoteError` (what arrives over IPC or WebSocket). */
export function isMoteError(value: unknown): value is MoteError {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.code === 'number' && typeof v.message === 'string'
}

/** Any thrown value as a `MoteError`: failures keep their code, anything else is an internal error. */
export function toMoteError(thrown: unknown): MoteError {
  if (thrown instanceof MoteFailure) return thrown.toError()
  if (isMoteError(thrown)) return thrown
  const message = thrown instanceof Error ? thrown.message : String(thrown)
  const stack = thrown instanceof Error ? thrown.stack : undefined
  return stack === undefined
    ? { code: RpcErrorCode.Internal, message: `Unexpected error: ${message}` }
    : { code: RpcErrorCode.Internal, message: `Unexpected error: ${message}`, detail: stack }
}

/**
 * What any work stopped by the user throws: one code (`JobsErrorCode.Cancelled`) whichever service ran
 * it, so that the jobs service and the UI report it as cancelled, never as failed. `message` may say what
 * was left behind ("the board holds a partial image until you flash again").
 */
export function cancelledFailure(message = 'Cancelled.'): MoteFailure {
  return new MoteFailure(JobsErrorCode.Cancelled, message)
}

/** For long loops: throws the cancellation failure once `token.aborted` is set. */
export function throwIfCancelled(token: { readonly aborted: boolean } | undefined, message?: string): void {
  if (token?.aborted === true) throw cancelledFailure(message)
}

/**
 * A maker of failures named by a code table's keys, for modules that throw many codes of one table:
 * `const dspFailure = failureMaker(DspErrorCode); throw dspFailure('InvalidParams', '…')`.
 */
export function failureMaker<Table extends Readonly<Record<string, number>>>(
  table: Table,
): (name: keyof Table, message: string, detail?: string) => MoteFailure {
  return (name, message, detail) => new MoteFailure(table[name]!, message, detail)
}
