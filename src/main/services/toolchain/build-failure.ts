import { MoteFailure } from '../../../shared/errors'
import type { CompilerDiagnostic } from './compiler-diagnostics'

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
