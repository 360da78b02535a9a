import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { useDebounceFn } from '@vueuse/core'
import type { DesignSample, FeatureExplorer, SampleFeatures } from '../../shared/api/design'
import type { MoteError } from '../../shared/errors'
import { checkModel, summarizeModel, type ModelSummary } from '../../core/model'
import { checkDesign, featureShapeOf, parseProjectDesign, type ProjectDesign } from '../../core/train/design'
import { useApi } from '../api/provide'
import { errorOf } from '../errors'
import { usePipelineStore } from './pipeline'
import { useProjectStore } from './project'

export type SaveState = 'saved' | 'dirty' | 'saving' | 'error'

/** What the Design view shows about the draft model: the live summary, or the problem and its layer. */
export interface DesignAnalysis {
  readonly featureShape: readonly number[] | null
  readonly summary: ModelSummary | null
  readonly problem: string | null
  readonly problemLayerId?: string
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Shapes, params, MACs and memory of the draft, recomputed on every edit (pure core code, microseconds). */
export function analyzeDraft(design: ProjectDesign): DesignAnalysis {
  let featureShape: readonly number[]
  try {
    featureShape = featureShapeOf(design)
  } catch (error) {
    return { featureShape: null, summary: null, problem: messageOf(error) }
  }
  const check = checkModel(design.model)
  if (!check.ok)
    return {
      featureShape,
      summary: null,
      problem: check.message,
      ...(check.layerId ? { problemLayerId: check.layerId } : {}),
    }
  let summary: ModelSummary | null = null
  try {
    summary = summarizeModel(design.model)
    checkDesign(design)
    return { featureShape, summary, problem: null }
  } catch (error) {
    return { featureShape, summary, problem: messageOf(error) }
  }
}

/**
 * The Design step: the stored design, a draft the view edits (saved automatically, debounced), the live
 * analysis of the draft, the features of the chosen sample window, and the feature explorer.
 */
export const useDesignStore = defineStore('design', () => {
  const api = useApi()
  const project = useProjectStore()
  const pipeline = usePipelineStore()
  const draft = shallowRef<ProjectDesign | null>(null)
  const stored = ref(false)
  const samples = shallowRef<readonly DesignSample[]>([])
  const loadError = ref<MoteError | null>(null)
  const suggestionProblem = ref<string | null>(null)
  const saveState = ref<SaveState>('saved')
  const saveError = ref<MoteError | null>(null)
  const loaded = ref(false)
  const selectedSampleId = ref<string | null>(null)
  const selectedWindow = ref(0)
  const preview = shallowRef<SampleFeatures | null>(null)
  const previewError = ref<MoteError | null>(null)
  const explorer = shallowRef<FeatureExplorer | null>(null)
  const explorerError = ref<MoteError | null>(null)
  const explorerBusy = ref(false)
  /**
   * Number fields the person emptied, by field id, with the i18n key of the field's name: the draft keeps
   * its last value, and training waits until a number is typed (never "expected number, received null").
   */
  const blankFields = ref<Record<string, string>>({})
  const blankField = computed(() => Object.values(blankFields.value)[0] ?? null)
  /** The design before "Start over", until the person undoes it or edits the new one. */
  const beforeReset = shallowRef<ProjectDesign | null>(null)

  const analysis = computed<DesignAnalysis | null>(() => (draft.value ? analyzeDraft(draft.value) : null))
  const fittingSamples = computed(() => {
    const input = draft.value?.input
    return input
      ? samples.value.filter(
          (s) => s.kind === input.kind && s.rateHz === input.rateHz && s.axes.length === input.axes.length,
        )
      : []
  })

  let subscribed = false

  /** After a dataset change: new sample list and suggestion; the draft stays unless it was only a suggestion. */
  async function refreshSamples(): Promise<void> {
    if (!project.current) return
    const state = await api.design.get()
    samples.value = state.samples
    suggestionProblem.value = state.suggestionProblem ?? null
    if (!stored.value) draft.value = state.suggested === null ? null : parseProjectDesign(state.suggested)
  }

  async function load(): Promise<void> {
    if (!subscribed) {
      subscribed = true
      api.dataset.onDidChange(() => void refreshSamples().catch(() => undefined))
    }
    loadError.value = null
    if (!project.current) {
      draft.value = null
      loaded.value = true
      return
    }
    try {
      const state = await api.design.get()
      samples.value = state.samples
      suggestionProblem.value = state.suggestionProblem ?? null
      stored.value = state.design !== null
      const raw = state.design ?? state.suggested
      draft.value = raw === null ? null : parseProjectDesign(raw)
      saveState.value = 'saved'
      pipeline.setStatus('design', stored.value ? 'done' : 'none')
      if (!fittingSamples.value.some((s) => s.id === selectedSampleId.value)) {
        selectedSampleId.value = fittingSamples.value[0]?.id ?? null
        selectedWindow.value = 0
      }
    } catch (error) {
      loadError.value = errorOf(error)
      draft.value = null
    } finally {
      loaded.value = true
    }
  }

  const saveNow = async (): Promise<void> => {
    const design = draft.value
    if (!design) return
    saveState.value = 'saving'
    try {
      await api.design.save(design)
      stored.value = true
      saveState.value = draft.value === design ? 'saved' : 'dirty'
      saveError.value = null
      pipeline.setStatus('design', 'done')
    } catch (error) {
      saveState.value = 'error'
      saveError.value = errorOf(error)
    }
  }
  const saveSoon = useDebounceFn(saveNow, 400)

  function setBlank(id: string, labelKey: string | null): void {
    const next = { ...blankFields.value }
    if (labelKey === null) delete next[id]
    else next[id] = labelKey
    blankFields.value = next
  }

  /** Applies an edit to the draft; the analysis updates at once, the save follows shortly. */
  function update(change: (design: ProjectDesign) => ProjectDesign): void {
    if (!draft.value) return
    beforeReset.value = null
    draft.value = change(draft.value)
    saveState.value = 'dirty'
    void saveSoon()
  }

  /** Stores the suggested design as is (the "Use this design" of a first visit). */
  async function accept(): Promise<void> {
    await saveNow()
  }

  /** Starts over from the suggestion; the design it replaced can be brought back with `undoReset`. */
  async function reset(): Promise<void> {
    const previous = stored.value ? draft.value : null
    await api.design.reset()
    blankFields.value = {}
    await load()
    beforeReset.value = previous
  }

  async function undoReset(): Promise<void> {
    const previous = beforeReset.value
    if (!previous) return
    beforeReset.value = null
    draft.value = previous
    await saveNow()
  }

  async function refreshPreview(): Promise<void> {
    const design = draft.value
    const id = selectedSampleId.value
    if (!design || !id) {
      preview.value = null
      return
    }
    try {
      preview.value = await api.design.sampleFeatures(design, id, selectedWindow.value)
      previewError.value = null
    } catch (error) {
      previewError.value = errorOf(error)
      preview.value = null
    }
  }
  const refreshPreviewSoon = useDebounceFn(refreshPreview, 250)

  async function refreshExplorer(maxWindows = 1500): Promise<void> {
    if (!draft.value) return
    explorerBusy.value = true
    try {
      explorer.value = await api.design.explorer(draft.value, maxWindows)
      explorerError.value = null
    } catch (error) {
      explorerError.value = errorOf(error)
      explorer.value = null
    } finally {
      explorerBusy.value = false
    }
  }

  function selectSample(id: string, window = 0): void {
    selectedSampleId.value = id
    selectedWindow.value = window
  }

  watch(
    [() => draft.value?.features, () => draft.value?.input, selectedSampleId, selectedWindow],
    () => void refreshPreviewSoon(),
  )
  watch(
    () => project.current?.dir,
    () => {
      explorer.value = null
      preview.value = null
      void load()
    },
  )

  return {
    draft,
    stored,
    samples,
    fittingSamples,
    loadError,
    suggestionProblem,
    saveState,
    saveError,
    loaded,
    analysis,
    selectedSampleId,
    selectedWindow,
    preview,
    previewError,
    explorer,
    explorerError,
    explorerBusy,
    blankFields,
    blankField,
    beforeReset,
    setBlank,
    undoReset,
    load,
    refreshSamples,
    update,
    accept,
    reset,
    saveNow,
    refreshPreview,
    refreshExplorer,
    selectSample,
  }
})
