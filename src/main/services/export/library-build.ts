import type { Board } from '../../../core/boards/types'
import { checkModelFits } from '../../../core/codegen/c/board-fit'
import { defaultInputLsb, dspDesignCode } from '../../../core/codegen/c/dsp-params'
import {
  arduinoNames,
  libraryFiles,
  pipelineModelCode,
  type LibraryFormat,
  type PipelineInput,
  type VendoredSources,
} from '../../../core/codegen/library'
import { dspMetaOf } from '../../../core/train/design'
import type { ExportResult } from '../../../shared/api/export'
import { dspNumericFor } from './export-target'
import type { ExportVariant } from './variant-source'
import { zipTextFiles } from './zip-archive'

export interface LibraryBuildInput {
  readonly variant: ExportVariant
  readonly project: string
  readonly format: LibraryFormat
  readonly board: Board | undefined
  readonly sources: VendoredSources
  readonly now: Date
}

export interface BuiltLibrary {
  readonly zip: Uint8Array
  readonly files: readonly string[]
  readonly model: NonNullable<ExportResult['model']>
  readonly dsp: NonNullable<ExportResult['dsp']>
}

/** The generator's input for a variant: its model code and the DSP build the board gets. */
export function pipelineInput(
  variant: ExportVariant,
  project: string,
  board: Board | undefined,
): PipelineInput {
  const { design, graph, coded, record } = variant
  const meta = dspMetaOf(design.input)
  const numeric = dspNumericFor(board)
  const inputLsb =
    numeric === 'float' ? 1 : design.input.kind === 'audio' ? defaultInputLsb.audio : defaultInputLsb.series
  const code = dspDesignCode(design.features, meta, { numeric, inputLsb })
  const model = pipelineModelCode({ graph, coded, project, variant: record.name })
  if (board) checkModelFits(model.summary, board)
  return {
    project,
    variant: record.name,
    graph,
    model,
    features: { design: design.features, meta, numeric, inputLsb, code },
    labels: design.labels,
  }
}

/** The library's files, unzipped (`<root>/…`), and the example sketch's name. */
export function libraryOf(input: Omit<LibraryBuildInput, 'now'>) {
  const pipeline = pipelineInput(input.variant, input.project, input.board)
  const { root, files } = libraryFiles(pipeline, input.format, input.sources)
  return { pipeline, root, files, example: arduinoNames(input.project).example }
}

/** The library's zip and what it holds (docs/export.md). */
export function buildLibrary(input: LibraryBuildInput): BuiltLibrary {
  const { pipeline, files } = libraryOf(input)
  const { code, numeric } = pipeline.features
  return {
    zip: zipTextFiles(files, input.now),
    files: files.map((f) => f.path),
    model: {
      arenaBytes: pipeline.model.summary.arenaBytes,
      constantBytes: pipeline.model.summary.constantBytes,
    },
    dsp: { numeric, workBytes: code.workBytes, tableBytes: code.tableBytes },
  }
}
