import { defineStore } from 'pinia'
import { useStorage } from '@vueuse/core'
import { computed, ref, shallowRef, watch } from 'vue'
import {
  CAPTURE_FIRMWARE,
  type CaptureData,
  type CaptureRequest,
  type CaptureStatus,
  type FirmwareInstallResult,
} from '../../shared/api/capture'
import type { AxisInfo, DesignMismatch, NewSample, Sample } from '../../shared/api/dataset'
import type { DeviceEntry } from '../../shared/api/devices'
import { JobsErrorCode } from '../../shared/api/jobs'
import type { MoteError } from '../../shared/errors'
import { designImageSize } from '../../core/dsp/registry'
import { useApi } from '../api/provide'
import { LiveBuffer } from '../charts/live-buffer'
import { useClock } from '../clock'
import { useLocalRecording } from '../composables/use-local-recording'
import { errorOf } from '../errors'
import { isPortPath, typedPortEntry, useDevicesStore } from './devices'
import { CAPTURE_DEFAULTS, settingsProblem, type CaptureSettings } from '../capture/capture-settings'

export type { CaptureSettings, SensorKind } from '../capture/capture-settings'
export { settingsProblem } from '../capture/capture-settings'

/** The live plot keeps this much of a recording on screen. */
const LIVE_WINDOW_SECONDS = 10

/**
 * Recording: from a board through the capture service (status and live values arrive as events; the
 * recording is a job in the status bar), or from this computer's microphone and camera through
 * `useLocalRecording`. The newest sample is kept with its values for the plot under the Record button,
 * with how it differs from the design when it does, and the two fixes for that (rename axes, resample).
 */
