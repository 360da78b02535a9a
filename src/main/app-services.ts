import { join } from 'node:path'
import type { FilePurpose, FolderPurpose, HostMode } from '../shared/api/app'
import { appContract } from '../shared/api/app'
import { captureContract } from '../shared/api/capture'
import { datasetContract } from '../shared/api/dataset'
import { demoContract } from '../shared/api/demo'
import { designContract } from '../shared/api/design'
import { devicesContract } from '../shared/api/devices'
import { doctorContract } from '../shared/api/doctor'
import { jobsContract } from '../shared/api/jobs'
import { monitorContract } from '../shared/api/monitor'
import { flashContract } from '../shared/api/flash'
import { deployContract } from '../shared/api/device-test'
import { DeployService } from './services/device-test/deploy-service'
import { virtualBoardsContract } from '../shared/api/virtual-boards'
import { projectContract } from '../shared/api/project'
import { settingsContract } from '../shared/api/settings'
import { trainContract } from '../shared/api/train'
import { tuneContract } from '../shared/api/tune'
import { compressContract } from '../shared/api/compress'
import { exportContract } from '../shared/api/export'
import { ServiceRouter } from './rpc/service-router'
import { AppService } from './services/app/app-service'
import { captureFirmwareInstaller } from './services/capture/capture-firmware'
import { CaptureService } from './services/capture/capture-service'
import { serialStreamOpener } from './services/capture/serial-stream'
import { DatasetService } from './services/dataset/dataset-service'
import { DemoService } from './services/demo/demo-service'
import { DevicesService } from './services/devices/devices-service'
import { settingsChoiceStore } from './services/devices/device-sources'
import { nodeSerialLister, nodeUsbSource } from './services/devices/node-device-sources'
import { DoctorService } from './services/doctor/doctor-service'
import { nodeSerialOpener } from './services/serial/serial-port'
import { SerialMonitorService } from './services/monitor/serial-monitor-service'
import { PortLeases } from './services/serial/port-leases'
import { FlashService } from './services/flash/flash-service'
import { createFlashers } from './services/flash/flashers'
import { ToolchainService } from './services/toolchain/toolchain-service'
import { VirtualBoardsApiService } from './services/virtual-boards/virtual-boards-api'
import {
  defaultVirtualRuntimeDir,
  VirtualBoardsService,
} from './services/virtual-boards/virtual-boards-service'
import { JobsService, type WorkerFactory } from './services/jobs/jobs-service'
import { ProjectService } from './services/project/project-service'
import { SettingsService } from './services/settings/settings-service'
import { nodeFileSystem, type FileSystem } from './services/system/file-system'
import { nodeProcessRunner, type ProcessRunner } from './services/system/process-runner'
import type { UserDirs } from './services/system/user-dirs'
import { DesignService } from './services/train/design-service'
import { TrainService } from './services/train/train-service'
import { TuneService } from './services/tune/tune-service'
import { CompressService } from './services/compress/compress-service'
import { ExportService } from './services/export/export-service'

export interface AppServicesOptions {
  readonly mode: HostMode
  readonly appVersion: string
  readonly userDirs: UserDirs
  readonly createWorker: WorkerFactory
  readonly openExternal: (url: string) => Promise<void>
  readonly pickFolder?: (purpose: FolderPurpose) => Promise<string | null>
  readonly pickFiles?: (purpose: FilePurpose) => Promise<readonly string[] | null>
  readonly runtimeVersions?: Readonly<Record<string, string>>
  readonly fs?: FileSystem
  readonly runner?: ProcessRunner
  /** Where packaged resources (firmware sources, the simavr harness) live: the repo's resources/. */
  readonly resourcesDir: string
}

