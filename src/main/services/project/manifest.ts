import { z } from 'zod'

/** The project format this build writes. Older manifests are migrated on open (see migrations.ts). */
export const CURRENT_SCHEMA_VERSION = 1
export const MANIFEST_FILE = 'mote.json'
export const PROJECT_FORMAT = 'mote-project'
/** Folders every project has; see docs/project-format.md. */
export const PROJECT_FOLDERS = ['data', 'models', 'builds'] as const

/**
 * The manifest of the current version. Unknown keys are kept (loose), so a field written by a newer build of
 * the same format version survives a save by this one.
 */
export const manifestSchema = z.looseObject({
  format: z.literal(PROJECT_FORMAT),
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  id: z.string().min(1).max(128),
  name: z.string().min(1).max(120),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  createdWith: z.string().max(64),
})
export type Manifest = z.infer<typeof manifestSchema>

/** The fields every version has, read before migrating, to decide what to do with a file. */
export const manifestHeaderSchema = z.looseObject({
  format: z.string(),
  schemaVersion: z.number().int().min(1),
})
