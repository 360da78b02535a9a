import { defineStore } from 'pinia'
import { useStorage } from '@vueuse/core'
import { computed, ref, shallowRef } from 'vue'
import type { DeviceEntry, DevicesStatus } from '../../shared/api/devices'
import type { DoctorReport } from '../../shared/api/doctor'
import type { MoteError } from '../../shared/errors'
import { findBoard } from '../../core/boards/board-lookup'
import { virtualKindOf } from '../../core/boards/catalog-virtual'
import { useApi } from '../api/provide'
import { errorOf } from '../errors'

/** A port the user typed (a pty, an adapter the OS does not list), and the board on it if they said. */
export interface TypedPort {
  readonly path: string
  readonly boardId?: string
}

/** A port path as the OS names it: `/dev/…` (or any absolute path), `COM4`, `\\.\COM12`. */
export function isPortPath(text: string): boolean {
  return /^(\/\S+|COM\d+|\\\\\.\\COM\d+)$/i.test(text.trim())
}

/** A typed port as a device card: a serial device whose board is the one the user named. */
export function typedPortEntry(port: TypedPort): DeviceEntry {
  const board = port.boardId ? findBoard(port.boardId) : undefined
  return {
    id: `typed:${port.path}`,
    kind: 'serial',
    portPath: port.path,
    candidates: [],
    state: 'application',
    virtual: false,
    ...(board ? { boardId: board.id, boardName: board.name } : {}),
  }
}

/**
 * The device list as the devices service reports it (hot-plug events replace it whole), the ports the user
 * typed, and the board picked in the top bar. The pick follows the device: when it is unplugged the pick
 * falls back to the first detected board, so the UI never points at a board that is gone. Starting a
 * virtual board picks it.
 */
export const useDevicesStore = defineStore('devices', () => {
  const api = useApi()
  const devices = shallowRef<readonly DeviceEntry[]>([])
  const typedPorts = useStorage<TypedPort[]>('mote.devices.typed', [])
  const status = ref<DevicesStatus | null>(null)
  const pickedId = ref<string | null>(null)
  const loaded = ref(false)
  const error = ref<MoteError | null>(null)
  const virtualBusyId = ref<string | null>(null)
  const doctor = ref<DoctorReport | null>(null)
  const checkingTools = ref(false)

  const typed = computed(() =>
    typedPorts.value.filter((p) => !devices.value.some((d) => d.portPath === p.path)).map(typedPortEntry),
  )
  const detected = computed(() => [...devices.value.filter((d) => !d.virtual), ...typed.value])
  const virtualBoards = computed(() => devices.value.filter((d) => d.virtual))
  const selected = computed<DeviceEntry | null>(() => {
    const picked = [...devices.value, ...typed.value].find((d) => d.id === pickedId.value)
    if (picked) return picked
    return detected.value.find((d) => d.state !== 'unavailable') ?? null
  })

  async function load(): Promise<void> {
    api.devices.onDidChange((change) => (devices.value = change.devices))
    const [list, currentStatus] = await Promise.all([api.devices.list(), api.devices.status()])
    devices.value = list
    status.value = currentStatus
    loaded.value = true
  }

  /** Re-reads the list now (after starting a virtual board) instead of waiting for the next poll. */
  async function refresh(): Promise<void> {
    devices.value = await api.devices.list()
  }

  function pick(id: string): void {
    pickedId.value = id
  }

  async function run(work: () => Promise<unknown>): Promise<boolean> {
    error.value = null
    try {
      await work()
      return true
    } catch (e) {
      error.value = errorOf(e)
      return false
    }
  }

  const chooseBoard = (rememberKey: string, boardId: string) =>
    run(async () => (devices.value = await api.devices.chooseBoard(rememberKey, boardId)))

  /** Starts or stops a virtual board; a started one becomes the picked board. */
  async function setVirtualRunning(device: DeviceEntry, running: boolean): Promise<void> {
    const kind = device.boardId ? virtualKindOf(device.boardId) : undefined
    if (!kind) return
    virtualBusyId.value = device.id
    try {
      const ok = await run(() => (running ? api.virtual.start(kind) : api.virtual.stop(kind)))
      await refresh()
      if (ok && running) pick(device.id)
    } finally {
      virtualBusyId.value = null
    }
  }

  /** Adds (or updates) a typed port and picks it. */
  function addTypedPort(port: TypedPort): void {
    const path = port.path.trim()
    typedPorts.value = [
      ...typedPorts.value.filter((p) => p.path !== path),
      { path, ...(port.boardId ? { boardId: port.boardId } : {}) },
    ]
    pick(`typed:${path}`)
  }

  function removeTypedPort(path: string): void {
    typedPorts.value = typedPorts.value.filter((p) => p.path !== path)
  }

  async function checkTools(): Promise<void> {
    checkingTools.value = true
    try {
      await run(async () => (doctor.value = await api.doctor.check()))
    } finally {
      checkingTools.value = false
    }
  }

  return {
    devices,
    typedPorts,
    status,
    loaded,
    error,
    virtualBusyId,
    doctor,
    checkingTools,
    detected,
    virtualBoards,
    selected,
    pickedId,
    load,
    refresh,
    pick,
    chooseBoard,
    setVirtualRunning,
    addTypedPort,
    removeTypedPort,
    checkTools,
  }
})
