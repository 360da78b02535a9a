import type { ImportOptions } from '../../shared/api/dataset'
import { importFailure } from './errors'
import type { ImportPlan, PlannedSample } from './import-files'
import { parseOptionsOf } from './formats/sample-readers'
import { sampleStream, type ImportSource } from './import-source'

/**
 * The second reading of an import: the values of every planned sample, in the plan's order, one sample in
 * memory at a time beyond those the first reading kept. A file whose samples were not all kept is read
 * again; if it no longer gives what the first reading found (it changed in between), this throws and the
 * caller removes what it wrote.
 */
export async function* importValues(
  plan: ImportPlan,
  sources: readonly ImportSource[],
  options: ImportOptions,
): AsyncGenerator<{ readonly sample: PlannedSample; readonly values: Float32Array }> {
  let at = 0
  while (at < plan.samples.length) {
    const file = plan.samples[at]!.file
    let end = at
    while (end < plan.samples.length && plan.samples[end]!.file === file) end++
    if (plan.kept.slice(at, end).every((v) => v !== undefined)) {
      for (let i = at; i < end; i++) yield { sample: plan.samples[i]!, values: plan.kept[i]! }
    } else yield* readAgain(plan, at, end, sources[file]!, options)
    at = end
  }
}

async function* readAgain(
  plan: ImportPlan,
  from: number,
  to: number,
  source: ImportSource,
  options: ImportOptions,
): AsyncGenerator<{ readonly sample: PlannedSample; readonly values: Float32Array }> {
  const changed = () =>
    importFailure(source.name, undefined, 'the file changed while it was imported; import it again')
  let i = from
  const stream = sampleStream(source, parseOptionsOf(options))
  for await (const body of stream) {
    const sample = plan.samples[i]
    if (sample === undefined || i >= to || body.length !== sample.length) throw changed()
    yield { sample, values: plan.kept[i] ?? body.values }
    i++
  }
  if (i !== to) throw changed()
}
