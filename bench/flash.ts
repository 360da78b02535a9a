/**
 * Flash benchmark: `node bin/run-ts.mjs bench/flash.ts`. Writes the same 16 KiB image to the virtual Uno
 * (simavr, optiboot, 115200 baud, simulated in real time) with our STK500v1 flasher and with avrdude
 * -c arduino, both verifying, alternating runs in one process, and prints the times and their ratio.
 * Both are timed from the start of the operation to "verified": for avrdude that includes starting the
 * process and its fixed 300 ms reset wait; for ours the control-socket reset and the sync.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import MemoryMap from 'nrf-intel-hex'
import { readFirmwareImage, type FirmwareImage } from '../src/main/services/firmware/firmware-image'
import { nodeSerialOpener } from '../src/main/services/serial/serial-port'
import { Stk500v1Flasher } from '../src/main/services/flash/stk500v1-flasher'
import { nodeProcessRunner } from '../src/main/services/system/process-runner'
import { blinkEchoProject } from '../src/main/services/toolchain/blink-echo-project'
import { stk500ResetResolver } from '../src/main/services/flash/stk500v1-reset'
import {
  RESOURCES_DIR,
  sleep,
  testToolchain,
  testVirtualBoards,
} from '../test/main/services/virtual-boards/fixtures'

const IMAGE_BYTES = 16 * 1024
const ROUNDS = 3

/** blink-echo followed by deterministic filler up to 16 KiB, so every page carries real data. */
async function sixteenKilobyteImage(): Promise<FirmwareImage> {
  const toolchain = testToolchain()
  const built = await toolchain.build(
    blinkEchoProject(RESOURCES_DIR, 'uno'),
    await mkdtemp(join(tmpdir(), 'mote-bench-')),
  )
  const app = readFirmwareImage(new Uint8Array(await readFile(built.elfPath)), 'elf', {
    mcu: 'atmega328p',
    source: 'bench',
  })
  const bytes = new Uint8Array(IMAGE_BYTES)
  bytes.set(app.bytes)
  let x = 12345
  for (let i = app.bytes.length; i < IMAGE_BYTES; i++) {
    x = (x * 1103515245 + 12345) >>> 0
    bytes[i] = x >>> 24
  }
  return { ...app, bytes, source: '16 KiB bench image' }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

const image = await sixteenKilobyteImage()
const hexPath = join(await mkdtemp(join(tmpdir(), 'mote-bench-')), 'bench.hex')
await writeFile(hexPath, new MemoryMap([[0, image.bytes]]).asHexString() + '\n')
const { service } = await testVirtualBoards()
const { port } = await service.start('uno')
const flasher = new Stk500v1Flasher({
  opener: nodeSerialOpener,
  resetFor: stk500ResetResolver((p) => service.findByPort(p), sleep),
  sleep,
})
const ours: number[] = []
const avrdude: number[] = []
try {
  for (let round = 0; round < ROUNDS; round++) {
    let start = performance.now()
    const result = await flasher.flash(image, { port, boardId: 'virtual-uno' }, {})
    if (!result.verified) throw new Error('our flash did not verify')
    ours.push(performance.now() - start)
    await sleep(1500) // let the program start, as between two uploads from the IDE
    start = performance.now()
    const run = await nodeProcessRunner.run(
      'avrdude',
      ['-c', 'arduino', '-p', 'm328p', '-P', port, '-b', '115200', '-U', `flash:w:${hexPath}:i`],
      { timeoutMs: 120_000 },
    )
    if (run.code !== 0 || !/bytes of flash verified/.test(run.stderr))
      throw new Error(`avrdude failed:\n${run.stderr}`)
    avrdude.push(performance.now() - start)
    await sleep(1500)
    console.log(
      `round ${round + 1}: ours ${ours.at(-1)!.toFixed(0)} ms, avrdude ${avrdude.at(-1)!.toFixed(0)} ms`,
    )
  }
} finally {
  await service.stopAll()
}
console.log(`\n16 KiB write + verify on the virtual Uno (median of ${ROUNDS}):`)
console.log(`${'Mote STK500v1 flasher'.padEnd(40)} ${median(ours).toFixed(0).padStart(8)} ms`)
console.log(`${'avrdude -c arduino (baseline)'.padEnd(40)} ${median(avrdude).toFixed(0).padStart(8)} ms`)
console.log(
  `${'avrdude time / ours'.padEnd(40)} ${(median(avrdude) / median(ours)).toFixed(2).padStart(8)} ×`,
)
