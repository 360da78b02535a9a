import { appContract, type AppService } from '../../shared/api/app'
import { compressContract, type CompressService } from '../../shared/api/compress'
import { captureContract, type CaptureService } from '../../shared/api/capture'
import { datasetContract, type DatasetService } from '../../shared/api/dataset'
import { demoContract, type DemoService } from '../../shared/api/demo'
import { designContract, type DesignService } from '../../shared/api/design'
import { devicesContract, type DevicesService } from '../../shared/api/devices'
import { doctorContract, type DoctorService } from '../../shared/api/doctor'
import { exportContract, type ExportService } from '../../shared/api/export'
import { jobsContract, type JobsService } from '../../shared/api/jobs'
import { monitorContract, type SerialMonitorService } from '../../shared/api/monitor'
import { flashContract, type FlashService } from '../../shared/api/flash'
import { deployContract, type DeployService } from '../../shared/api/device-test'
import { virtualBoardsContract, type VirtualBoardsService } from '../../shared/api/virtual-boards'
import { projectContract, type ProjectService } from '../../shared/api/project'
import { settingsContract, type SettingsService } from '../../shared/api/settings'
import { trainContract, type TrainService } from '../../shared/api/train'
import { tuneContract, type TuneService } from '../../shared/api/tune'
import type { MoteBridge } from '../../shared/rpc/bridge'
import { createServiceClient } from './service-client'
import { createWebSocketBridge } from './websocket-bridge'

/** Every service the renderer can call, typed from the contracts in src/shared/api. */
export interface MoteApi {
  readonly compress: CompressService
  readonly app: AppService
  readonly project: ProjectService
  readonly settings: SettingsService
  readonly jobs: JobsService
  readonly doctor: DoctorService
  readonly devices: DevicesService
  readonly monitor: SerialMonitorService
  readonly flash: FlashService
  readonly deploy: DeployService
  readonly virtual: VirtualBoardsService
  readonly dataset: DatasetService
  readonly capture: CaptureService
  readonly design: DesignService
  readonly train: TrainService
  readonly tune: TuneService
  readonly demo: DemoService
  readonly export: ExportService
}

export function createApi(bridge: MoteBridge): MoteApi {
  return {
    app: createServiceClient(bridge, appContract),
    compress: createServiceClient(bridge, compressContract),
    project: createServiceClient(bridge, projectContract),
    settings: createServiceClient(bridge, settingsContract),
    jobs: createServiceClient(bridge, jobsContract),
    doctor: createServiceClient(bridge, doctorContract),
    devices: createServiceClient(bridge, devicesContract),
    monitor: createServiceClient(bridge, monitorContract),
    flash: createServiceClient(bridge, flashContract),
    deploy: createServiceClient(bridge, deployContract),
    virtual: createServiceClient(bridge, virtualBoardsContract),
    dataset: createServiceClient(bridge, datasetContract),
    capture: createServiceClient(bridge, captureContract),
    design: createServiceClient(bridge, designContract),
    train: createServiceClient(bridge, trainContract),
    tune: createServiceClient(bridge, tuneContract),
    demo: createServiceClient(bridge, demoContract),
    export: createServiceClient(bridge, exportContract),
  }
}

/**
 * Chooses the transport at start: the preload's IPC bridge inside Electron, otherwise the WebSocket of
 * `mote serve` on the page's own origin.
 */
export function chooseBridge(
  win: { mote?: MoteBridge; location: { host: string } },
  onConnectionChange?: (connected: boolean) => void,
): MoteBridge {
  if (win.mote !== undefined) return win.mote
  return createWebSocketBridge({
    url: `ws://${win.location.host}/api`,
    ...(onConnectionChange ? { onConnectionChange } : {}),
  })
}
