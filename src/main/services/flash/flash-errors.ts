/**
 * Errors of the STK500v1 and QEMU flashers and of image reading: 7000–7499 of the flash block (7500–7999
 * belong to the SAM-BA, UF2, DFU and ESP32 flashers, in hardware-flash-errors.ts). Stable numbers.
 */
export const FlashErrorCode = {
  NoBootloaderAnswer: 7001,
  WrongMcu: 7002,
  VerifyFailed: 7003,
  PortGone: 7004,
  PortOpenFailed: 7005,
  ImageOutOfRange: 7006,
  Cancelled: 7007,
  ProtocolError: 7008,
  InvalidImage: 7009,
  ResetFailed: 7010,
  UnknownBoard: 7011,
  VirtualBoardNotRunning: 7020,
  QemuLoadFailed: 7021,
  QemuVerifyFailed: 7022,
} as const
