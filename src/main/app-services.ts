import type { FolderPurpose, HostMode } from '../shared/api/app'
import { appContract } from '../shared/api/app'
import { doctorContract } from '../shared/api/doctor'
import { jobsContract } from '../shared/api/jobs'
import { projectContract } from '../shared/api/project'
import { settingsContract } from '../shared/api/settings'
import { ServiceRouter } from './rpc/service-router'
import { AppService } from './services/app/app-service'
import { DoctorService } from './services/doctor/doctor-service'
import { JobsService, type WorkerFactory } from './services/jobs/jobs-service'
import { ProjectService } from './services/project/project-service'
import { SettingsService } from './services/settings/settings-service'
import { nodeFileSystem, type FileSystem } from './services/system/file-system'
import { nodeProcessRunner, type ProcessRunner } from './services/system/process-runner'
import type { UserDirs } from './services/system/user-dirs'

export interface AppServicesOptions {
  readonly mode: HostMode
  readonly appVersion: string
  readonly userDirs: UserDirs
  readonly createWorker: WorkerFactory
  readonly openExternal: (url: string) => Promise<void>
  readonly pickFolder?: (purpose: FolderPurpose) => Promise<string | null>
  readonly runtimeVersions?: Readonly<Record<string, string>>
  readonly fs?: FileSystem
  readonly runner?: ProcessRunner
}

export interface AppServices {
  readonly router: ServiceRouter
  readonly app: AppService
  readonly project: ProjectService
  readonly settings: SettingsService
  readonly jobs: JobsService
  readonly doctor: DoctorService
  dispose(): Promise<void>
}

/**
 * The composition root: every service built with the real hardware, processes and files, and registered on
 * one router. The Electron main process, `mote serve` and the CLI all start here (DESIGN.md §7.4).
 */
export function createAppServices(options: AppServicesOptions): AppServices {
  const fs = options.fs ?? nodeFileSystem
  const runner = options.runner ?? nodeProcessRunner
  const app = new AppService({
    mode: options.mode,
    version: options.appVersion,
    openExternal: options.openExternal,
    ...(options.pickFolder ? { pickFolder: options.pickFolder } : {}),
    ...(options.runtimeVersions ? { runtimeVersions: options.runtimeVersions } : {}),
  })
  const project = new ProjectService({
    fs,
    configDir: options.userDirs.configDir,
    appVersion: options.appVersion,
  })
  const settings = new SettingsService(fs, options.userDirs.configDir)
  const jobs = new JobsService({ createWorker: options.createWorker })
  const doctor = new DoctorService({ fs, runner })

  const router = new ServiceRouter()
  router.register(appContract, app)
  router.register(projectContract, project)
  router.register(settingsContract, settings)
  router.register(jobsContract, jobs)
  router.register(doctorContract, doctor)

  return {
    router,
    app,
    project,
    settings,
    jobs,
    doctor,
    async dispose() {
      await jobs.dispose()
      await project.close()
      router.dispose()
    },
  }
}
