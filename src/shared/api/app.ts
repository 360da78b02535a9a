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
  /**
   * Asks the user for a folder with the system dialog. `null` when cancelled, or in serve mode where the
   * browser cannot see this computer's folders (the UI then asks for a typed path).
   */
  pickFolder(purpose: FolderPurpose): Promise<string | null>
  /** Asks for files with the system dialog: one firmware image, or data files to import. `null` as above. */
  pickFiles(purpose: FilePurpose): Promise<readonly string[] | null>
}

export const filePurposeSchema = z.enum(['firmware', 'import'])
export type FilePurpose = z.infer<typeof filePurposeSchema>

export const folderPurposeSchema = z.enum(['open-project', 'create-project'])
export type FolderPurpose = z.infer<typeof folderPurposeSchema>

/** Only https links leave the app (Electron security checklist); no spaces, no credentials. */
export const httpsUrl = z
  .string()
  .max(2048)
  .regex(/^https:\/\/[^\s/@]+(\/[^\s]*)?$/i, 'only https:// links can be opened')

export const appContract: ServiceContract<AppService> = {
  name: 'app',
  methods: {
    info: z.tuple([]),
    openExternal: z.tuple([httpsUrl]),
    pickFolder: z.tuple([folderPurposeSchema]),
    pickFiles: z.tuple([filePurposeSchema]),
  },
  events: [],
}
