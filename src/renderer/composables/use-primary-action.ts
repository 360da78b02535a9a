import { onActivated, onDeactivated, onMounted, onUnmounted, watchEffect, type WatchStopHandle } from 'vue'
import { useShellStore, type PrimaryAction } from '../stores/shell'

/**
 * Registers the current view's primary action in the top bar for as long as the view is shown. The getter
 * is re-run reactively, so a disabled reason that depends on state updates by itself.
 */
export function usePrimaryAction(options: { action: () => PrimaryAction | null }): void {
  const shell = useShellStore()
  let stop: WatchStopHandle | undefined
  const start = () => {
    stop?.()
    stop = watchEffect(() => shell.setPrimaryAction(options.action()))
  }
  const end = () => {
    stop?.()
    stop = undefined
    shell.setPrimaryAction(null)
  }
  onMounted(start)
  onActivated(start)
  onDeactivated(end)
  onUnmounted(end)
}