export interface AppServices {
  readonly router: ServiceRouter
  readonly app: AppService
  readonly project: ProjectService
  readonly settings: SettingsService
  readonly jobs: JobsService
  readonly doctor: DoctorService
  readonly design: DesignService
  readonly train: TrainService
  readonly tune: TuneService
  readonly compress: CompressService
  readonly demo: DemoService
  readonly devices: DevicesService
  readonly leases: PortLeases
  readonly monitor: SerialMonitorService
  readonly toolchain: ToolchainService
  readonly virtualBoards: VirtualBoardsService
  readonly flash: FlashService
  readonly deploy: DeployService
  readonly dataset: DatasetService
  readonly capture: CaptureService
  readonly export: ExportService
  /** Starts what the app and serve mode run in the background (device polling); the CLI does not. */
  startBackground(): Promise<void>
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
    ...(options.pickFiles ? { pickFiles: options.pickFiles } : {}),
    ...(options.runtimeVersions ? { runtimeVersions: options.runtimeVersions } : {}),
  })
  const project = new ProjectService({
    fs,
    configDir: options.userDirs.configDir,
    appVersion: options.appVersion,
  })
  const settings = new SettingsService(fs, options.userDirs.configDir)
  const jobs = new JobsService({ createWorker: options.createWorker })
  const design = new DesignService(project)
  const train = new TrainService({ project, jobs, fs })
  const compress = new CompressService({ project, jobs, fs })
  const tune = new TuneService({ project, jobs, design, fs })
  const demo = new DemoService({ project, fs, runner, appVersion: options.appVersion })
  const toolchain = new ToolchainService({
    fs,
    runner,
    cacheDir: join(options.userDirs.cacheDir, 'native'),
    resourcesDir: options.resourcesDir,
    extraPaths: async () => (await settings.get()).toolchainPaths,
  })
  settings.onDidChange(() => toolchain.forgetLocations())
  const doctor = new DoctorService({ fs, runner, toolchains: toolchain })
  const virtualBoards = new VirtualBoardsService({
    toolchain,
    runner,
    fs,
    runtimeDir: defaultVirtualRuntimeDir(),
    unoFlashImagePath: join(options.userDirs.cacheDir, 'virtual-uno-flash.bin'),
  })
  const virtualApi = new VirtualBoardsApiService(virtualBoards)
  const devices = new DevicesService({
    listSerialPorts: nodeSerialLister,
    usb: nodeUsbSource(),
    choices: settingsChoiceStore(settings),
    virtualBoards: () => virtualBoards.ports(),
  })
  const leases = new PortLeases((path) => devices.markBusy(path))
  const monitor = new SerialMonitorService(nodeSerialOpener, leases)
  const flash = new FlashService({
    fs,
    jobs,
    leases,
    monitor,
    flashers: createFlashers({
      fs,
      findVirtual: (port) => virtualBoards.findByPort(port),
      tempDir: join(options.userDirs.cacheDir, 'flash'),
    }),
  })
  const deployService = new DeployService({
    project,
    jobs,
    deploy: {
      fs,
      resourcesDir: options.resourcesDir,
      buildDir: join(options.userDirs.cacheDir, 'builds'),
      build: (firmware, outputDir, callbacks) => toolchain.build(firmware, outputDir, callbacks),
      flasherFor: (board) => flash.flasherFor(board),
      open: nodeSerialOpener,
    },
  })
  const dataset = new DatasetService({ project, fs, designInput: () => design.storedInput() })
  const capture = new CaptureService({
    open: serialStreamOpener(),
    save: (sample) => dataset.addRecorded(sample),
    checkDesign: async (meta) => (await dataset.mismatches([meta.id]))[0]?.mismatch ?? null,
    jobs,
    settings,
    leases,
    monitor,
    // The app's own toolchain (with the user's toolchain paths) and flash service, not copies of them.
    installFirmware: captureFirmwareInstaller({
      build: (firmware, outputDir, callbacks) => toolchain.build(firmware, outputDir, callbacks),
      flasherFor: (board) => flash.flasherFor(board),
      fs,
      resourcesDir: options.resourcesDir,
      buildDir: join(options.userDirs.cacheDir, 'capture-firmware'),
    }),
  })

  const exporter = new ExportService({
    project,
    fs,
    runner,
    flash,
    buildFirmware: (firmware, outputDir, callbacks) => toolchain.build(firmware, outputDir, callbacks),
    resourcesDir: options.resourcesDir,
    workDir: join(options.userDirs.cacheDir, 'export'),
  })

  const router = new ServiceRouter()
  router.register(appContract, app)
  router.register(projectContract, project)
  router.register(settingsContract, settings)
  router.register(jobsContract, jobs)
  router.register(doctorContract, doctor)
  router.register(designContract, design)
  router.register(trainContract, train)
  router.register(tuneContract, tune)
  router.register(compressContract, compress)
  router.register(demoContract, demo)
  router.register(devicesContract, devices)
  router.register(monitorContract, monitor)
  router.register(flashContract, flash)
  router.register(deployContract, deployService)
  router.register(virtualBoardsContract, virtualApi)
  router.register(datasetContract, dataset)
  router.register(captureContract, capture)
  router.register(exportContract, exporter)

  return {
    router,
    app,
    project,
    settings,
    jobs,
    doctor,
    design,
    train,
    tune,
    compress,
    demo,
    devices,
    leases,
    monitor,
    toolchain,
    virtualBoards,
    flash,
    deploy: deployService,
    dataset,
    capture,
    export: exporter,
    async startBackground() {
      await devices.start()
    },
    async dispose() {
      await capture.dispose()
      await monitor.dispose()
      await virtualBoards.stopAll()
      devices.dispose()
      await jobs.dispose()
      await project.close()
      router.dispose()
    },
  }
}
