/**
 * The load of bench/serve.ts, in a process of its own so that decoding 700 MB of replies does not delay the
 * probe that measures the server: one page imports a large WAV file while another reads one long sample 50
 * times at once. Prints one JSON line with the seconds each took.
 */
import { encodeWav } from '../../src/core/dataset/formats/wav'
import { openServeBridge } from '../../test/main/serve/serve-client'

const [port, token, sampleId, importBytes, parallelReads] = process.argv.slice(2).map(String)
const PARALLEL_READS = Number(parallelReads)

async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const start = performance.now()
  const value = await work()
  return { seconds: (performance.now() - start) / 1000, value }
}

const importer = await openServeBridge(Number(port), token!)
const reader = await openServeBridge(Number(port), token!)
const frames = Math.max(0, Math.floor((Number(importBytes) - 44) / 2))
const audio = new Float32Array(frames).map((_, i) => Math.round(Math.sin(i / 7) * 16000) / 32768)
const wav = encodeWav(audio, 16000)
process.stdout.write('started\n')
const [imported, reads] = await Promise.all([
  timed(async () =>
    frames === 0
      ? ({ ok: true, value: undefined } as const)
      : importer.invoke('mote:dataset:importFiles', [[{ name: 'long.wav', bytes: wav }], { label: 'long' }]),
  ),
  timed(() =>
    Promise.all(Array.from({ length: PARALLEL_READS }, () => reader.invoke('mote:dataset:read', [sampleId]))),
  ),
])
const failed = [imported.value, ...reads.value].filter((r) => !r.ok)
process.stdout.write(
  JSON.stringify({
    importSeconds: imported.seconds,
    importMB: frames === 0 ? 0 : wav.byteLength / 1e6,
    readsSeconds: reads.seconds,
    reads: PARALLEL_READS,
    failed: failed.map((r) => (r.ok ? '' : r.error.message)),
  }) + '\n',
)
importer.close()
reader.close()
