/**
 * .tflite files in and out of a project's variants. An imported file becomes an `imported` variant: read by
 * our reader (which lists every op it cannot run by name, 15002), prepared on the reference interpreter (so
 * that a variant we list can also run and be compiled) and stored as our writer writes it, with both builtin
 * code fields and the converter's operator versions. Exporting hands out a variant's stored file after
 * reading it back, so that a damaged variant is reported rather than copied.
 */
import { basename, extname } from 'node:path'
import { readTflite } from '../../../core/codegen/tflite/reader'
import { writeTflite } from '../../../core/codegen/tflite/writer'
// Not the variants barrel: it brings run-method and with it TF.js, which serve must not load (cli-bundle test).
import { sizeMetrics } from '../../../core/compress/variants/metrics'
import { createInterpreter } from '../../../core/compress/reference/interpreter'
import type { ModelGraph } from '../../../core/model/graph'
import { CompressErrorCode, MAX_TFLITE_BYTES } from '../../../shared/api/compress'
import { MoteFailure } from '../../../shared/errors'
import type { FileSystem } from '../system/file-system'
import { VARIANT_FILES, type StoredVariantPayload } from './variant-files'

/** The `modelId` of imported variants: they were made from no model of the project, so never go stale. */
export const IMPORTED_MODEL_ID = 'imported'

const fileFailure = (message: string) => new MoteFailure(CompressErrorCode.TfliteFile, message)

const tooLarge = (what: string, bytes: number) =>
  fileFailure(
    `${what} has ${bytes} bytes; Mote imports .tflite files up to ${MAX_TFLITE_BYTES} bytes (64 MiB).`,
  )

/**
 * The bytes of the .tflite file at `path` (for the CLI), refusing what is not a readable file of a
 * plausible size before reading it.
 */
export async function readTfliteFile(fs: FileSystem, path: string): Promise<Uint8Array> {
  const stats = await fs.stat(path).catch(() => undefined)
  if (!stats) throw fileFailure(`There is no file ${path}. Check the path.`)
  if (!stats.isFile()) throw fileFailure(`${path} is not a file. Give the path of a .tflite file.`)
  if (stats.size > MAX_TFLITE_BYTES) throw tooLarge(path, stats.size)
  try {
    return new Uint8Array(await fs.readFile(path))
  } catch (error) {
    throw fileFailure(`Mote cannot read ${path}: ${(error as Error).message}.`)
  }
}

const describeShape = (graph: ModelGraph, tensor: number) => {
  const t = graph.tensors[tensor]!
  return `${t.dtype} [${t.shape.join(', ')}]`
}

/** One line on what the file holds: ops by kind, inputs and outputs. */
function summary(graph: ModelGraph, file: string): string {
  const counts = new Map<string, number>()
  for (const op of graph.ops) counts.set(op.kind, (counts.get(op.kind) ?? 0) + 1)
  const ops = [...counts].map(([kind, n]) => `${kind} ×${n}`).join(', ')
  const inputs = graph.inputs.map((t) => describeShape(graph, t)).join(', ')
  const outputs = graph.outputs.map((t) => describeShape(graph, t)).join(', ')
  return `Imported from ${file}: ${graph.ops.length} ops (${ops}); input ${inputs}; output ${outputs}. Not evaluated on this project's test split.`
}

const isInt8Model = (graph: ModelGraph) => graph.tensors.some((t) => t.data && t.dtype === 'int8')

export interface ImportedVariantOptions {
  readonly id: string
  readonly createdAt: string
  /** The file's name, for the variant's default name and its note. */
  readonly file: string
  readonly name?: string
}

/** The stored form of an imported .tflite; throws the reader's or the interpreter's MoteFailure. */
export function importedVariant(bytes: Uint8Array, o: ImportedVariantOptions): StoredVariantPayload {
  if (bytes.length > MAX_TFLITE_BYTES) throw tooLarge(o.file, bytes.length)
  const graph = readTflite(bytes)
  createInterpreter(graph)
  const name = (o.name ?? basename(o.file, extname(o.file))).trim().slice(0, 80) || 'imported model'
  return {
    record: {
      format: 'mote-variant',
      version: 1,
      id: o.id,
      name,
      method: 'imported',
      options: { name },
      modelId: IMPORTED_MODEL_ID,
      createdAt: o.createdAt,
      dtype: isInt8Model(graph) ? 'int8' : 'float32',
      metrics: { accuracy: 0, floatAccuracy: 0, testWindows: 0, ...sizeMetrics(graph) },
      notes: [summary(graph, o.file)],
      hasFloatWeights: false,
    },
    files: [{ name: VARIANT_FILES.tflite, data: writeTflite(graph) }],
  }
}

/** A stored variant's .tflite, checked by reading it: what `exportTflite` writes. */
export function checkedTflite(bytes: Uint8Array | undefined, variantId: string): Uint8Array {
  const damaged = (why: string) =>
    new MoteFailure(
      CompressErrorCode.BadVariantFiles,
      `Variant ${variantId}'s model.tflite ${why}. Remove the variant and make it again.`,
    )
  if (!bytes) throw damaged('is missing')
  try {
    readTflite(bytes)
  } catch (error) {
    throw damaged(`is damaged (${(error as Error).message})`)
  }
  return bytes
}
