/**
 * The toolchain: finding compilers, building firmware and the native helpers (simavr harness, host C).
 * It has no API of its own yet (the build and flash steps call it in the main process); its errors reach
 * the user through them, so they are listed here with every other service's.
 */

/** Toolchain errors: the 6xxx block (docs/architecture.md, docs/boards.md). */
export const ToolchainErrorCode = {
  /** No compiler for the board's family; the message names the packages to install. */
  ToolchainNotFound: 6001,
  CompileFailed: 6002,
  LinkFailed: 6003,
  NoSources: 6004,
  ObjcopyFailed: 6005,
  ToolTimedOut: 6006,
  OutputFormatFailed: 6008,
  /** The optiboot bootloader built from source does not fit the boot section. */
  BootloaderTooBig: 6010,
  NativeBuildFailed: 6011,
  LibsimavrMissing: 6012,
  HostCompilerMissing: 6013,
  SourceMissing: 6014,
} as const
