import type { NewSample } from '../../../shared/api/dataset'

/**
 * What a file parser gives: a sample without an id, whose label and category the file may or may not say
 * (a long CSV's label column, an exported `training/` folder); the importer fills in the rest.
 */
export type ParsedSample = Omit<NewSample, 'label' | 'category'> & {
  readonly label?: string
  readonly category?: NewSample['category']
}

/** A sample as a streaming reader emits it: a CSV learns its rate only at the end of the file. */
export type SampleBody = Omit<ParsedSample, 'rateHz'> & { readonly rateHz?: number }

/** What a reader learns only when the file has ended: the rate of every sample that did not carry one. */
export interface FileFacts {
  readonly rateHz?: number
}

/**
 * One file read as it arrives (DESIGN.md §7.5): `push` chunks of any size in order, then `end`. Samples are
 * emitted as soon as they are complete; a reader holds at most one sample (and a bounded header) at a time.
 * A damaged file throws an `importFailure`; a file that is not sample data throws `notSampleData`.
 */
export interface SampleFileReader {
  push(chunk: Uint8Array): void
  end(): FileFacts
}

export type EmitSample = (sample: SampleBody) => void
