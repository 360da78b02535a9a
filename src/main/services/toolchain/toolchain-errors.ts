import { MoteFailure } from '../../../shared/errors'
import type { CompilerDiagnostic } from './compiler-diagnostics'

/** Toolchain errors (6xxx). Stable numbers: tests and docs name them. */
export const ToolchainErrorCode = {
  ToolchainNotFound: 6001,
  CompileFailed: 6002,
  LinkFailed: 6003,
  NoSources: 6004,
  ObjcopyFailed: 6005,
  ToolTimedOut: 6006,
  Cancelled: 6007,
  OutputFormatFailed: 6008,
  BootloaderTooBig: 6010,
  NativeBuildFailed: 6011,
  LibsimavrMissing: 6012,
  HostCompilerMissing: 6013,
  SourceMissing: 6014,
} as const

/**
 * A failed compile or link. `diagnostics` are the parsed compiler messages for callers in this process;
 * across processes the failure travels as its code, message and `detail` (the compiler's own output).
 */
export class BuildFailure extends MoteFailure {
  constructor(
    code: number,
    message: string,
    readonly diagnostics: readonly CompilerDiagnostic[],
    detail: string,
  ) {
    super(code, message, detail)
  }
}
