import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import { join } from 'node:path'
import { findJsonError } from '../../../core/util/json-error-position'
import { atomicWriteFile, cleanStaleTempFiles } from '../system/atomic-write'
import { isNotFound, type FileSystem } from '../system/file-system'
import {
  CURRENT_SCHEMA_VERSION,
  MANIFEST_FILE,
  PROJECT_FOLDERS,
  PROJECT_FORMAT,
  manifestHeaderSchema,
  manifestSchema,
  type Manifest,
} from './manifest'
import { MIGRATIONS, MigrationGapError, migrateManifest, type Migration } from './migrations'
import { projectErrors } from './project-errors'

export interface OpenedManifest {
  readonly manifest: Manifest
  readonly migratedFrom?: number
}

/** The format this build reads: its version, schema and migration chain (tests substitute their own). */
export interface ProjectFormat {
  readonly currentVersion: number
  readonly schema: z.ZodType<Manifest>
  readonly migrations: Readonly<Record<number, Migration>>
}

const REAL_FORMAT: ProjectFormat = {
  currentVersion: CURRENT_SCHEMA_VERSION,
  schema: manifestSchema,
  migrations: MIGRATIONS,
}

/**
 * Reads, checks and (when older) migrates a project's manifest. A damaged or newer manifest is reported and
 * never written; a migrated one is written only after the original is saved beside it as a backup.
 */
export async function openManifest(
  fs: FileSystem,
  dir: string,
  format: ProjectFormat = REAL_FORMAT,
): Promise<OpenedManifest> {
  const { migrations, currentVersion } = format
  const text = await readManifestText(fs, dir)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw projectErrors.corrupt(dir, describeJsonError(text))
  }
  const header = manifestHeaderSchema.safeParse(json)
  if (!header.success || header.data.format !== PROJECT_FORMAT) {
    throw projectErrors.corrupt(
      dir,
      'it is not a Mote project manifest: "format" or "schemaVersion" is missing',
    )
  }
  const version = header.data.schemaVersion
  if (version > currentVersion) throw projectErrors.tooNew(dir, version, currentVersion)
  let migrated: Record<string, unknown> = header.data
  if (version < currentVersion) {
    try {
      migrated = migrateManifest(header.data, currentVersion, migrations)
    } catch (error) {
      if (error instanceof MigrationGapError) throw projectErrors.corrupt(dir, error.message)
      throw error
    }
  }
  const parsed = format.schema.safeParse(migrated)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw projectErrors.corrupt(dir, `${issue?.path.join('.') || 'manifest'}: ${issue?.message ?? 'invalid'}`)
  }
  if (version < currentVersion) {
    await atomicWriteFile(fs, join(dir, `${MANIFEST_FILE}.v${version}.bak`), text)
    await atomicWriteFile(fs, join(dir, MANIFEST_FILE), JSON.stringify(parsed.data, null, 2) + '\n')
  }
  await ensureProjectFolders(fs, dir)
  await cleanStaleTempFiles(fs, dir)
  return version < currentVersion
    ? { manifest: parsed.data, migratedFrom: version }
    : { manifest: parsed.data }
}

/** Creates a project folder (absent or empty) with a fresh manifest. */
export async function createProjectFolder(
  fs: FileSystem,
  dir: string,
  name: string,
  appVersion: string,
  now: Date,
): Promise<Manifest> {
  let entries: string[] = []
  try {
    entries = await fs.readdir(dir)
  } catch (error) {
    if (!isNotFound(error)) throw error
  }
  if (entries.includes(MANIFEST_FILE)) throw projectErrors.exists(dir)
  if (entries.length > 0) throw projectErrors.notEmpty(dir)
  await fs.mkdir(dir, { recursive: true })
  const manifest: Manifest = manifestSchema.parse({
    format: PROJECT_FORMAT,
    schemaVersion: CURRENT_SCHEMA_VERSION,
    id: randomUUID(),
    name,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    createdWith: appVersion,
  })
  await ensureProjectFolders(fs, dir)
  await atomicWriteFile(fs, join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n')
  return manifest
}

async function readManifestText(fs: FileSystem, dir: string): Promise<string> {
  try {
    const stat = await fs.stat(dir)
    if (!stat.isDirectory()) throw projectErrors.notAProject(dir)
  } catch (error) {
    if (isNotFound(error)) throw projectErrors.folderMissing(dir)
    throw error
  }
  try {
    return await fs.readFile(join(dir, MANIFEST_FILE), 'utf8')
  } catch (error) {
    if (isNotFound(error)) throw projectErrors.notAProject(dir)
    throw error
  }
}

async function ensureProjectFolders(fs: FileSystem, dir: string): Promise<void> {
  for (const folder of PROJECT_FOLDERS) await fs.mkdir(join(dir, folder), { recursive: true })
}

/** "not valid JSON at line 3, column 7 (expected a quoted key)", so the user can find the damage. */
export function describeJsonError(text: string): string {
  if (text.trim() === '') return 'the file is empty'
  const position = findJsonError(text)
  if (position === undefined) return 'not valid JSON'
  return `not valid JSON at line ${position.line}, column ${position.column} (${position.reason})`
}
