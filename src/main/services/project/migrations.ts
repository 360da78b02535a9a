/**
 * Project-format migrations: `migrations[n]` turns a version-n manifest into a version-(n+1) one. Each is a
 * pure function on the parsed JSON, so it is tested on its own with before/after fixtures, and opening a
 * project applies them in order. The original file is kept as `mote.json.v<n>.bak` before the migrated one
 * is written. Migrations may only add or reshape manifest fields; data files they need to touch are named
 * in docs/project-format.md beside the migration.
 */
export type ManifestJson = Record<string, unknown>
export type Migration = (manifest: ManifestJson) => ManifestJson

/** The real migrations, keyed by the version they start from. Version 1 is the first released format. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {}

export class MigrationGapError extends Error {}

/** Applies migrations from `manifest.schemaVersion` up to `target`; throws when a step is missing. */
export function migrateManifest(
  manifest: ManifestJson,
  target: number,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
): ManifestJson {
  let current = manifest
  let version = Number(current.schemaVersion)
  while (version < target) {
    const step = migrations[version]
    if (step === undefined) throw new MigrationGapError(`no migration from project format ${version}`)
    current = step(current)
    const next = Number(current.schemaVersion)
    if (next !== version + 1) {
      throw new MigrationGapError(
        `migration from format ${version} produced format ${String(current.schemaVersion)}`,
      )
    }
    version = next
  }
  return current
}
