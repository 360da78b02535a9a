import { join } from 'node:path'
import type { z } from 'zod'
import { extractWindow, windowLayout, windowStarts } from '../../../core/dsp'
import type { ProjectDesign } from '../../../core/train/design'
import { DeviceTestErrorCode } from '../../../shared/api/device-test'
import { MoteFailure } from '../../../shared/errors'
import {
  readVariantDesign,
  readVariantModel,
  type VariantModel,
  type VariantReader,
} from '../compress/variant-model'
import {
  CHOSEN_FILE,
  VARIANTS_DIR,
  VARIANT_FILES,
  chosenSchema,
  variantRecordSchema,
  type VariantRecord,
} from '../compress/variant-files'
import { isNotFound, type FileSystem } from '../system/file-system'
import { ProjectFiles } from '../train/project-files'
import type { TestWindow } from './device-test-run'

/** A project's variant as the firmware needs it: the int8 graph, its coded weights, the design it was trained on. */
export interface DeployVariant extends VariantModel {
  readonly design: ProjectDesign
}

function failure(message: string, detail?: string): MoteFailure {
  return new MoteFailure(DeviceTestErrorCode.UnsupportedModel, message, detail)
}

async function readJson(fs: FileSystem, path: string): Promise<unknown> {
  return JSON.parse(await fs.readFile(path, 'utf8')) as unknown
}

/** The variant to deploy: `variantId`, else the chosen one, else the newest int8 variant. */
async function pickVariantId(fs: FileSystem, projectDir: string, variantId?: string): Promise<string> {
  if (variantId) return variantId
  try {
    return chosenSchema.parse(await readJson(fs, join(projectDir, CHOSEN_FILE))).id
  } catch (error) {
    if (!isNotFound(error) && !(error instanceof SyntaxError)) throw error
  }
  const names = (await fs.readdir(join(projectDir, VARIANTS_DIR)).catch(() => [] as string[]))
    .filter((n) => n.startsWith('v-'))
    .sort()
  const newest = names.at(-1)
  if (newest === undefined)
    throw failure(
      'This project has no int8 variant yet. Compress the model (the Compress view, or `mote compress`) first.',
    )
  return newest
}

/** The project files the variant reader needs, read straight from the project folder. */
function folderReader(fs: FileSystem, projectDir: string): VariantReader {
  const readBytes = async (relPath: string): Promise<Uint8Array | undefined> => {
    try {
      return new Uint8Array(await fs.readFile(join(projectDir, relPath)))
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw error
    }
  }
  return {
    readBytes,
    readJson: async <T>(relPath: string, schema: z.ZodType<T>) => {
      const bytes = await readBytes(relPath)
      if (bytes === undefined) return undefined
      try {
        return schema.parse(JSON.parse(new TextDecoder().decode(bytes)))
      } catch (error) {
        throw failure(`${relPath} in this project cannot be read: ${String(error)}`)
      }
    },
  }
}

/** Loads the variant's graph (its .tflite), its Huffman blocks and the design snapshot of its model. */
export async function loadDeployVariant(
  fs: FileSystem,
  projectDir: string,
  variantId?: string,
): Promise<DeployVariant> {
  const id = await pickVariantId(fs, projectDir, variantId)
  const dir = join(projectDir, VARIANTS_DIR, id)
  let record: VariantRecord
  try {
    record = variantRecordSchema.parse(await readJson(fs, join(dir, VARIANT_FILES.record)))
  } catch (error) {
    throw failure(
      `There is no readable variant ${id} in this project. Pick one from the variant table.`,
      String(error),
    )
  }
  if (record.method === 'imported')
    throw failure(
      `Variant ${record.name} was imported from a .tflite file: Mote cannot tell which features its input takes, so it cannot test it on the project's data. Deploy a variant compressed from the project's trained model.`,
    )
  if (record.dtype !== 'int8')
    throw failure(
      `Variant ${record.name} is float32; deploy an int8 variant (the on-device test compares int8 bytes).`,
    )
  const reader = folderReader(fs, projectDir)
  const { graph, coded } = await readVariantModel(reader, record, failure)
  const design = await readVariantDesign(reader, record, failure)
  return { record, graph, coded, design }
}

/**
 * The test split's windows, in sample order, at most `limit` of them (spread over the samples: the first
 * window of each sample first, then the second…, the samples taken label by label), with the label index in `labels`.
 */
export async function testWindows(
  fs: FileSystem,
  projectDir: string,
  design: ProjectDesign,
  limit: number,
): Promise<TestWindow[]> {
  const files = new ProjectFiles(projectDir, fs)
  const samples = (await files.listSamples()).filter((s) => s.category === 'testing' && s.kind !== 'image')
  const perSample: TestWindow[][] = []
  for (const meta of samples) {
    const label = design.labels.indexOf(meta.label)
    if (label < 0) continue
    const layout = windowLayout(design.features.window, meta.rateHz)
    const values = await files.readValues(meta)
    const axes = meta.axes.length
    const starts = windowStarts(meta.length, layout, design.features.window.zeroPad)
    perSample.push(
      starts.map((start, w) => ({
        values: extractWindow(values, axes, start, layout.windowFrames),
        label,
        name: `${meta.id}#${w}`,
      })),
    )
  }
  // Samples taken label by label in turn, so that a short test still covers every label.
  const byLabel = design.labels.map((_, l) => perSample.filter((w) => w[0]?.label === l))
  const order = Array.from({ length: Math.max(0, ...byLabel.map((s) => s.length)) }, (_, i) =>
    byLabel.flatMap((s) => (s[i] ? [s[i]!] : [])),
  ).flat()
  const out: TestWindow[] = []
  for (let round = 0; out.length < limit && order.some((s) => s.length > round); round++)
    for (const windows of order) if (windows[round] && out.length < limit) out.push(windows[round]!)
  return out
}
