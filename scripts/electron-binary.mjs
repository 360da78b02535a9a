// Electron's binary is downloaded by the electron package's postinstall, from GitHub: machines that reach
// only the npm registry do not get it. Setup installs without it and `npm start` says so in one line
// instead of a stack trace; everything but the desktop window (the CLI, `mote serve`, the tests) works.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

/** The one line setup and `npm start` print when the binary is missing. */
export const NO_ELECTRON_BINARY =
  'The desktop window needs the Electron binary, which could not be installed here; `npx mote serve` works now (the studio in a browser).'

/**
 * True when `require('electron')` from `root` names an executable that exists (what electron-vite starts).
 * @param {string} root the repository root
 * @returns {boolean}
 */
export function hasElectronBinary(root) {
  try {
    const executable = createRequire(join(root, 'package.json'))('electron')
    return typeof executable === 'string' && existsSync(executable)
  } catch {
    return false
  }
}

/**
 * True when npm's output says the lifecycle script that failed is electron's (its postinstall, which
 * downloads the binary): npm names the failing package's folder on an `npm error path` line.
 * @param {string} output what `npm ci` printed
 * @returns {boolean}
 */
export function isElectronInstallFailure(output) {
  return /^npm (?:error|ERR!) path .*[\\/]node_modules[\\/]electron\s*$/m.test(output)
}

/**
 * What setup does after `npm ci` ended with `status`: carry on, install again with the binary download
 * skipped (when only electron's download failed), or stop.
 * @param {number | null} status
 * @param {string} output what `npm ci` printed
 * @param {Record<string, string | undefined>} env the environment `npm ci` ran in
 * @returns {'installed' | 'retry-without-electron' | 'failed'}
 */
export function afterNpmCi(status, output, env) {
  if (status === 0) return 'installed'
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) return 'failed'
  return isElectronInstallFailure(output) ? 'retry-without-electron' : 'failed'
}
