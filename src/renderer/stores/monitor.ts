import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { LineEnding } from '../../shared/api/monitor'
import type { MoteError } from '../../shared/errors'
import { useApi } from '../api/provide'
import { errorOf } from '../errors'

export interface MonitorLine {
  readonly at: number
  readonly text: string
}

const MAX_LINES = 5000

/**
 * The serial monitor's state for the one port it shows: the lines received (complete lines; a partial last
 * line is held until its end arrives), paused lines held back while paused, and the user's choices (baud,
 * line ending, timestamps), kept across openings like the Arduino IDE does. While a flash has the port the
 * monitor service lets go of it; `suspendedFor` says so until the service has it again.
 */
export const useMonitorStore = defineStore('monitor', () => {
  const api = useApi()
  const path = ref<string | null>(null)
  const open = ref(false)
  const baudRate = ref(115200)
  const lineEnding = ref<LineEnding>('lf')
  const timestamps = ref(true)
  const paused = ref(false)
  const lines = shallowRef<readonly MonitorLine[]>([])
  const closedReason = ref<string | null>(null)
  const error = ref<MoteError | null>(null)
  /** What has the port while the service paused the monitor ("flashing"), null otherwise. */
  const suspendedFor = ref<string | null>(null)
  /** True once anything arrived since the port was opened (the view says so while nothing has). */
  const received = ref(false)
  let partial = ''
  let held: MonitorLine[] = []
  let subscribed = false

  function subscribe(): void {
    if (subscribed) return
    subscribed = true
    api.monitor.onDidData((data) => {
      if (data.path !== path.value) return
      received.value = true
      const parts = (partial + data.text).split(/\r?\n/)
      partial = parts.pop() ?? ''
      const incoming = parts.map((text) => ({ at: data.receivedAt, text }))
      if (paused.value) held.push(...incoming)
      else append(incoming)
    })
    api.monitor.onDidClose((closed) => {
      if (closed.path !== path.value) return
      open.value = false
      suspendedFor.value = null
      closedReason.value = closed.error ?? null
    })
    api.monitor.onDidPause((pause) => {
      if (pause.path !== path.value) return
      suspendedFor.value = pause.paused ? (pause.reason ?? 'flashing') : null
      open.value = pause.paused ? false : !pause.error
      if (!pause.paused && !pause.error) received.value = false
    })
  }

  function append(incoming: readonly MonitorLine[]): void {
    if (incoming.length === 0) return
    const next = [...lines.value, ...incoming]
    lines.value = next.length > MAX_LINES ? next.slice(next.length - MAX_LINES) : next
  }

  async function start(portPath: string): Promise<void> {
    subscribe()
    error.value = null
    closedReason.value = null
    if (open.value && path.value && path.value !== portPath) await api.monitor.close(path.value)
    path.value = portPath
    partial = ''
    received.value = false
    suspendedFor.value = null
    try {
      await api.monitor.open(portPath, baudRate.value)
      open.value = true
    } catch (e) {
      error.value = errorOf(e)
      open.value = false
    }
  }

  async function stop(): Promise<void> {
    if (path.value && open.value) await api.monitor.close(path.value)
    open.value = false
  }

  async function setBaud(rate: number): Promise<void> {
    baudRate.value = rate
    if (open.value && path.value) await start(path.value)
  }

  async function send(text: string): Promise<void> {
    if (!path.value) return
    try {
      await api.monitor.send(path.value, text, lineEnding.value)
    } catch (e) {
      error.value = errorOf(e)
    }
  }

  function togglePause(): void {
    paused.value = !paused.value
    if (!paused.value) {
      append(held)
      held = []
    }
  }

  function clear(): void {
    lines.value = []
    held = []
  }

  return {
    path,
    open,
    baudRate,
    lineEnding,
    timestamps,
    paused,
    lines,
    closedReason,
    error,
    suspendedFor,
    received,
    start,
    stop,
    setBaud,
    send,
    togglePause,
    clear,
  }
})
