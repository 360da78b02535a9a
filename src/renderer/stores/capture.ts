import { defineStore } from 'pinia'
import { useStorage } from '@vueuse/core'
import { computed, ref, shallowRef, watch } from 'vue'
import {
  CAPTURE_FIRMWARE,
  type CaptureData,
  type CaptureProtocol,
  type CaptureRequest,
  type CaptureStatus,
} from '../../shared/api/capture'
import type { NewSample, Sample } from '../../shared/api/dataset'
import type { DeviceEntry } from '../../shared/api/devices'
import { useApi } from '../api/provide'
import { designImageSize } from '../../core/dsp/registry'
import { LiveBuffer } from '../charts/live-buffer'
import { Microphone, MICROPHONE_RATE_HZ } from '../media/microphone'
import { useDevicesStore } from './devices'

export type SensorKind = 'serial' | 'microphone' | 'camera'

/** What the Capture form holds; kept in localStorage so the last settings come back (UX.md step 2). */
export interface CaptureSettings {
  deviceId: string | null
  sensor: SensorKind
  label: string
  seconds: number
  baudRate: number
  protocol: CaptureProtocol
  rateHz: number
  channels: number[]
  imageWidth: number
  imageHeight: number
  countdownMs: number
}

const DEFAULTS: CaptureSettings = {
  deviceId: null,
  sensor: 'serial',
  label: '',
  seconds: 2,
  baudRate: 115200,
  protocol: 'auto',
  rateHz: 100,
  channels: [0, 1, 2],
  imageWidth: 96,
  imageHeight: 96,
  countdownMs: 3000,
}

/** The live plot keeps this much of a recording on screen. */
const LIVE_WINDOW_SECONDS = 10

function typedPort(path: string): DeviceEntry {
  return { id: path, kind: 'serial', portPath: path, candidates: [], state: 'application', virtual: false }
}

/** A local (microphone / camera) recording's progress, shaped like the service's for the view. */
interface LocalStatus {
  phase: 'countdown' | 'recording' | 'saving'
  recordingStartsAt: number
  seconds: number
}

/**
 * Recording: from a board through the capture service (status and live values arrive as events), or from
 * this computer's microphone and camera in the renderer (the sample is sent to the dataset service). The
 * newest sample is kept with its values for the plot under the Record button.
 */
