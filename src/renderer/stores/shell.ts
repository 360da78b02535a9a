import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'

/**
 * The primary action of the current step, shown in the top bar (UX.md: Record, Train, Compress,
 * Build·Flash·Test) and bound to Ctrl/Cmd+Enter. A view sets it while it is shown; `disabledReason` is a
 * sentence key that tells the user what is missing.
 */
export interface PrimaryAction {
  readonly labelKey: string
  readonly run?: () => void | Promise<void>
  readonly disabledReasonKey?: string
  /** Values for the reason's placeholders ("Type a number for {field}"). */
  readonly disabledReasonValues?: Record<string, unknown>
}

export const useShellStore = defineStore('shell', () => {
  const primaryAction = shallowRef<PrimaryAction | null>(null)
  const consoleOpen = ref(false)

  function setPrimaryAction(action: PrimaryAction | null): void {
    primaryAction.value = action
  }

  async function runPrimaryAction(): Promise<void> {
    const action = primaryAction.value
    if (action?.run && action.disabledReasonKey === undefined) await action.run()
  }

  return { primaryAction, consoleOpen, setPrimaryAction, runPrimaryAction }
})
