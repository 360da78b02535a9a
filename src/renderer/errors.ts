import { RpcErrorCode, isMoteFailure, toMoteError, type MoteError } from '../shared/errors'

/**
 * Any thrown value as a `MoteError` for the views: a service's failure keeps its code, sentence and detail
 * (the view translates it by code); an error of the browser itself (a microphone refused, a camera missing)
 * keeps its own message under the internal code.
 */
export function errorOf(thrown: unknown): MoteError {
  if (thrown instanceof Error && !isMoteFailure(thrown))
    return { code: RpcErrorCode.Internal, message: thrown.message }
  return toMoteError(thrown)
}

/** The i18n key of the sentence for an error code ("errors.codes.9001"). */
export function errorKey(code: number): string {
  return `errors.codes.${code}`
}
