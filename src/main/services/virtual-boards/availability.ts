import { pathExists, type FileSystem } from '../system/file-system'
import { findExecutable } from '../system/which'
import type { VirtualBoardKind } from '../../../shared/api/virtual-boards'

export interface Availability {
  readonly available: boolean
  /** Why not, as a sentence with the fix; absent when available. */
  readonly reason?: string
}

export interface AvailabilityDeps {
  readonly fs: FileSystem
  readonly platform: NodeJS.Platform
  readonly searchPath: string
  /** Whether an AVR toolchain is found (for optiboot); the toolchain service answers it. */
  readonly hasAvrToolchain: () => Promise<boolean>
  readonly qemuCommand: string
}

const SIMAVR_HEADER = '/usr/include/simavr/sim_avr.h'

/**
 * Whether a virtual board can run on this computer, and if not, why: the board is then listed as
 * unavailable with this reason rather than hidden (issue 3). Checks what starting would need, without
 * building anything.
 */
export async function checkAvailability(
  kind: VirtualBoardKind,
  deps: AvailabilityDeps,
): Promise<Availability> {
  if (deps.platform === 'win32') {
    return {
      available: false,
      reason: 'Virtual boards need pseudo-terminals, which Windows lacks; use Linux (or WSL).',
    }
  }
  const find = (name: string) => findExecutable(deps.fs, name, deps.searchPath, deps.platform)
  const hostCc = (await find('cc')) ?? (await find('gcc')) ?? (await find('clang'))
  const missing: string[] = []
  if (!hostCc) missing.push('a C compiler (build-essential)')
  if (kind === 'uno') {
    if (deps.platform !== 'linux') {
      return {
        available: false,
        reason: 'The virtual Uno runs on libsimavr, which Mote supports on Linux only.',
      }
    }
    if (!(await pathExists(deps.fs, SIMAVR_HEADER))) missing.push('libsimavr (libsimavr-dev, libelf-dev)')
    if (!(await deps.hasAvrToolchain())) missing.push('the AVR compiler (gcc-avr, avr-libc)')
    if (!(await optibootSourceExists(deps.fs))) missing.push("optiboot's source (arduino-core-avr)")
  } else if (!(await find(deps.qemuCommand))) {
    missing.push('QEMU (qemu-system-arm)')
  }
  if (missing.length === 0) return { available: true }
  return {
    available: false,
    reason: `Missing ${missing.join(', ')}; install ${missing.length > 1 ? 'them' : 'it'} (see \`mote doctor\`).`,
  }
}

async function optibootSourceExists(fs: FileSystem): Promise<boolean> {
  return pathExists(fs, '/usr/share/arduino/hardware/arduino/avr/bootloaders/optiboot/optiboot.c')
}
