import { z } from 'zod'
import { computeFeatures } from '../../../core/dsp'
import {
  parseProjectDesign,
  sampleDspMeta,
  type DesignInput,
  type ProjectDesign,
} from '../../../core/train/design'
import { suggestDesign } from '../../../core/train/suggest'
import type {
  DesignService as DesignApi,
  DesignState,
  FeatureExplorer,
  SampleFeatures,
} from '../../../shared/api/design'
import { Emitter } from '../../../shared/events'
import { isMoteFailure } from '../../../shared/errors'
import { SampleStore } from '../dataset/sample-store'
import type { ProjectService } from '../project/project-service'
import {
  designSample,
  explorerFromRows,
  explorerPlan,
  fitsDesign,
  sampleFeatures,
  type ExplorerRow,
} from './design-features'
import { DESIGN_FILE } from './project-files'

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * The Design step's service: design.json of the open project, the features of a sample window, and the
 * feature explorer. Samples are read through a fresh `SampleStore` per call, so edits made by the dataset
 * service are always seen. The explorer yields to the event loop between samples, so serial I/O and other
 * calls keep flowing while it computes.
 */
export class DesignService implements DesignApi {
  private readonly changed = new Emitter<unknown>()
  readonly onDidChange = this.changed.event

  constructor(private readonly project: ProjectService) {}

  async get(): Promise<DesignState> {
    const store = this.project.store()
    const metas = await new SampleStore(store).list()
    const stored = await store.readJson(DESIGN_FILE, z.unknown())
    let suggested: unknown = null
    let suggestionProblem: string | undefined
    try {
      suggested = suggestDesign(metas)
    } catch (error) {
      if (!isMoteFailure(error)) throw error
      suggestionProblem = error.message
    }
    return {
      design: stored === undefined ? null : parseProjectDesign(stored),
      suggested,
      ...(suggestionProblem === undefined ? {} : { suggestionProblem }),
      samples: metas.map(designSample),
    }
  }

  /** The stored design's input; null without a project, without a design, or with one that does not parse. */
  async storedInput(): Promise<DesignInput | null> {
    if (!this.project.isOpen) return null
    const stored = await this.project.store().readJson(DESIGN_FILE, z.unknown())
    if (stored === undefined) return null
    try {
      return parseProjectDesign(stored).input
    } catch {
      return null
    }
  }

  async save(value: unknown): Promise<unknown> {
    const design = parseProjectDesign(value)
    await this.project.store().writeJson(DESIGN_FILE, design)
    this.changed.fire(design)
    return design
  }

  async reset(): Promise<DesignState> {
    await this.project.store().remove(DESIGN_FILE)
    const state = await this.get()
    this.changed.fire(null)
    return state
  }

  /** Tells listeners that design.json changed outside this service (a demo, the CLI). */
  announce(design: ProjectDesign | null): void {
    this.changed.fire(design)
  }

  async sampleFeatures(value: unknown, sampleId: string, window: number): Promise<SampleFeatures> {
    const design = parseProjectDesign(value)
    const sample = await new SampleStore(this.project.store()).read(sampleId)
    return sampleFeatures(design, sample, window)
  }

  async explorer(value: unknown, maxWindows: number): Promise<FeatureExplorer> {
    const design = parseProjectDesign(value)
    const samples = new SampleStore(this.project.store())
    const metas = (await samples.list()).filter((m) => fitsDesign(design, m))
    const plan = explorerPlan(design, metas, maxWindows)
    const rows: ExplorerRow[] = []
    for (const { meta, windows } of plan.picks) {
      const { values } = await samples.read(meta.id)
      for (const w of windows)
        rows.push({
          sampleId: meta.id,
          window: w,
          label: meta.label,
          features: computeFeatures(values, sampleDspMeta(meta), design.features, w),
        })
      await yieldToLoop()
    }
    return explorerFromRows(rows, design.labels, plan.total - plan.kept)
  }
}
