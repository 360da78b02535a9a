/**
 * Errors cross process boundaries as data (DESIGN.md §7.3). A service throws `MoteFailure`; the RPC layer
 * turns it into a plain `MoteError` record, and the renderer's client throws a `MoteFailure` again, so the
 * same `message` the service wrote is what the user reads.
 *
 * Codes are numbered per service, in blocks of 1000, so that a code alone says where it came from.
 */
export interface MoteError {
  /** Numbered code from `ErrorCode`; stable across releases so that tests and docs can name it. */
  readonly code: number
  /** One or two sentences for the user: what went wrong and what to do about it. */
  readonly message: string
  /** Optional technical detail (a compiler line, a file path, a zod issue list) for the console. */
  readonly detail?: string
}

export const ErrorCode = {
  // 1xxx: the RPC layer itself
  Internal: 1000,
  UnknownChannel: 1001,
  InvalidArguments: 1002,
  Unauthorized: 1003,
  Disconnected: 1004,
  // 2xxx: project store
  ProjectNotFound: 2001,
  ProjectCorrupt: 2002,
  ProjectTooNew: 2003,
  ProjectExists: 2004,
  NoProjectOpen: 2005,
  ProjectWriteFailed: 2006,
  ProjectInvalidPath: 2007,
  // 3xxx: jobs
  JobNotFound: 3001,
  JobFailed: 3002,
  JobCancelled: 3003,
  UnknownJobKind: 3004,
  JobWorkerCrashed: 3005,
  // 4xxx: settings and environment
  SettingsCorrupt: 4001,
  ToolMissing: 4002,
} as const
export type ErrorCodeName = keyof typeof ErrorCode

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
    ? { code: ErrorCode.Internal, message: `Unexpected error: ${message}` }
    : { code: ErrorCode.Internal, message: `Unexpected error: ${message}`, detail: stack }
}

/** What a job throws when it stops because the user cancelled it. */
export function cancelledFailure(): MoteFailure {
  return new MoteFailure(ErrorCode.JobCancelled, 'Cancelled.')
}

/** For long loops: throws the cancellation failure once `token.aborted` is set. */
export function throwIfCancelled(token: { readonly aborted: boolean } | undefined): void {
  if (token?.aborted) throw cancelledFailure()
}
