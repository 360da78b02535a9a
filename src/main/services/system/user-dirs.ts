import { homedir } from 'node:os'
import { join } from 'node:path'

export interface UserDirs {
  /** Settings and the recent-projects list. */
  readonly configDir: string
  /** Rebuildable things: compiled harnesses, bootloaders, toolchain probes. */
  readonly cacheDir: string
}

/**
 * Where Mote keeps per-user files outside projects, by platform convention (XDG on Linux, Application
 * Support on macOS, %APPDATA%/%LOCALAPPDATA% on Windows). `MOTE_CONFIG_DIR` and `MOTE_CACHE_DIR` override
 * them, which tests and portable installs use. Electron passes `app.getPath('userData')` instead.
 */
export function defaultUserDirs(env: NodeJS.ProcessEnv = process.env, platform = process.platform): UserDirs {
  const home = homedir()
  const configBase =
    platform === 'win32'
      ? (env.APPDATA ?? join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? join(home, '.config'))
  const cacheBase =
    platform === 'win32'
      ? (env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Caches')
        : (env.XDG_CACHE_HOME ?? join(home, '.cache'))
  return {
    configDir: env.MOTE_CONFIG_DIR ?? join(configBase, 'Mote Studio'),
    cacheDir: env.MOTE_CACHE_DIR ?? join(cacheBase, 'mote-studio'),
  }
}
