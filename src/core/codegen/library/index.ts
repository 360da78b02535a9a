/**
 * Exported libraries (docs/export.md): a variant with its feature design becomes a C library or an Arduino
 * library around `mote_pipeline.h`. Pure: the service reads the vendored runtime and DSP and zips the files.
 */
export { libraryFiles, type LibraryFormat, type VendoredSources } from './library-layout'
export {
  pipelineFiles,
  pipelineModelCode,
  PIPELINE_DSP_ERROR,
  PIPELINE_SCRATCH,
  MODEL_PREFIX,
} from './pipeline-code'
export {
  arduinoNames,
  arduinoProperties,
  ARDUINO_CATEGORIES,
  ARDUINO_REQUIRED_FIELDS,
  LIBRARY_VERSION,
  type LibraryNames,
} from './arduino-library'
export { C_BUILD_COMMANDS } from './library-readme'
export { MINIMAL_EXAMPLE } from './library-examples'
export type { LibraryFile, PipelineFeatures, PipelineInput } from './pipeline-types'
