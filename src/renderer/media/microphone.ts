import { quantizeToPcm16 } from '../../core/dataset/pcm'
import { resample } from '../../core/dataset/resample'

/** Keyword spotting's rate: every microphone sample is stored mono at 16 kHz on the 16-bit grid. */
export const MICROPHONE_RATE_HZ = 16_000

/**
 * The computer's microphone, recording mono: getUserMedia without echo cancellation, noise suppression or
 * gain control (they change the signal a model will later hear from a plain microphone), a
 * ScriptProcessorNode collecting the raw blocks at the audio context's rate (often 48 kHz), and at the end
 * a band-limited resample to 16 kHz. ScriptProcessor is deprecated but works everywhere without serving a
 * worklet module; one 4096-value block every ~85 ms is light.
 */
export class Microphone {
  private blocks: Float32Array[] = []
  private listener: ((block: Float32Array, rateHz: number) => void) | undefined

  private constructor(
    private readonly stream: MediaStream,
    private readonly context: AudioContext,
    private readonly processor: ScriptProcessorNode,
  ) {
    processor.onaudioprocess = (event) => {
      const block = new Float32Array(event.inputBuffer.getChannelData(0))
      this.blocks.push(block)
      this.listener?.(block, context.sampleRate)
    }
  }

  static async open(): Promise<Microphone> {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    })
    const context = new AudioContext()
    const source = context.createMediaStreamSource(stream)
    const processor = context.createScriptProcessor(4096, 1, 1)
    source.connect(processor)
    // The processor only runs when connected to the output; it writes nothing, so nothing is heard.
    processor.connect(context.destination)
    return new Microphone(stream, context, processor)
  }

  get rateHz(): number {
    return this.context.sampleRate
  }

  /** Starts keeping blocks (dropping any before) and reports each to `onBlock` for the live plot. */
  start(onBlock: (block: Float32Array, rateHz: number) => void): void {
    this.blocks = []
    this.listener = onBlock
  }

  /** Seconds of sound kept since `start`. */
  get recordedSeconds(): number {
    return this.blocks.reduce((n, b) => n + b.length, 0) / this.context.sampleRate
  }

  /**
   * Waits (at most `timeoutMs`) until `seconds` of sound have arrived: on a busy computer the audio thread's
   * blocks reach the page late, and a timer alone would end the recording short.
   */
  async settle(seconds: number, timeoutMs = 2000): Promise<void> {
    const end = performance.now() + timeoutMs
    while (this.recordedSeconds < seconds && performance.now() < end)
      await new Promise((resolve) => setTimeout(resolve, 20))
  }

  /** The recording so far, resampled to 16 kHz and trimmed to `seconds`. */
  take(seconds: number): Float32Array {
    this.listener = undefined
    const total = this.blocks.reduce((n, b) => n + b.length, 0)
    const raw = new Float32Array(total)
    let at = 0
    for (const b of this.blocks) raw.set(b, (at += b.length) - b.length)
    const out = quantizeToPcm16(resample(raw, this.context.sampleRate, MICROPHONE_RATE_HZ))
    return out.subarray(0, Math.min(out.length, Math.round(seconds * MICROPHONE_RATE_HZ)))
  }

  async close(): Promise<void> {
    this.processor.disconnect()
    for (const track of this.stream.getTracks()) track.stop()
    await this.context.close()
  }
}