export const useCaptureStore = defineStore('capture', () => {
  const api = useApi()
  const devices = useDevicesStore()
  const settings = useStorage<CaptureSettings>('mote.capture.settings', { ...DEFAULTS }, undefined, {
    mergeDefaults: true,
  })
  const status = shallowRef<CaptureStatus | null>(null)
  const local = ref<LocalStatus | null>(null)
  const live = shallowRef<LiveBuffer | null>(null)
  const lastSample = shallowRef<Sample | null>(null)
  const error = ref<string | null>(null)
  const firmware = ref<{ fraction: number; phrase: string } | null>(null)
  let subscribed = false
  let microphone: Microphone | undefined
  let stopLocal: (() => void) | undefined
  let grab: (() => Float32Array) | undefined

  // A live plot belongs to the sensor that made it.
  watch(
    () => settings.value.sensor,
    () => (live.value = null),
  )

  const serialDevices = computed(() => devices.devices.filter((d) => d.portPath && d.state !== 'unavailable'))
  const device = computed<DeviceEntry | null>(() => {
    const id = settings.value.deviceId
    const listed = serialDevices.value.find((d) => d.id === id)
    if (listed) return listed
    // A port path typed by hand (a pty, a port the OS does not enumerate) is a device of its own.
    if (id && !id.includes(':') && /^(\/|COM\d)/i.test(id)) return typedPort(id)
    return (devices.selected?.portPath ? devices.selected : serialDevices.value[0]) ?? null
  })
  const active = computed(
    () =>
      local.value !== null ||
      (status.value !== null && !['done', 'failed', 'cancelled'].includes(status.value.phase)),
  )
  const phase = computed(() => local.value?.phase ?? (active.value ? status.value?.phase : undefined))
  const startsAt = computed(() => local.value?.recordingStartsAt ?? status.value?.recordingStartsAt)
  /** Why Record cannot run now, as a message key (undefined when it can). */
  const blockedKey = computed(() => {
    if (active.value) return 'views.capture.blocked.recording'
    if (!settings.value.label.trim()) return 'views.capture.blocked.label'
    if (settings.value.sensor === 'serial' && !device.value) return 'views.capture.blocked.device'
    return undefined
  })

  function subscribe(): void {
    if (subscribed) return
    subscribed = true
    api.capture.onDidChangeStatus((s) => void onStatus(s))
    api.capture.onDidReceive((d: CaptureData) => {
      if (d.captureId === status.value?.id) live.value?.append(d.firstFrame, d.values)
    })
    api.capture.onDidFirmwareProgress((p) => (firmware.value = { fraction: p.fraction, phrase: p.phrase }))
  }

  async function onStatus(s: CaptureStatus): Promise<void> {
    if (status.value && s.id !== status.value.id) return
    status.value = s
    if (
      (s.phase === 'countdown' || s.phase === 'recording') &&
      s.axes &&
      s.rateHz &&
      live.value?.axisCount !== s.axes.length
    ) {
      live.value = new LiveBuffer(
        s.axes.length,
        s.rateHz,
        Math.ceil(Math.min(s.seconds, LIVE_WINDOW_SECONDS) * s.rateHz),
      )
    }
    if (s.phase === 'failed' && s.error) error.value = s.error.message
    if (s.phase === 'done' && s.sample)
      lastSample.value = (await api.dataset.read(s.sample.id).catch(() => null)) ?? null
  }

  async function load(): Promise<void> {
    subscribe()
    const current = await api.capture.status()
    if (current) status.value = current
    await followDesignImageSize()
  }

  /** Camera frames are taken at the design's image size (the impulse's), when the design has an image block. */
  async function followDesignImageSize(): Promise<void> {
    const state = await api.design.get().catch(() => null)
    const design = state?.design as { features?: unknown } | null | undefined
    const size = designImageSize(design?.features)
    if (size) settings.value = { ...settings.value, imageWidth: size.width, imageHeight: size.height }
  }

  async function record(): Promise<void> {
    if (blockedKey.value) return
    error.value = null
    try {
      if (settings.value.sensor === 'serial') await recordSerial()
      else if (settings.value.sensor === 'microphone') await recordMicrophone()
      else await recordCamera()
    } catch (e) {
      local.value = null
      error.value = (e as Error).message
    }
  }

  async function recordSerial(): Promise<void> {
    subscribe()
    const d = device.value!
    const s = settings.value
    const request: CaptureRequest = {
      portPath: d.portPath!,
      baudRate: s.baudRate,
      label: s.label.trim(),
      seconds: s.seconds,
      protocol: s.protocol,
      countdownMs: s.countdownMs,
      ...(s.protocol !== 'forwarder'
        ? { rateHz: s.rateHz, channels: s.channels.length ? s.channels : [0] }
        : {}),
      ...(d.serialNumber ? { serialNumber: d.serialNumber } : {}),
      ...(d.boardName || d.product ? { deviceName: (d.boardName ?? d.product)! } : {}),
    }
    live.value = null
    status.value = null
    const first = await api.capture.start(request)
    // Events of this recording may have arrived before the call returned; they are newer.
    if ((status.value as CaptureStatus | null)?.id !== first.id) status.value = first
  }

  async function countdown(): Promise<void> {
    const s = settings.value
    local.value = { phase: 'countdown', recordingStartsAt: Date.now() + s.countdownMs, seconds: s.seconds }
    await new Promise((r) => setTimeout(r, s.countdownMs))
    local.value = { ...local.value, phase: 'recording' }
  }

  /** Counts down, then records for `seconds` (or until `stop`), calling `begin` when recording starts. */
  async function localTiming(begin: () => void): Promise<'complete' | 'stopped'> {
    const s = settings.value
    await countdown()
    begin()
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve('complete'), s.seconds * 1000)
      stopLocal = () => {
        clearTimeout(timer)
        resolve('stopped')
      }
    })
  }

  async function recordMicrophone(): Promise<void> {
    microphone ??= await Microphone.open()
    const mic = microphone
    const decimate = Math.max(1, Math.round(mic.rateHz / 2000))
    live.value = new LiveBuffer(
      1,
      mic.rateHz / decimate,
      Math.ceil(Math.min(settings.value.seconds, LIVE_WINDOW_SECONDS) * (mic.rateHz / decimate)),
    )
    let frames = 0
    await localTiming(() =>
      mic.start((block) => {
        const shown = new Float32Array(Math.floor(block.length / decimate))
        for (let i = 0; i < shown.length; i++) shown[i] = block[i * decimate]!
        live.value?.append(frames, shown)
        frames += shown.length
      }),
    )
    const values = mic.take(settings.value.seconds)
    await saveLocal({
      kind: 'audio',
      rateHz: MICROPHONE_RATE_HZ,
      axes: [{ name: 'audio', unit: '' }],
      length: values.length,
      source: 'Microphone of this computer',
      values,
    })
  }

  async function recordCamera(): Promise<void> {
    if (!grab) throw new Error('The camera is not open yet.')
    const take = grab
    const s = settings.value
    await countdown()
    const values = take()
    await saveLocal({
      kind: 'image',
      rateHz: 0,
      axes: ['R', 'G', 'B'].map((name) => ({ name, unit: '' })),
      length: s.imageWidth * s.imageHeight,
      image: { width: s.imageWidth, height: s.imageHeight },
      source: 'Camera of this computer',
      values,
    })
  }

  async function saveLocal(sample: Omit<NewSample, 'label'>): Promise<void> {
    local.value = { ...local.value!, phase: 'saving' }
    try {
      const [meta] = await api.dataset.add([{ ...sample, label: settings.value.label.trim() }])
      lastSample.value = await api.dataset.read(meta!.id)
    } finally {
      local.value = null
    }
  }

  /** The Capture view hands over its camera snapshot function while the camera is shown. */
  function setCameraGrabber(fn: (() => Float32Array) | undefined): void {
    grab = fn
  }

  async function stop(): Promise<void> {
    if (local.value) return stopLocal?.()
    if (active.value) status.value = await api.capture.stop()
  }

  async function cancel(): Promise<void> {
    if (active.value && !local.value) status.value = await api.capture.cancel()
  }

  async function releaseMicrophone(): Promise<void> {
    await microphone?.close()
    microphone = undefined
  }

  async function installFirmware(): Promise<void> {
    const d = device.value
    if (!d?.portPath || !d.boardId) return
    error.value = null
    firmware.value = { fraction: 0, phrase: '' }
    subscribe()
    try {
      await api.capture.installFirmware(d.portPath, d.boardId)
      settings.value.protocol = 'mote'
      settings.value.baudRate = CAPTURE_FIRMWARE.baudRate
    } catch (e) {
      error.value = (e as Error).message
    } finally {
      firmware.value = null
    }
  }

  return {
    settings,
    status,
    live,
    lastSample,
    error,
    firmware,
    serialDevices,
    device,
    active,
    phase,
    startsAt,
    blockedKey,
    load,
    record,
    stop,
    cancel,
    setCameraGrabber,
    releaseMicrophone,
    installFirmware,
  }
})
