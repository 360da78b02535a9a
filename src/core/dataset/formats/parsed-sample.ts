import type { NewSample } from '../../../shared/api/dataset'

/**
 * What a file parser gives: a sample without an id, whose label and category the file may or may not say
 * (a long CSV's label column, an exported `training/` folder); the importer fills in the rest.
 */
export type ParsedSample = Omit<NewSample, 'label' | 'category'> & {
  readonly label?: string
  readonly category?: NewSample['category']
}
