/**
 * A built inference firmware's flash and static RAM split the way the estimator splits them
 * (docs/estimate.md "Memory"), from its linker map: which object files are the firmware around the pipeline
 * (core, port, sampler, start-up, the app glue, the C libraries), the runtime's kernels, the model (weights,
 * requantization constants and op calls in model.c) and the features (the DSP sources and their tables);
 * and in RAM the shared scratch (arena + link buffer, or the DSP's work buffer), the window and the features.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { memoryOf, type InputSection } from './map-sizes'

export type FlashPart = 'firmware' | 'runtime' | 'model' | 'features'
export type RamPart = 'scratch' | 'window' | 'features' | 'firmware'

export interface FirmwareParts {
  readonly flash: Readonly<Record<FlashPart, number>>
  readonly ram: Readonly<Record<RamPart, number>>
  /** Flash bytes of each runtime kernel and DSP object, for the per-kernel and per-block code sizes. */
  readonly runtimeObjects: ReadonlyMap<string, number>
  readonly featureObjects: ReadonlyMap<string, number>
  /** Flash bytes of each C library (libgcc.a, libm.a, libc.a …). */
  readonly libraries: ReadonlyMap<string, number>
}

const cNames = (dir: string) =>
  readdirSync(dir)
    .filter((n) => n.endsWith('.c'))
    .map((n) => n.slice(0, -2))

/** The object names of the runtime's kernels and of the DSP blocks, from the sources in resources/. */
export function sourceGroups(resourcesDir: string): { runtime: Set<string>; dsp: Set<string> } {
  const kernels = join(resourcesDir, 'firmware', 'runtime', 'kernels')
  const runtime = new Set(readdirSync(kernels).flatMap((d) => cNames(join(kernels, d))))
  return { runtime, dsp: new Set([...cNames(join(resourcesDir, 'firmware', 'dsp')), 'mote_features']) }
}

function flashPartOf(object: string, groups: ReturnType<typeof sourceGroups>): FlashPart {
  if (object === 'model') return 'model'
  if (groups.runtime.has(object)) return 'runtime'
  if (groups.dsp.has(object)) return 'features'
  return 'firmware'
}

/** The firmware's buffers the estimator counts apart, as `object:symbol` (resources/firmware/inference). */
const RAM_BUFFERS: Readonly<Record<string, RamPart>> = {
  'mote_main:mote_scratch': 'scratch',
  'mote_run:mote_window': 'window',
  'mote_app:features': 'features',
}

export function firmwareParts(
  sections: readonly InputSection[],
  groups: ReturnType<typeof sourceGroups>,
): FirmwareParts {
  const flash: Record<FlashPart, number> = { firmware: 0, runtime: 0, model: 0, features: 0 }
  const ram: Record<RamPart, number> = { scratch: 0, window: 0, features: 0, firmware: 0 }
  const runtimeObjects = new Map<string, number>()
  const featureObjects = new Map<string, number>()
  const libraries = new Map<string, number>()
  for (const s of sections) {
    const where = memoryOf(s.output)
    if (where.flash) {
      const part = flashPartOf(s.object, groups)
      flash[part] += s.bytes
      const objects =
        part === 'runtime'
          ? runtimeObjects
          : part === 'features'
            ? featureObjects
            : s.object.endsWith('.a')
              ? libraries
              : undefined
      objects?.set(s.object, (objects.get(s.object) ?? 0) + s.bytes)
    }
    if (where.ram) ram[RAM_BUFFERS[`${s.object}:${s.symbol ?? ''}`] ?? 'firmware'] += s.bytes
  }
  return { flash, ram, runtimeObjects, featureObjects, libraries }
}
