import { CaptureErrorCode } from './api/capture'
import { CodegenErrorCode } from './api/codegen'
import { CompressErrorCode } from './api/compress'
import { DatasetErrorCode } from './api/dataset'
import { DspErrorCode, ModelErrorCode } from './api/design'
import { DevicesErrorCode } from './api/devices'
import { DeviceTestErrorCode } from './api/device-test'
import { DoctorErrorCode } from './api/doctor'
import { ExportErrorCode } from './api/export'
import { FlashErrorCode } from './api/flash'
import { JobsErrorCode } from './api/jobs'
import { MonitorErrorCode } from './api/monitor'
import { ProjectErrorCode } from './api/project'
import { SettingsErrorCode } from './api/settings'
import { ToolchainErrorCode } from './api/toolchain'
import { TrainErrorCode } from './api/train'
import { TuneErrorCode } from './api/tune-errors'
import { VirtualBoardsErrorCode } from './api/virtual-boards'
import { RpcErrorCode } from './errors'

/**
 * Every error code the studio can report, one table per service (each defined in its contract file), keyed
 * by the table's exported name. For whatever must cover them all: the UI's translations by code, the docs, the
 * test that no two codes collide and each stays in its block (docs/architecture.md "Error codes").
 */
export const ERROR_CODE_TABLES = {
  RpcErrorCode,
  ProjectErrorCode,
  JobsErrorCode,
  SettingsErrorCode,
  DoctorErrorCode,
  DevicesErrorCode,
  MonitorErrorCode,
  ToolchainErrorCode,
  FlashErrorCode,
  VirtualBoardsErrorCode,
  CaptureErrorCode,
  DatasetErrorCode,
  DspErrorCode,
  ModelErrorCode,
  TrainErrorCode,
  CompressErrorCode,
  CodegenErrorCode,
  DeviceTestErrorCode,
  ExportErrorCode,
  TuneErrorCode,
} as const

export type ErrorCodeTable = keyof typeof ERROR_CODE_TABLES

/** Each table's block: codes from `first` to `last` inclusive (docs/architecture.md). */
export const ERROR_CODE_BLOCKS: Readonly<Record<ErrorCodeTable, { first: number; last: number }>> = {
  RpcErrorCode: { first: 1000, last: 1999 },
  ProjectErrorCode: { first: 2000, last: 2999 },
  JobsErrorCode: { first: 3000, last: 3999 },
  SettingsErrorCode: { first: 4000, last: 4999 },
  DoctorErrorCode: { first: 4000, last: 4999 },
  DevicesErrorCode: { first: 5000, last: 5199 },
  MonitorErrorCode: { first: 5200, last: 5299 },
  ToolchainErrorCode: { first: 6000, last: 6999 },
  FlashErrorCode: { first: 7000, last: 7999 },
  VirtualBoardsErrorCode: { first: 8000, last: 8999 },
  CaptureErrorCode: { first: 9000, last: 9999 },
  DatasetErrorCode: { first: 10000, last: 10999 },
  DspErrorCode: { first: 11000, last: 11999 },
  ModelErrorCode: { first: 12000, last: 12999 },
  TrainErrorCode: { first: 13000, last: 13999 },
  CompressErrorCode: { first: 14000, last: 14999 },
  CodegenErrorCode: { first: 15000, last: 15999 },
  DeviceTestErrorCode: { first: 16000, last: 16999 },
  ExportErrorCode: { first: 17000, last: 17999 },
  TuneErrorCode: { first: 18000, last: 18999 },
}

/** Every code with its table and the name it has there. */
export function allErrorCodes(): { table: ErrorCodeTable; name: string; code: number }[] {
  return Object.entries(ERROR_CODE_TABLES).flatMap(([table, codes]) =>
    Object.entries(codes).map(([name, code]) => ({ table: table as ErrorCodeTable, name, code })),
  )
}