export const useCaptureStore = defineStore('capture', () => {
  const api = useApi()
  const devices = useDevicesStore()
  const settings = useStorage<CaptureSettings>('mote.capture.settings', { ...CAPTURE_DEFAULTS }, undefined, {
    mergeDefaults: true,
  })
  const status = shallowRef<CaptureStatus | null>(null)
  const live = shallowRef<LiveBuffer | null>(null)
  const lastSample = shallowRef<Sample | null>(null)
  const mismatch = shallowRef<DesignMismatch | null>(null)
  /** The fix applied to the last sample ("axes renamed", "resampled"), for the view to confirm it. */
  const fixed = ref<'rename-axes' | 'resample' | null>(null)
  const error = ref<MoteError | null>(null)
  const firmware = ref<{ fraction: number; phrase: string } | null>(null)
  const firmwareDone = shallowRef<FirmwareInstallResult | null>(null)
  const firmwareCancelled = ref(false)
  let subscribed = false

  const local = useLocalRecording({
    settings: () => ({
      seconds: settings.value.seconds ?? 0,
      countdownMs: settings.value.countdownMs,
      imageWidth: settings.value.imageWidth ?? 0,
      imageHeight: settings.value.imageHeight ?? 0,
    }),
    onLive: (buffer) => (live.value = buffer),
    save: saveLocal,
    clock: useClock(),
  })

  // A live plot belongs to the sensor that made it.
  watch(
    () => settings.value.sensor,
    () => (live.value = null),
  )

  const serialDevices = computed(() =>
    devices.detected.concat(devices.virtualBoards).filter((d) => d.portPath && d.state !== 'unavailable'),
  )
  const device = computed<DeviceEntry | null>(() => {
    const id = settings.value.deviceId
    const listed = serialDevices.value.find((d) => d.id === id)
    if (listed) return listed
    // A port path typed by hand (a pty, a port the OS does not enumerate) is a device of its own.
    if (id && !id.includes(':') && isPortPath(id)) return typedPortEntry({ path: id })
    return (devices.selected?.portPath ? devices.selected : serialDevices.value[0]) ?? null
  })
  const serviceActive = computed(
    () => status.value !== null && !['done', 'failed', 'cancelled'].includes(status.value.phase),
  )
  const active = computed(() => local.status.value !== null || serviceActive.value)
  const phase = computed(
    () => local.status.value?.phase ?? (serviceActive.value ? status.value?.phase : undefined),
  )
  const startsAt = computed(() => local.status.value?.recordingStartsAt ?? status.value?.recordingStartsAt)
  /** Why Record cannot run now, as a message key (undefined when it can). */
  const blockedKey = computed(() =>
    active.value ? 'views.capture.blocked.recording' : settingsProblem(settings.value, device.value !== null),
  )

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
    if (s.phase === 'failed' && s.error) error.value = s.error
    if (s.phase === 'done' && s.sample) {
      await showSample(s.sample.id, s.mismatch ?? null)
    }
  }

  async function showSample(id: string, differs: DesignMismatch | null): Promise<void> {
    lastSample.value = (await api.dataset.read(id).catch(() => null)) ?? null
    mismatch.value = differs
    fixed.value = null
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
      else if (settings.value.sensor === 'microphone') await local.recordMicrophone()
      else await local.recordCamera()
    } catch (e) {
      error.value = errorOf(e)
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
      seconds: s.seconds!,
      protocol: s.protocol,
      countdownMs: s.countdownMs,
      ...(s.protocol !== 'forwarder'
        ? { rateHz: s.rateHz!, channels: s.channels.length ? [...s.channels] : [0] }
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

  async function saveLocal(sample: Omit<NewSample, 'label'>): Promise<void> {
    const [meta] = await api.dataset.add([{ ...sample, label: settings.value.label.trim() }])
    const [differs] = await api.dataset.mismatches([meta!.id])
    await showSample(meta!.id, differs?.mismatch ?? null)
  }

  async function stop(): Promise<void> {
    if (local.status.value) return local.stop()
    if (serviceActive.value) status.value = await api.capture.stop()
  }

  async function cancel(): Promise<void> {
    if (serviceActive.value && !local.status.value) status.value = await api.capture.cancel()
  }

  /** Gives the last sample the design's axis names, or its rate; both can be undone in the Dataset view. */
  async function fixMismatch(fix: 'rename-axes' | 'resample'): Promise<void> {
    const sample = lastSample.value
    const m = mismatch.value
    if (!sample || !m) return
    error.value = null
    try {
      if (fix === 'rename-axes' && m.axes) await api.dataset.renameAxes([sample.meta.id], m.axes.design)
      if (fix === 'resample' && m.rateHz) await api.dataset.resample([sample.meta.id], m.rateHz.design)
      const [still] = await api.dataset.mismatches([sample.meta.id])
      await showSample(sample.meta.id, still?.mismatch ?? null)
      fixed.value = fix
    } catch (e) {
      error.value = errorOf(e)
    }
  }

  async function rememberAxes(serialNumber: string, axes: readonly AxisInfo[]): Promise<void> {
    try {
      await api.capture.rememberAxes(serialNumber, axes)
    } catch (e) {
      error.value = errorOf(e)
    }
  }

  async function installFirmware(): Promise<void> {
    const d = device.value
    if (!d?.portPath || !d.boardId) return
    error.value = null
    firmwareDone.value = null
    firmwareCancelled.value = false
    firmware.value = { fraction: 0, phrase: '' }
    subscribe()
    try {
      firmwareDone.value = await api.capture.installFirmware(d.portPath, d.boardId)
      settings.value.protocol = 'mote'
      settings.value.baudRate = CAPTURE_FIRMWARE.baudRate
    } catch (e) {
      const reported = errorOf(e)
      if (reported.code === JobsErrorCode.Cancelled) firmwareCancelled.value = true
      else error.value = reported
    } finally {
      firmware.value = null
    }
  }

  return {
    settings,
    status,
    live,
    lastSample,
    mismatch,
    fixed,
    error,
    firmware,
    firmwareDone,
    firmwareCancelled,
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
    fixMismatch,
    rememberAxes,
    setCameraGrabber: local.setCameraGrabber,
    releaseMicrophone: local.releaseMicrophone,
    installFirmware,
  }
})
