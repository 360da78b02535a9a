import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { DeviceEntry, DevicesStatus } from '../../shared/api/devices'
import { useApi } from '../api/provide'

/**
 * The device list as the devices service reports it (hot-plug events replace it whole), and the board the
 * user picked in the top bar. The pick follows the device: when it is unplugged the pick falls back to the
 * first detected board, so the UI never points at a board that is gone.
 */
export const useDevicesStore = defineStore('devices', () => {
  const api = useApi()
  const devices = shallowRef<readonly DeviceEntry[]>([])
  const status = ref<DevicesStatus | null>(null)
  const pickedId = ref<string | null>(null)
  const loaded = ref(false)

  const detected = computed(() => devices.value.filter((d) => !d.virtual))
  const virtualBoards = computed(() => devices.value.filter((d) => d.virtual))
  const selected = computed<DeviceEntry | null>(() => {
    const picked = devices.value.find((d) => d.id === pickedId.value)
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

  async function chooseBoard(rememberKey: string, boardId: string): Promise<void> {
    devices.value = await api.devices.chooseBoard(rememberKey, boardId)
  }

  return {
    devices,
    status,
    loaded,
    detected,
    virtualBoards,
    selected,
    pickedId,
    load,
    refresh,
    pick,
    chooseBoard,
  }
})
