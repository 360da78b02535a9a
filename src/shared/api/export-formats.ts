/**
 * The export formats without the contract's schema library, so that `mote --help` lists them without
 * loading zod (the CLI bundle's start loads only command definitions; see export.ts for each format).
 */
export const EXPORT_FORMATS = ['c', 'arduino', 'tflite', 'firmware'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]
