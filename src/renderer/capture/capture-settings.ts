import type { CaptureProtocol } from '../../shared/api/capture'

export type SensorKind = 'serial' | 'microphone' | 'camera'

/**
 * What the Capture form holds; kept in localStorage so the last settings come back (UX.md step 2). A
 * number the person cleared is null until they type one: Record then says what is missing.
 */
export interface CaptureSettings {
  deviceId: string | null
  sensor: SensorKind
  label: string
  seconds: number | null
  baudRate: number
  protocol: CaptureProtocol
  rateHz: number | null
  channels: number[]
  imageWidth: number | null
  imageHeight: number | null
  countdownMs: number
}

export const CAPTURE_DEFAULTS: CaptureSettings = {
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

/** Why Record cannot run with these settings, as a message key (undefined when it can). */
export function settingsProblem(s: CaptureSettings, hasDevice: boolean): string | undefined {
  if (!s.label.trim()) return 'views.capture.blocked.label'
  if (s.sensor === 'serial' && !hasDevice) return 'views.capture.blocked.device'
  if (s.sensor !== 'camera' && !(s.seconds !== null && s.seconds > 0)) return 'views.capture.blocked.seconds'
  if (s.sensor === 'serial' && s.protocol !== 'forwarder' && !(s.rateHz !== null && s.rateHz > 0))
    return 'views.capture.blocked.rate'
  if (s.sensor === 'camera' && !(s.imageWidth && s.imageHeight)) return 'views.capture.blocked.imageSize'
  return undefined
}
