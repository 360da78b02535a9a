import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import { join } from 'node:path'
import { atomicWriteFile } from '../system/atomic-write'
import { errnoCode, isNotFound } from '../system/errno'
import type { FileSystem } from '../system/file-system'
import { cleanProjectTempFiles } from '../system/stale-temp-files'
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
import { describeIssue, parseJsonText, readProjectText } from './project-json'

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
  const header = manifestHeaderSchema.safeParse(parseJsonText(dir, MANIFEST_FILE, text))
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
  if (!parsed.success) throw projectErrors.corrupt(dir, describeIssue(parsed.error))
  if (version < currentVersion) {
    await atomicWriteFile(fs, join(dir, `${MANIFEST_FILE}.v${version}.bak`), text)
    await atomicWriteFile(fs, join(dir, MANIFEST_FILE), JSON.stringify(parsed.data, null, 2) + '\n')
  }
  await ensureProjectFolders(fs, dir)
  await cleanProjectTempFiles(fs, dir)
  return version < currentVersion
    ? { manifest: parsed.data, migratedFrom: version }
    : { manifest: parsed.data }
}

/**
 * Creates a project folder (absent or empty) with a fresh manifest. A folder that cannot be made (no
 * permission, a file in the way, a place like /proc) fails at once with a sentence naming it.
 */
export async function createProjectFolder(
  fs: FileSystem,
  dir: string,
  name: string,
  appVersion: string,
  now: Date,
): Promise<Manifest> {
  const entries = await existingEntries(fs, dir)
  if (entries.includes(MANIFEST_FILE)) throw projectErrors.exists(dir)
  if (entries.length > 0) throw projectErrors.notEmpty(dir)
  const manifest: Manifest = manifestSchema.parse({
    format: PROJECT_FORMAT,
    schemaVersion: CURRENT_SCHEMA_VERSION,
    id: randomUUID(),
    name,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    createdWith: appVersion,
  })
  try {
    await fs.mkdir(dir, { recursive: true })
    await ensureProjectFolders(fs, dir)
    await atomicWriteFile(fs, join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n')
  } catch (error) {
    throw projectErrors.cannotCreate(dir, error)
  }
  return manifest
}

/** The names in `dir`, none when it does not exist yet; a file in its place cannot become a project. */
async function existingEntries(fs: FileSystem, dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir)
  } catch (error) {
    if (isNotFound(error)) return []
    throw projectErrors.cannotCreate(dir, error)
  }
}

async function readManifestText(fs: FileSystem, dir: string): Promise<string> {
  try {
    const stat = await fs.stat(dir)
    if (!stat.isDirectory()) throw projectErrors.notAProject(dir)
  } catch (error) {
    if (isNotFound(error)) throw projectErrors.folderMissing(dir)
    if (errnoCode(error) !== undefined) throw projectErrors.readFailed(dir, dir, error)
    throw error
  }
  const text = await readProjectText(fs, dir, MANIFEST_FILE)
  if (text === undefined) throw projectErrors.notAProject(dir)
  return text
}

/** data/, models/ and builds/: made when missing; a file where one of them should be is damage. */
async function ensureProjectFolders(fs: FileSystem, dir: string): Promise<void> {
  for (const folder of PROJECT_FOLDERS) {
    try {
      await fs.mkdir(join(dir, folder), { recursive: true })
    } catch (error) {
      if (errnoCode(error) === 'ENOTDIR' || errnoCode(error) === 'EEXIST')
        throw projectErrors.damagedFile(dir, folder, 'it is a file where a folder should be')
      throw projectErrors.writeFailed(folder, error)
    }
  }
}
