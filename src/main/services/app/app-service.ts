import type {
  AppInfo,
  AppService as AppApi,
  FilePurpose,
  FolderPurpose,
  HostMode,
} from '../../../shared/api/app'

export interface AppServiceOptions {
  readonly mode: HostMode
  readonly version: string
  readonly runtimeVersions?: Readonly<Record<string, string>>
  /** Electron: shell.openExternal; serve mode: nothing to do (the browser opens links itself). */
  readonly openExternal: (url: string) => Promise<void>
  /** Electron: the system folder dialog; serve mode: absent (the browser cannot see local folders). */
  readonly pickFolder?: (purpose: FolderPurpose) => Promise<string | null>
  readonly pickFiles?: (purpose: FilePurpose) => Promise<readonly string[] | null>
}

export class AppService implements AppApi {
  constructor(private readonly options: AppServiceOptions) {}

  async info(): Promise<AppInfo> {
    return {
      name: 'Mote Studio',
      version: this.options.version,
      mode: this.options.mode,
      platform: process.platform,
      arch: process.arch,
      nodeVersion: process.versions.node,
      runtimeVersions: this.options.runtimeVersions ?? {},
    }
  }

  async openExternal(url: string): Promise<void> {
    await this.options.openExternal(url)
  }

  async pickFolder(purpose: FolderPurpose): Promise<string | null> {
    return this.options.pickFolder ? this.options.pickFolder(purpose) : null
  }

  async pickFiles(purpose: FilePurpose): Promise<readonly string[] | null> {
    return this.options.pickFiles ? this.options.pickFiles(purpose) : null
  }
}
