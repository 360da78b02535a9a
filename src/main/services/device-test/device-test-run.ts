import { runInt8 } from '../../../core/compress/reference'
import type { ModelGraph } from '../../../core/model/graph'
import type {
  BoardIdentity,
  DeviceRunResult,
  DeviceTestReport,
  Mismatch,
} from '../../../shared/api/device-test'
import type { CancellationToken } from '../../../shared/api/jobs'
import { throwIfCancelled } from '../../../shared/errors'
import type { InferenceClient } from './inference-client'

/**
 * The on-device test (docs/firmware.md, "On-device test"): each window goes to the board as raw samples (the
 * DSP runs on the board) or as the model's input; the board answers with the model input it computed and
 * its output. The host runs its int8 reference (src/core/compress/reference) on that same model input, and
 * the two outputs must agree byte for byte: a mismatch is a disagreement between the board's model code
 * and the host's. Accuracy and the confusion matrix come from the board's outputs; latency from its cycles.
 */

export interface TestWindow {
  /** The raw window, interleaved `[frames, axes]`, in the dataset's units. */
  readonly values: Float32Array
  /** Index of the true label. */
  readonly label: number
  /** Where it came from, to show a mismatch (`sample id #window`). */
  readonly name: string
}

/** Raw window → the bytes the firmware reads: int16 counts of `inputLsb` (saturated) or float32, little endian. */
export function windowBytes(values: Float32Array, identity: BoardIdentity): Uint8Array {
  if (identity.sampleType === 'float32') return new Uint8Array(Float32Array.from(values).buffer)
  const out = new Uint8Array(values.length * 2)
  const view = new DataView(out.buffer)
  values.forEach((v, i) => {
    const count = Math.max(-32767, Math.min(32767, Math.round(v / identity.inputLsb)))
    view.setInt16(i * 2, count, true)
  })
  return out
}

const argmax = (bytes: Uint8Array): number => {
  const signed = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length)
  let best = 0
  for (let i = 1; i < signed.length; i++) if (signed[i]! > signed[best]!) best = i
  return best
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export interface DeviceTestOptions {
  readonly timeoutMs?: number
  readonly cancellation?: CancellationToken
  readonly onProgress?: (done: number, total: number) => void
}

/** One board result checked against the host reference. */
interface Checked {
  readonly run: DeviceRunResult
  readonly label: number
  readonly mismatch?: Mismatch
}

function check(graph: ModelGraph, window: TestWindow, run: DeviceRunResult): Checked {
  const input = new Int8Array(run.modelInput!.buffer, run.modelInput!.byteOffset, run.modelInput!.length)
  const host = runInt8(graph, input)[0]!
  const board = new Int8Array(run.output.buffer, run.output.byteOffset, run.output.length)
  const same = host.length === board.length && host.every((v, i) => v === board[i])
  if (same) return { run, label: window.label }
  return {
    run,
    label: window.label,
    mismatch: { window: window.name, modelInput: [...input], board: [...board], host: [...host] },
  }
}

/**
 * Runs `windows` on the board one by one. Stops early, keeping what arrived, when cancelled or when the
 * board fails (the failure is rethrown through `onStop` only when nothing arrived).
 */
export async function runDeviceTest(
  client: InferenceClient,
  graph: ModelGraph,
  windows: readonly TestWindow[],
  classes: number,
  options: DeviceTestOptions = {},
): Promise<{ report: DeviceTestReport; error?: unknown }> {
  const checked: Checked[] = []
  const source = client.identity.dsp === 'none' ? 'model-input' : 'window'
  let error: unknown
  for (const window of windows) {
    try {
      throwIfCancelled(options.cancellation, 'The on-device test was cancelled.')
      const bytes = windowBytes(window.values, client.identity)
      const run = await client.run(bytes, {
        source,
        sendModelInput: true,
        timeoutMs: options.timeoutMs ?? 10_000,
        ...(options.cancellation ? { cancellation: options.cancellation } : {}),
      })
      checked.push(check(graph, window, source === 'window' ? run : { ...run, modelInput: bytes }))
      options.onProgress?.(checked.length, windows.length)
    } catch (caught) {
      error = caught
      break
    }
  }
  if (checked.length === 0 && error !== undefined) throw error
  const report = summarize(checked, classes, client.identity, error !== undefined)
  return error === undefined ? { report } : { report, error }
}

function summarize(
  checked: readonly Checked[],
  classes: number,
  identity: BoardIdentity,
  partial: boolean,
): DeviceTestReport {
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0))
  let correct = 0
  for (const c of checked) {
    const predicted = argmax(c.run.output)
    if (c.label < classes && predicted < classes) confusion[c.label]![predicted]!++
    if (predicted === c.label) correct++
  }
  const ms = (cycles: number) => (cycles / identity.clockHz) * 1000
  const total = checked.map((c) => ms(c.run.dspCycles + c.run.modelCycles))
  const mismatchList = checked.flatMap((c) => (c.mismatch ? [c.mismatch] : []))
  return {
    windows: checked.length,
    mismatches: mismatchList.length,
    mismatchList: mismatchList.slice(0, 20),
    accuracy: checked.length ? correct / checked.length : 0,
    confusion,
    latencyMs: { min: Math.min(...total), median: median(total), max: Math.max(...total) },
    dspMs: { median: ms(median(checked.map((c) => c.run.dspCycles))) },
    modelMs: { median: ms(median(checked.map((c) => c.run.modelCycles))) },
    cycles: {
      dspMedian: median(checked.map((c) => c.run.dspCycles)),
      modelMedian: median(checked.map((c) => c.run.modelCycles)),
    },
    stackHighWaterBytes: Math.max(0, ...checked.map((c) => c.run.stackHighWaterBytes)),
    partial,
  }
}
