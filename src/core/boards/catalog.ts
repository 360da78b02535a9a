import { ATMEGA328P_16MHZ, OPTIBOOT_328P } from './atmega328p'
import { VIRTUAL_BOARDS } from './catalog-virtual'
import type { Board, UsbId } from './types'
import {
  CH340,
  CH9102,
  CP210X,
  DAPLINK_MICROBIT,
  FT232R,
  RP2040_BOOTSEL,
  STLINK_V2_1,
  STM32_DFU,
} from './usb-ids'

/**
 * The board catalog (DESIGN.md §3): data only. Every figure's source is in docs/boards.md under the keys in
 * `sources`; the power and cost-model fields are left for the estimator work. Order is display order.
 */

/** CPU running from flash with the cache on and the DC/DC regulator, 64 MHz; System ON sleep with RTC. */
const NRF52840_POWER = {
  activeAmps: 3.3e-3,
  sleepAmps: 3.16e-6,
  sleepMode: 'System ON, RAM retained, RTC wake-up',
  minVolts: 1.7,
  source: 'nrf52840-ps-power',
} as const
/** RP2040 §5.4 use cases: SLEEP with the clocks gated; active at full clock inferred (docs/boards.md). */
const RP2040_POWER = {
  activeAmps: 25e-3,
  sleepAmps: 0.4e-3,
  sleepMode: 'SLEEP',
  // The Pico's buck-boost regulator takes VSYS from 1.8 V.
  minVolts: 1.8,
  source: 'rp2040-ds-power',
} as const

const M4F_HARD = ['-mcpu=cortex-m4', '-mthumb', '-mfloat-abi=hard', '-mfpu=fpv4-sp-d16'] as const
const M0PLUS = ['-mcpu=cortex-m0plus', '-mthumb'] as const

const arduino = (pid: number, mode: UsbId['mode'], note?: string): UsbId =>
  note === undefined ? { vid: 0x2341, pid, mode } : { vid: 0x2341, pid, mode, note }

/** RP2040 boot ROM: a UF2 drive labelled RPI-RP2 whose INFO_UF2.TXT says `Board-ID: RPI-RP2`. */
const RP2040_UF2 = { familyId: 0xe48bff56, boardId: 'RPI-RP2', volumeLabel: 'RPI-RP2' } as const

