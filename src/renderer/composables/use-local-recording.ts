import { ref } from 'vue'
import { tryOnScopeDispose } from '@vueuse/core'
import type { NewSample } from '../../shared/api/dataset'
import { LiveBuffer } from '../charts/live-buffer'
import { systemClock, type Clock } from '../clock'
import { Microphone, MICROPHONE_RATE_HZ } from '../media/microphone'

/** A local (microphone / camera) recording's progress, shaped like the capture service's for the view. */
export interface LocalStatus {
  readonly phase: 'countdown' | 'recording' | 'saving'
  readonly recordingStartsAt: number
  readonly seconds: number
}

export interface LocalRecordingOptions {
  /** Read when a recording starts: its length, the countdown before it, and the camera's image size. */
  readonly settings: () => {
    readonly seconds: number
    readonly countdownMs: number
    readonly imageWidth: number
    readonly imageHeight: number
  }
  /** Where the live plot's buffer goes (the capture store's `live`). */
  readonly onLive: (buffer: LiveBuffer) => void
  /** Saves the finished recording (the capture store adds the label and sends it to the dataset). */
  readonly save: (sample: Omit<NewSample, 'label'>) => Promise<void>
  /** The countdown's and the recording's timers and the countdown's end time; tests pass a fake one. */
  readonly clock?: Clock
  readonly liveWindowSeconds?: number
}

/**
 * Recording from this computer's microphone and camera, in the renderer: a countdown, then the microphone
 * for `seconds` (or until `stop`) with a live plot decimated to about 2 kHz, or one camera snapshot at the
 * design's image size. The microphone is opened once and released when the owning scope ends.
 */
export function useLocalRecording(options: LocalRecordingOptions) {
  const clock = options.clock ?? systemClock
  const status = ref<LocalStatus | null>(null)
  let microphone: Microphone | undefined
  let stopTimer: (() => void) | undefined
  let grab: ((width: number, height: number) => Float32Array) | undefined

  async function countdown(): Promise<void> {
    const s = options.settings()
    status.value = {
      phase: 'countdown',
      recordingStartsAt: clock.wallNow() + s.countdownMs,
      seconds: s.seconds,
    }
    await new Promise<void>((r) => clock.setTimeout(r, s.countdownMs))
    status.value = { ...status.value, phase: 'recording' }
  }

  /** Resolves 'complete' after `seconds`, or 'stopped' at once when `stop` is called. */
  function timed(seconds: number): Promise<'complete' | 'stopped'> {
    return new Promise((resolve) => {
      const timer = clock.setTimeout(() => resolve('complete'), seconds * 1000)
      stopTimer = () => {
        clock.clear(timer)
        resolve('stopped')
      }
    })
  }

  async function save(sample: Omit<NewSample, 'label'>): Promise<void> {
    status.value = { ...status.value!, phase: 'saving' }
    await options.save(sample)
  }

  async function recordMicrophone(): Promise<void> {
    try {
      microphone ??= await Microphone.open()
      const mic = microphone
      const { seconds } = options.settings()
      const decimate = Math.max(1, Math.round(mic.rateHz / 2000))
      const shownHz = mic.rateHz / decimate
      const live = new LiveBuffer(
        1,
        shownHz,
        Math.ceil(Math.min(seconds, options.liveWindowSeconds ?? 10) * shownHz),
      )
      options.onLive(live)
      await countdown()
      let frames = 0
      mic.start((block) => {
        const shown = new Float32Array(Math.floor(block.length / decimate))
        for (let i = 0; i < shown.length; i++) shown[i] = block[i * decimate]!
        live.append(frames, shown)
        frames += shown.length
      })
      if ((await timed(seconds)) === 'complete') await mic.settle(seconds)
      const values = mic.take(seconds)
      await save({
        kind: 'audio',
        rateHz: MICROPHONE_RATE_HZ,
        axes: [{ name: 'audio', unit: '' }],
        length: values.length,
        source: 'Microphone of this computer',
        values,
      })
    } finally {
      status.value = null
    }
  }

  async function recordCamera(): Promise<void> {
    if (!grab) throw new Error('The camera is not open yet.')
    const take = grab
    try {
      const { imageWidth: width, imageHeight: height } = options.settings()
      await countdown()
      const values = take(width, height)
      await save({
        kind: 'image',
        rateHz: 0,
        axes: ['R', 'G', 'B'].map((name) => ({ name, unit: '' })),
        length: width * height,
        image: { width, height },
        source: 'Camera of this computer',
        values,
      })
    } finally {
      status.value = null
    }
  }

  /** Ends a microphone recording now, keeping what was recorded. */
  function stop(): void {
    stopTimer?.()
  }

  /** The camera preview hands over its snapshot function (at a size) while the camera is shown. */
  function setCameraGrabber(fn: ((width: number, height: number) => Float32Array) | undefined): void {
    grab = fn
  }

  async function releaseMicrophone(): Promise<void> {
    const mic = microphone
    microphone = undefined
    await mic?.close()
  }

  tryOnScopeDispose(() => void releaseMicrophone())

  return { status, recordMicrophone, recordCamera, stop, setCameraGrabber, releaseMicrophone }
}
