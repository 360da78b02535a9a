import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { LineEnding } from '../../shared/api/monitor'
import { useApi } from '../api/provide'

export interface MonitorLine {
  readonly at: number
  readonly text: string
}

const MAX_LINES = 5000

/**
 * The serial monitor's state for the one port it shows: the lines received (complete lines; a partial last
 * line is held until its end arrives), paused lines held back while paused, and the user's choices (baud,
 * line ending, timestamps), kept across openings like the Arduino IDE does.
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
  const error = ref<string | null>(null)
  let partial = ''
  let held: MonitorLine[] = []
  let subscribed = false

  function subscribe(): void {
    if (subscribed) return
    subscribed = true
    api.monitor.onDidData((data) => {
      if (data.path !== path.value) return
      const parts = (partial + data.text).split(/\r?\n/)
      partial = parts.pop() ?? ''
      const incoming = parts.map((text) => ({ at: data.receivedAt, text }))
      if (paused.value) held.push(...incoming)
      else append(incoming)
    })
    api.monitor.onDidClose((closed) => {
      if (closed.path !== path.value) return
      open.value = false
      closedReason.value = closed.error ?? null
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
    try {
      await api.monitor.open(portPath, baudRate.value)
      open.value = true
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
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
      error.value = e instanceof Error ? e.message : String(e)
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
    start,
    stop,
    setBaud,
    send,
    togglePause,
    clear,
  }
})
