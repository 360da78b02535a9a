import { useEventListener } from '@vueuse/core'
import { useRouter } from 'vue-router'
import { PIPELINE } from '../pipeline'
import { useJobsStore } from '../stores/jobs'
import { useShellStore } from '../stores/shell'

/** The pure part: which command a key event means, so it can be tested without a DOM. */
export type ShortcutCommand = { kind: 'step'; index: number } | { kind: 'primary' } | { kind: 'cancel-job' }

export function shortcutFor(event: {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  shiftKey: boolean
}): ShortcutCommand | null {
  const mod = event.ctrlKey || event.metaKey
  if (mod && !event.altKey && !event.shiftKey && /^[1-7]$/.test(event.key)) {
    return { kind: 'step', index: Number(event.key) - 1 }
  }
  if (mod && event.key === 'Enter') return { kind: 'primary' }
  if (!mod && event.key === 'Escape') return { kind: 'cancel-job' }
  return null
}

/** UX.md's keyboard map: Ctrl/Cmd+1…7 steps, Ctrl/Cmd+Enter primary action, Esc cancels the running job. */
export function useKeyboardShortcuts(): void {
  const router = useRouter()
  const shell = useShellStore()
  const jobs = useJobsStore()
  useEventListener(window, 'keydown', (event: KeyboardEvent) => {
    const command = shortcutFor(event)
    if (command === null) return
    if (command.kind === 'step') {
      const step = PIPELINE[command.index]
      if (step) {
        event.preventDefault()
        void router.push(step.path)
      }
    } else if (command.kind === 'primary') {
      event.preventDefault()
      void shell.runPrimaryAction()
    } else if (jobs.running) {
      void jobs.cancel(jobs.running.id)
    }
  })
}
