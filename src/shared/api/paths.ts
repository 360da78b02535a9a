import { z } from 'zod'

/**
 * Folder paths that cross the API. The service resolves paths on the computer running Mote, whose working
 * folder a page in the browser (or the app window) knows nothing of, so a relative path would land
 * somewhere the user did not mean: the API takes whole paths only. The CLI resolves its own arguments
 * against the folder it was started in before calling a service.
 */

/** A whole path: `/…` on Linux and macOS, `C:\…`, `C:/…` or `\\server\share\…` on Windows. */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\')
}

/** A folder path from outside: not empty, no NUL, at most 4096 characters, whole. */
export function folderPathSchema(what: string) {
  return z
    .string()
    .min(1, `${what} is needed`)
    .max(4096)
    .refine((s) => !s.includes('\u0000'), `${what} cannot contain NUL`)
    .refine(isAbsolutePath, {
      error: (issue) =>
        `${what} must be a whole path, such as /home/you/Mote/gestures or C:\\Users\\you\\Mote\\gestures ` +
        `("${String(issue.input).slice(0, 200)}" is relative, and would depend on the folder the studio was started in)`,
    })
}
