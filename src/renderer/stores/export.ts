import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { ExportFormat, ExportRequest, ExportResult } from '../../shared/api/export'
import { EXPORT_EXTENSIONS } from '../../shared/api/export'
import { useApi } from '../api/provide'

/**
 * The file an export suggests beside the project folder: `<project folder>-<format>.zip`, `<folder>.tflite`,
 * `<folder>-<board>.hex` for firmware.
 */
export function suggestedExportPath(projectDir: string, format: ExportFormat, boardId?: string): string {
  const trimmed = projectDir.replace(/[\\/]+$/, '')
  const suffix = format === 'tflite' ? '' : format === 'firmware' ? `-${boardId ?? 'board'}` : `-${format}`
  return `${trimmed}${suffix}${EXPORT_EXTENSIONS[format][0]}`
}

/** The Deploy view's exports: one request at a time, its result or its error's sentence. */
export const useExportStore = defineStore('export', () => {
  const api = useApi()
  const busy = ref(false)
  const error = ref<string | null>(null)
  const result = shallowRef<ExportResult | null>(null)

  async function run(request: ExportRequest): Promise<ExportResult | null> {
    busy.value = true
    error.value = null
    result.value = null
    try {
      result.value = await api.export.export(request)
    } catch (e) {
      error.value = (e as Error).message
    } finally {
      busy.value = false
    }
    return result.value
  }

  function reset(): void {
    error.value = null
    result.value = null
  }

  return { busy, error, result, run, reset }
})
