import { z } from 'zod'
import type { ServiceContract } from '../rpc/contract'

/** How the renderer is being served: inside the Electron window, or to a browser by `mote serve`. */
export type HostMode = 'electron' | 'serve'

export interface AppInfo {
  readonly name: string
  readonly version: string
  readonly mode: HostMode
  readonly platform: string
  readonly arch: string
  readonly nodeVersion: string
  /** Versions of the native pieces the app loaded, e.g. `electron`, `chrome`; empty in serve mode. */
  readonly runtimeVersions: Readonly<Record<string, string>>
}

export interface AppService {
  info(): Promise<AppInfo>
  /** Opens an https link in the system browser (Electron) or tells the browser to (serve mode). */
  openExternal(url: string): Promise<void>
}

export const httpsUrl = z
  .string()
  .max(2048)
  .refine((s) => {
    try {
      return new URL(s).protocol === 'https:'
    } catch {
      return false
    }
  }, 'only https:// links can be opened')

export const appContract: ServiceContract<AppService> = {
  name: 'app',
  methods: {
    info: z.tuple([]),
    openExternal: z.tuple([httpsUrl]),
  },
  events: [],
}
