import type { Board } from './types'

/**
 * Boards that run on this computer (DESIGN.md §4). Their figures are the emulated machine's, which is what
 * a latency or memory estimate on them must use; sources in docs/boards.md.
 */
export const VIRTUAL_BOARDS: readonly Board[] = [
  {
    id: 'virtual-uno',
    name: 'Virtual Uno (simavr)',
    vendor: 'Mote Studio',
    mcu: 'atmega328p',
    core: 'avr8',
    clockHz: 16_000_000,
    sramBytes: 2048,
    flashBytes: 32768,
    bootloaderBytes: 512,
    supplyVolts: 5,
    usbIds: [],
    flashProtocol: 'stk500v1',
    toolchain: { family: 'avr', cflags: ['-mmcu=atmega328p', '-DF_CPU=16000000UL'] },
    flashLayout: { appStartAddress: 0, appEndAddress: 32256, pageBytes: 128, uploadBaud: 115_200 },
    virtual: true,
    sources: ['atmega328p-ds', 'arduino-avr-boards', 'simavr'],
  },
  {
    id: 'virtual-m4',
    name: 'Virtual Cortex-M4 (QEMU mps2-an386)',
    vendor: 'Mote Studio',
    mcu: 'mps2-an386',
    core: 'cortex-m4',
    clockHz: 25_000_000,
    sramBytes: 4 * 1024 * 1024,
    flashBytes: 4 * 1024 * 1024,
    supplyVolts: 3.3,
    usbIds: [],
    flashProtocol: 'qemu',
    // Soft float keeps the image independent of whether the emulated core's FPU is enabled by the start-up code.
    toolchain: { family: 'arm', cflags: ['-mcpu=cortex-m4', '-mthumb', '-mfloat-abi=soft'] },
    virtual: true,
    sources: ['qemu-mps2'],
  },
  {
    id: 'virtual-m3',
    name: 'Virtual Cortex-M3 (QEMU lm3s6965evb)',
    vendor: 'Mote Studio',
    mcu: 'lm3s6965',
    core: 'cortex-m3',
    clockHz: 50_000_000,
    sramBytes: 64 * 1024,
    flashBytes: 256 * 1024,
    supplyVolts: 3.3,
    usbIds: [],
    flashProtocol: 'qemu',
    toolchain: { family: 'arm', cflags: ['-mcpu=cortex-m3', '-mthumb'] },
    virtual: true,
    sources: ['qemu-stellaris', 'lm3s6965-ds'],
  },
]
