import { describe, expect, it } from 'vitest'
import { findBoard } from '../../../../src/core/boards/board-lookup'
import { generateFirmwareApp } from '../../../../src/main/services/device-test/firmware-app'
import { firmwarePortOf } from '../../../../src/main/services/device-test/firmware-ports'
import { DeviceTestErrorCode } from '../../../../src/shared/api/device-test'
import { gesturesFirmwareInput } from './deploy-fixtures'

const uno = findBoard('uno')!
const text = (name: string, files: readonly { name: string; text: string }[]) =>
  files.find((f) => f.name === name)!.text

describe('the generated app of the inference firmware', () => {
  it('is the same bytes for the same input', () => {
    const a = generateFirmwareApp(gesturesFirmwareInput(uno))
    const b = generateFirmwareApp(gesturesFirmwareInput(uno))
    expect(a.files).toEqual(b.files)
    expect(a.files.map((f) => f.name)).toEqual([
      'mote_app.h',
      'mote_app.c',
      'model.h',
      'model.c',
      'mote_features.c',
    ])
  })

  it('describes the gestures design to the core and puts the model’s arena in the shared scratch buffer', () => {
    const app = generateFirmwareApp(gesturesFirmwareInput(uno))
    const header = text('mote_app.h', app.files)
    expect(header).toContain('#define MOTE_APP_WINDOW_VALUES 375UL')
    expect(header).toContain('#define MOTE_APP_FEATURES 42UL')
    expect(header).toContain('#define MOTE_APP_DSP 1') // fixed point on AVR
    expect(header).toContain('#define MOTE_APP_RATE_MHZ 62500UL')
    expect(header).toContain(`#define MOTE_APP_ARENA_BYTES ${app.model.memory.plan.peakBytes}UL`)
    const model = text('model.c', app.files)
    expect(model).toContain('extern uint8_t mote_scratch[];')
    expect(model).not.toMatch(/static union[^;]*mote_model_arena/)
    expect(app.defines).toEqual({ MOTE_DSP_FIXED: 1 })
  })

  it('refuses a design whose features do not match the model’s input', () => {
    const input = gesturesFirmwareInput(uno)
    const code = { ...input.features!.code, outputCount: 41 }
    expect(() => generateFirmwareApp({ ...input, features: { ...input.features!, code } })).toThrow(
      /41 features/,
    )
  })

  it('has ports for the AVR and Cortex-M boards only, and says what to do elsewhere', () => {
    expect(firmwarePortOf(uno)).toMatchObject({ dir: 'avr', baudRate: 500_000, numeric: 'fixed' })
    expect(firmwarePortOf(findBoard('virtual-m4')!)).toMatchObject({ dir: 'cortex-m', numeric: 'fixed' })
    expect(firmwarePortOf(findBoard('nucleo-l4r5zi')!)).toMatchObject({
      linkerScript: 'stm32l4r5.ld',
      numeric: 'float',
      clockHz: 4_000_000,
    })
    expect(() => firmwarePortOf(findBoard('pico')!)).toThrow(
      expect.objectContaining({ code: DeviceTestErrorCode.UnsupportedBoard }),
    )
  })
})