const REAL_BOARDS: readonly Board[] = [
  {
    id: 'uno',
    name: 'Arduino Uno',
    vendor: 'Arduino',
    ...ATMEGA328P_16MHZ,
    ...OPTIBOOT_328P,
    // The ATmega16U2 owns USB, so the id does not change when DTR resets the 328P into optiboot.
    usbIds: [
      arduino(0x0043, 'both', 'Uno R3'),
      arduino(0x0001, 'both', 'Uno (first revision)'),
      { vid: 0x2a03, pid: 0x0043, mode: 'both', note: 'Uno (arduino.org)' },
      arduino(0x0243, 'both', 'Uno R3'),
      arduino(0x006a, 'both', 'Uno'),
    ],
    arduinoFqbn: 'arduino:avr:uno',
    flashProtocol: 'stk500v1',
    sources: ['atmega328p-ds', 'arduino-avr-boards', 'arduino-uno-ds'],
  },
  {
    id: 'nano',
    name: 'Arduino Nano (FTDI)',
    vendor: 'Arduino',
    ...ATMEGA328P_16MHZ,
    bootloaderBytes: 2048,
    usbIds: [FT232R],
    arduinoFqbn: 'arduino:avr:nano:cpu=atmega328',
    flashProtocol: 'stk500v1',
    flashLayout: { appStartAddress: 0, appEndAddress: 30720, pageBytes: 128, uploadBaud: 115_200 },
    sources: ['atmega328p-ds', 'arduino-avr-boards', 'arduino-nano-ds', 'linux-usb-serial'],
  },
  {
    id: 'nano-ch340',
    name: 'Arduino Nano (CH340 clone)',
    vendor: 'various',
    ...ATMEGA328P_16MHZ,
    bootloaderBytes: 2048,
    usbIds: [CH340],
    arduinoFqbn: 'arduino:avr:nano:cpu=atmega328old',
    flashProtocol: 'stk500v1',
    // Clones mostly ship the old ATmegaBOOT (boards.txt `atmega328old`), which listens at 57600 baud.
    flashLayout: { appStartAddress: 0, appEndAddress: 30720, pageBytes: 128, uploadBaud: 57_600 },
    sources: ['atmega328p-ds', 'arduino-avr-boards', 'arduino-nano-ds', 'linux-usb-serial'],
  },
  {
    id: 'nano33ble-sense',
    name: 'Arduino Nano 33 BLE Sense',
    vendor: 'Arduino',
    mcu: 'nrf52840',
    core: 'cortex-m4f',
    clockHz: 64_000_000,
    sramBytes: 256 * 1024,
    flashBytes: 1024 * 1024,
    bootloaderBytes: 64 * 1024,
    supplyVolts: 3.3,
    power: NRF52840_POWER,
    flashWaitStates: { states: 0, cached: true },
    usbIds: [
      arduino(0x805a, 'application'),
      arduino(0x005a, 'bootloader'),
      arduino(0x015a, 'application', 'listed for nano33ble in boards.txt; mode inferred'),
      arduino(0x025a, 'application', 'listed for nano33ble in boards.txt; mode inferred'),
    ],
    arduinoFqbn: 'arduino:mbed_nano:nano33ble',
    flashProtocol: 'sam-ba',
    toolchain: { family: 'arm', cflags: [...M4F_HARD, '-DNRF52840_XXAA'] },
    flashLayout: {
      appStartAddress: 0x10000,
      appEndAddress: 0x100000,
      pageBytes: 4096,
      sambaChip: { identify: 'nRF52840-QIAA' },
      samba: { addressBase: 0, bufferAddress: 0, chunkBytes: 4096 },
    },
    sources: ['nrf52840-ps', 'arduino-mbed-boards', 'nano33ble-ds', 'bossa-arduino', 'bossa-nrf52'],
  },
  {
    id: 'nano-rp2040-connect',
    name: 'Arduino Nano RP2040 Connect',
    vendor: 'Arduino',
    mcu: 'rp2040',
    core: 'cortex-m0plus',
    clockHz: 133_000_000,
    sramBytes: 264 * 1024,
    flashBytes: 16 * 1024 * 1024,
    supplyVolts: 3.3,
    power: RP2040_POWER,
    flashWaitStates: { states: 0, cached: true },
    usbIds: [
      arduino(0x805e, 'application'),
      arduino(0x005e, 'application', 'listed for nanorp2040connect in boards.txt; mode inferred'),
      arduino(0x015e, 'application', 'listed for nanorp2040connect in boards.txt; mode inferred'),
      arduino(0x025e, 'application', 'listed for nanorp2040connect in boards.txt; mode inferred'),
      RP2040_BOOTSEL,
    ],
    arduinoFqbn: 'arduino:mbed_nano:nanorp2040connect',
    flashProtocol: 'uf2',
    toolchain: { family: 'arm', cflags: [...M0PLUS] },
    flashLayout: { appStartAddress: 0x10000000, appEndAddress: 0x11000000, pageBytes: 256, uf2: RP2040_UF2 },
    sources: ['rp2040-ds', 'arduino-mbed-boards', 'nano-rp2040-ds', 'uf2-spec'],
  },
  {
    id: 'pico',
    name: 'Raspberry Pi Pico',
    vendor: 'Raspberry Pi',
    mcu: 'rp2040',
    core: 'cortex-m0plus',
    clockHz: 133_000_000,
    sramBytes: 264 * 1024,
    flashBytes: 2 * 1024 * 1024,
    supplyVolts: 3.3,
    power: RP2040_POWER,
    flashWaitStates: { states: 0, cached: true },
    usbIds: [
      { vid: 0x2e8a, pid: 0x000a, mode: 'application', note: 'Pico SDK USB serial (stdio_usb)' },
      RP2040_BOOTSEL,
    ],
    arduinoFqbn: 'arduino:mbed_rp2040:pico',
    flashProtocol: 'uf2',
    toolchain: { family: 'arm', cflags: [...M0PLUS] },
    flashLayout: { appStartAddress: 0x10000000, appEndAddress: 0x10200000, pageBytes: 256, uf2: RP2040_UF2 },
    sources: ['rp2040-ds', 'pico-ds', 'pico-sdk-usb', 'uf2-spec', 'arduino-mbed-boards'],
  },
  {
    id: 'esp32-devkitc',
    name: 'ESP32 DevKitC (ESP32-WROOM-32)',
    vendor: 'Espressif',
    mcu: 'esp32',
    core: 'xtensa-lx6',
    clockHz: 240_000_000,
    sramBytes: 520 * 1024,
    flashBytes: 4 * 1024 * 1024,
    supplyVolts: 3.3,
    power: {
      activeAmps: 50e-3,
      sleepAmps: 0.8e-3,
      sleepMode: 'light-sleep',
      minVolts: 3.0,
      source: 'esp32-ds-power',
    },
    flashWaitStates: { states: 0, cached: true },
    usbIds: [CP210X, CH340, CH9102],
    arduinoFqbn: 'esp32:esp32:esp32',
    flashProtocol: 'esp32',
    toolchain: { family: 'esp32', cflags: ['-mlongcalls'] },
    // The second-stage bootloader goes at 0x1000; the ROM loader itself is in mask ROM.
    flashLayout: { appStartAddress: 0x1000, appEndAddress: 0x400000, pageBytes: 4, uploadBaud: 115_200 },
    sources: ['esp32-ds', 'esp32-devkitc', 'linux-usb-serial', 'esptool-protocol', 'arduino-esp32-boards'],
  },
  {
    id: 'nucleo-l4r5zi',
    name: 'ST Nucleo-L4R5ZI',
    vendor: 'STMicroelectronics',
    mcu: 'stm32l4r5zi',
    core: 'cortex-m4f',
    clockHz: 120_000_000,
    sramBytes: 640 * 1024,
    flashBytes: 2 * 1024 * 1024,
    supplyVolts: 3.3,
    power: {
      activeAmps: 13.2e-3,
      sleepAmps: 1.2e-6,
      sleepMode: 'Stop 2',
      minVolts: 1.71,
      source: 'stm32l4r5-ds-power',
    },
    // RM0432 table 12: 5 wait states at 120 MHz in range 1 boost; the ART accelerator hides them from loops.
    flashWaitStates: { states: 5, cached: true },
    usbIds: [STLINK_V2_1, STM32_DFU],
    flashProtocol: 'st-link',
    otherFlashProtocols: ['dfu'],
    toolchain: { family: 'arm', cflags: [...M4F_HARD, '-DSTM32L4R5xx'] },
    flashLayout: { appStartAddress: 0x08000000, appEndAddress: 0x08200000, pageBytes: 8 },
    sources: ['stm32l4r5-ds', 'rm0432', 'nucleo144-um', 'an2606', 'linux-usb-serial'],
  },
  {
    id: 'xiao-samd21',
    name: 'Seeed XIAO SAMD21',
    vendor: 'Seeed Studio',
    mcu: 'atsamd21g18a',
    core: 'cortex-m0plus',
    clockHz: 48_000_000,
    sramBytes: 32 * 1024,
    flashBytes: 256 * 1024,
    bootloaderBytes: 8 * 1024,
    supplyVolts: 3.3,
    power: {
      activeAmps: 3.4e-3,
      sleepAmps: 4e-6,
      sleepMode: 'standby, RTC on',
      minVolts: 1.62,
      source: 'samd21-ds-power',
    },
    // NVMCTRL RWS = 1 at 48 MHz and 3.3 V; the NVM cache is on after reset.
    flashWaitStates: { states: 1, cached: true },
    usbIds: [
      { vid: 0x2886, pid: 0x802f, mode: 'application' },
      { vid: 0x2886, pid: 0x002f, mode: 'bootloader' },
    ],
    arduinoFqbn: 'Seeeduino:samd:seeed_XIAO_m0',
    flashProtocol: 'sam-ba',
    toolchain: { family: 'arm', cflags: [...M0PLUS, '-D__SAMD21G18A__'] },
    flashLayout: {
      appStartAddress: 0x2000,
      appEndAddress: 0x40000,
      pageBytes: 64,
      sambaChip: { dsuDid: 0x10010005 },
      samba: { addressBase: 0x2000, bufferAddress: 0x20004000, chunkBytes: 4096 },
    },
    sources: ['samd21-ds', 'seeed-samd-boards', 'xiao-wiki', 'bossa-arduino', 'uf2-samdx1'],
  },
  {
    id: 'microbit-v2',
    name: 'BBC micro:bit v2',
    vendor: 'Micro:bit Educational Foundation',
    mcu: 'nrf52833',
    core: 'cortex-m4f',
    clockHz: 64_000_000,
    sramBytes: 128 * 1024,
    flashBytes: 512 * 1024,
    supplyVolts: 3.3,
    power: {
      activeAmps: 3.3e-3,
      sleepAmps: 2.6e-6,
      sleepMode: 'System ON, RAM retained, RTC wake-up',
      minVolts: 1.7,
      source: 'nrf52833-ps-power',
    },
    flashWaitStates: { states: 0, cached: true },
    usbIds: [DAPLINK_MICROBIT],
    flashProtocol: 'cmsis-dap',
    toolchain: { family: 'arm', cflags: [...M4F_HARD, '-DNRF52833_XXAA'] },
    sources: ['nrf52833-ps', 'microbit-v2-hw', 'linux-usb-serial'],
  },
]

/** Every board the studio knows, real ones first, then the virtual boards. */
export const BOARDS: readonly Board[] = [...REAL_BOARDS, ...VIRTUAL_BOARDS]
