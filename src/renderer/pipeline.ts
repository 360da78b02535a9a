import type { Component } from 'vue'
import {
  AlbumsOutline,
  ArchiveOutline,
  BuildOutline,
  HardwareChipOutline,
  PulseOutline,
  RadioButtonOnOutline,
  SchoolOutline,
} from '@vicons/ionicons5'

export type StepId = 'devices' | 'capture' | 'dataset' | 'design' | 'train' | 'compress' | 'deploy'

export interface PipelineStep {
  readonly id: StepId
  readonly path: string
  readonly icon: Component
}

/** The guided pipeline, in order; Ctrl/Cmd+1…7 follow this order. */
export const PIPELINE: readonly PipelineStep[] = [
  { id: 'devices', path: '/devices', icon: HardwareChipOutline },
  { id: 'capture', path: '/capture', icon: RadioButtonOnOutline },
  { id: 'dataset', path: '/dataset', icon: AlbumsOutline },
  { id: 'design', path: '/design', icon: PulseOutline },
  { id: 'train', path: '/train', icon: SchoolOutline },
  { id: 'compress', path: '/compress', icon: ArchiveOutline },
  { id: 'deploy', path: '/deploy', icon: BuildOutline },
]
