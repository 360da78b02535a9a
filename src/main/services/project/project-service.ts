import { resolve } from 'node:path'
import type {
  CreateProjectParams,
  ProjectService as ProjectApi,
  ProjectSummary,
  RecentProject,
} from '../../../shared/api/project'
import { Emitter } from '../../../shared/events'
import type { FileSystem } from '../system/file-system'
import type { Manifest } from './manifest'
import { createProjectFolder, openManifest } from './open-project'
import { projectErrors } from './project-errors'
import { ProjectStore } from './project-store'
import { RecentProjects } from './recent-projects'

export interface ProjectServiceOptions {
  readonly fs: FileSystem
  readonly configDir: string
  readonly appVersion: string
  readonly clock?: () => Date
}

/**
 * The open project (one per app window or serve process) and the recent-projects list. Other services get
 * the open folder through `store()`, so that every write to a project goes through one atomic, queued path.
 */
export class ProjectService implements ProjectApi {
  private readonly changed = new Emitter<ProjectSummary | null>()
  readonly onDidChange = this.changed.event
  private open_: { store: ProjectStore; migratedFrom?: number } | undefined
  private readonly recentList: RecentProjects
  private readonly clock: () => Date

  constructor(private readonly options: ProjectServiceOptions) {
    this.recentList = new RecentProjects(options.fs, options.configDir)
    this.clock = options.clock ?? (() => new Date())
  }

  async create(params: CreateProjectParams): Promise<ProjectSummary> {
    const dir = resolve(params.dir)
    await createProjectFolder(this.options.fs, dir, params.name, this.options.appVersion, this.clock())
    return this.open(dir)
  }

  async open(dirInput: string): Promise<ProjectSummary> {
    const dir = resolve(dirInput)
    const opened = await openManifest(this.options.fs, dir)
    await this.open_?.store.flush()
    const store = new ProjectStore(dir, opened.manifest, this.options.fs, this.clock)
    this.open_ = opened.migratedFrom === undefined ? { store } : { store, migratedFrom: opened.migratedFrom }
    await this.remember(dir, opened.manifest.name)
    return this.announce()
  }

  async current(): Promise<ProjectSummary | null> {
    return this.open_ ? this.summary() : null
  }

  async recent(): Promise<readonly RecentProject[]> {
    return this.recentList.list()
  }

  async rename(name: string): Promise<ProjectSummary> {
    const store = this.store()
    await store.updateManifest((m) => ({ ...m, name }))
    await this.remember(store.dir, name)
    return this.announce()
  }

  async close(): Promise<void> {
    if (!this.open_) return
    await this.open_.store.flush()
    this.open_ = undefined
    this.changed.fire(null)
  }

  /** The open project's store, for other services; throws the user-facing "no project" error. */
  store(): ProjectStore {
    if (!this.open_) throw projectErrors.noneOpen()
    return this.open_.store
  }

  get isOpen(): boolean {
    return this.open_ !== undefined
  }

  /** The recent list is a convenience: a list that cannot be kept never stops a project from opening. */
  private async remember(dir: string, name: string): Promise<void> {
    // `recent()` reports the list's problem with a sentence when the list is asked for.
    await this.recentList.remember(dir, name, this.clock()).catch(() => undefined)
  }

  private announce(): ProjectSummary {
    const summary = this.summary()
    this.changed.fire(summary)
    return summary
  }

  private summary(): ProjectSummary {
    const { store, migratedFrom } = this.open_!
    const m: Manifest = store.current
    const base = {
      dir: store.dir,
      id: m.id,
      name: m.name,
      schemaVersion: m.schemaVersion,
      createdAt: m.createdAt,
      updatedAt: m.updatedAt,
    }
    return migratedFrom === undefined ? base : { ...base, migratedFrom }
  }
}
