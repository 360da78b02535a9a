import { describe, expect, it } from 'vitest'
import { findBoard } from '../../../../src/core/boards/board-lookup'
import type { Board } from '../../../../src/core/boards/types'
import { boardBuildTarget } from '../../../../src/main/services/toolchain/board-target'
import { ToolchainErrorCode } from '../../../../src/shared/api/toolchain'

describe('a board as a build target', () => {
  it('takes the Uno’s flags and room from the catalog: 32 KiB less optiboot’s 512 bytes, 2 KiB of SRAM', () => {
    expect(boardBuildTarget(findBoard('uno')!)).toEqual({
      family: 'avr',
      cflags: ['-mmcu=atmega328p', '-DF_CPU=16000000UL'],
      capacity: { flashBytes: 32 * 1024 - 512, ramBytes: 2 * 1024 },
    })
  })

  it('gives the virtual Uno the same target as the Uno it emulates', () => {
    expect(boardBuildTarget(findBoard('virtual-uno')!)).toEqual(boardBuildTarget(findBoard('uno')!))
  })

  it('counts flash less the bootloader for a board without a flash layout', () => {
    const m3 = findBoard('virtual-m3')!
    expect(boardBuildTarget(m3).capacity).toEqual({ flashBytes: 256 * 1024, ramBytes: 64 * 1024 })
  })

  it('refuses a board whose toolchain Mote cannot run yet, naming it', () => {
    const esp32: Board = {
      ...findBoard('uno')!,
      name: 'ESP32 DevKitC',
      toolchain: { family: 'esp32', cflags: [] },
    }
    expect(() => boardBuildTarget(esp32)).toThrow(
      expect.objectContaining({
        code: ToolchainErrorCode.ToolchainNotFound,
        message: expect.stringMatching(/ESP32 DevKitC.*esp32/),
      }),
    )
  })
})
