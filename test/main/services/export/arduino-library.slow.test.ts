/**
 * The Arduino library export against the Arduino library specification (1.5 format, rev. 2.2) and against
 * the Uno's real core: its example sketch compiles and links with avr-g++ and Debian's arduino-core-avr
 * as arduino-cli would build it (arduino-avr.ts), and fits the Uno's flash and static RAM.
 */
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARDUINO_CATEGORIES, ARDUINO_REQUIRED_FIELDS } from '../../../../src/core/codegen/library'
import { findBoard } from '../../../../src/core/boards/board-lookup'
import { readFirmwareImage } from '../../../../src/main/services/firmware/firmware-image'
import { Stk500v1Flasher } from '../../../../src/main/services/flash/stk500v1-flasher'
import { nodeSerialOpener } from '../../../../src/main/services/serial/serial-port'
import { controlSocketReset } from '../../../../src/main/services/virtual-boards/virtual-reset'
import { openCollector, sleep, testVirtualBoards } from '../virtual-boards/fixtures'
import { buildUnoSketch, type AvrSketchBuild } from './arduino-avr'
import { createExportProject, exportService, type ExportProject } from './export-project'
import { unzipped } from './library-tools'

/** library.properties as the specification reads it: `key=value` lines, UTF-8, `#` comments. */
function readProperties(text: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue
    const at = line.indexOf('=')
    expect(at, `"${line}" is key=value`).toBeGreaterThan(0)
    out.set(line.slice(0, at), line.slice(at + 1))
  }
  return out
}

describe('the Arduino library export', () => {
  let fixture: ExportProject
  let root: string
  let properties: Map<string, string>
  let build: AvrSketchBuild | undefined

  beforeAll(async () => {
    fixture = await createExportProject()
    const out = join(fixture.dir, '..', 'gestures-arduino.zip')
    const service = exportService(fixture)
    const result = await service.export({ format: 'arduino', outPath: out, boardId: 'uno' })
    expect(result.dsp?.numeric).toBe('fixed')
    const dir = await unzipped(out)
    const folders = await readdir(dir)
    expect(folders).toEqual(['Mote_Wrist_gestures'])
    root = join(dir, folders[0]!)
    properties = readProperties(await readFile(join(root, 'library.properties'), 'utf8'))
  }, 60_000)

  afterAll(async () => {
    await fixture?.project.close()
  })

  it('has every library.properties field the specification requires, each valid', () => {
    for (const field of ARDUINO_REQUIRED_FIELDS) expect(properties.has(field), field).toBe(true)
    const name = properties.get('name')!
    expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9 _.-]*$/)
    expect(name.length).toBeLessThanOrEqual(63)
    expect(name).not.toMatch(/^arduino/i)
    expect(properties.get('version')).toMatch(/^\d+\.\d+\.\d+$/)
    expect(ARDUINO_CATEGORIES).toContain(properties.get('category'))
    expect(properties.get('architectures')).toBe('*')
    for (const field of ['author', 'maintainer', 'sentence', 'paragraph'])
      expect(properties.get(field)!.length, field).toBeGreaterThan(0)
    expect(properties.get('includes')).toBe('mote_pipeline.h')
  })

  it('has the 1.5 layout: root named after the library, sources in src/, the example in examples/<name>/<name>.ino', async () => {
    expect(root.endsWith(properties.get('name')!.replace(/ /g, '_'))).toBe(true)
    expect((await stat(join(root, 'src/mote_pipeline.h'))).isFile()).toBe(true)
    expect((await stat(join(root, 'src', properties.get('includes')!))).isFile()).toBe(true)
    const examples = await readdir(join(root, 'examples'))
    expect(examples).toEqual(['Classify'])
    expect(await readdir(join(root, 'examples/Classify'))).toEqual(['Classify.ino'])
    // A 1.5 library has no utility/ folder (src/ is compiled recursively) and nothing but sources in src/.
    const top = await readdir(root)
    expect(top.sort()).toEqual(['README.md', 'examples', 'library.properties', 'src'])
  })

  it('compiles and links the example for the Uno with avr-g++ against arduino-core-avr, within its flash and RAM', async () => {
    const sketch = join(root, 'examples/Classify/Classify.ino')
    build = await buildUnoSketch(root, sketch, join(fixture.dir, '..', 'uno-build'))
    const uno = findBoard('uno')!
    const flash = uno.flashLayout!.appEndAddress - uno.flashLayout!.appStartAddress
    console.log(
      `Uno example: flash ${build.text + build.data} of ${flash} B, static RAM ${build.data + build.bss} of ${uno.sramBytes} B`,
    )
    expect(build.warnings).toBe('')
    expect(build.text + build.data).toBeLessThanOrEqual(flash)
    expect(build.data + build.bss).toBeLessThan(uno.sramBytes)
  }, 120_000)

  it('runs the example on the virtual Uno: window after window from A0–A2, it prints every label’s score and the top one', async () => {
    expect(build, 'the example was built by the test before').toBeDefined()
    const { service } = await testVirtualBoards()
    try {
      const info = await service.start('uno')
      const image = readFirmwareImage(new Uint8Array(await readFile(build!.elf)), 'elf', {
        mcu: 'atmega328p',
        source: 'Classify example',
      })
      const resetFor = async () => controlSocketReset(info.controlSocket)
      await new Stk500v1Flasher({ opener: nodeSerialOpener, resetFor, sleep }).flash(
        image,
        { port: info.port, boardId: 'virtual-uno' },
        {},
      )
      const signal = join(await mkdtemp(join(tmpdir(), 'mote-arduino-signal-')), 'signal.csv')
      const rows = ['time_s,A0,A1,A2']
      for (let i = 0; i <= 1000; i++) {
        const t = i / 100
        rows.push(
          [t, 1650 + 300 * Math.sin(2 * Math.PI * 2 * t), 1650, 1980].map((v) => v.toFixed(3)).join(','),
        )
      }
      await writeFile(signal, rows.join('\n') + '\n')
      await service.uno()!.loadSignal(signal, true)
      const serial = await openCollector(info.port)
      try {
        // A 2 s window, then one per 0.5 s stride: three results well within 12 s of simulated real time.
        await serial.until('-> ', 8_000)
        const lines = (await waitForResults(serial.text, 3, 12_000)).split(/\r?\n/)
        const tops = lines.filter((l) => l.startsWith('-> '))
        const scores = lines.filter((l) => /^\S+ [01]\.\d{3}$/.test(l))
        expect(tops.length).toBeGreaterThanOrEqual(3)
        expect(scores.length).toBeGreaterThanOrEqual(5 * 3)
        expect(lines.filter((l) => l.startsWith('pipeline error'))).toEqual([])
      } finally {
        await serial.close()
      }
    } finally {
      await service.stopAll()
    }
  }, 120_000)
})

async function waitForResults(text: () => string, count: number, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs
  while (text().split('-> ').length <= count) {
    if (Date.now() > deadline)
      throw new Error(`${count} results did not arrive in ${timeoutMs} ms; got ${JSON.stringify(text())}`)
    await sleep(100)
  }
  return text()
}
