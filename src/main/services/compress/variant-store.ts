import { randomBytes } from 'node:crypto'
import type { ProjectStore } from '../project/project-store'
import { CompressErrorCode } from '../../../shared/api/compress'
import { MoteFailure } from '../../../shared/errors'
import {
  CHOSEN_FILE,
  chosenSchema,
  VARIANT_FILES,
  VARIANTS_DIR,
  variantRecordSchema,
  type StoredVariantPayload,
  type VariantRecord,
} from './variant-files'

/** A fresh variant id: `v-<time base 36>-<6 hex>`, sortable by creation time. */
export function newVariantId(now: Date): string {
  return `v-${now.getTime().toString(36)}-${randomBytes(3).toString('hex')}`
}

/** The baseline's id is fixed per model, so that there is one per model. */
export const baselineIdOf = (modelId: string) => `float-${modelId.replace(/^m-/, '')}`

/**
 * The variants of a project, through the project store (every write atomic and queued with the project's
 * other writes). A variant's data files are written first and `variant.json` last, so a crash leaves an
 * unlisted folder, never a listed variant with missing files.
 */
export class VariantStore {
  constructor(private readonly store: ProjectStore) {}

  async save(payload: StoredVariantPayload): Promise<void> {
    const dir = `${VARIANTS_DIR}/${payload.record.id}`
    for (const file of payload.files) await this.store.writeBytes(`${dir}/${file.name}`, file.data)
    await this.store.writeJson(`${dir}/${VARIANT_FILES.record}`, payload.record)
  }

  async list(): Promise<VariantRecord[]> {
    const records: VariantRecord[] = []
    for (const name of await this.store.list(VARIANTS_DIR)) {
      if (!/^(v|float)-/.test(name)) continue
      const record = await this.read(name).catch(() => undefined)
      if (record) records.push(record)
    }
    return records.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || order(a) - order(b))
  }

  async read(id: string): Promise<VariantRecord | undefined> {
    return this.store.readJson(`${VARIANTS_DIR}/${id}/${VARIANT_FILES.record}`, variantRecordSchema)
  }

  async require(id: string): Promise<VariantRecord> {
    const record = await this.read(id).catch(() => undefined)
    if (!record)
      throw new MoteFailure(
        CompressErrorCode.NoSuchVariant,
        `There is no variant ${id} in this project. Pick one from the variant table.`,
      )
    return record
  }

  async chosen(): Promise<string | null> {
    const chosen = await this.store.readJson(CHOSEN_FILE, chosenSchema).catch(() => undefined)
    return chosen?.id ?? null
  }

  async choose(id: string): Promise<void> {
    await this.store.writeJson(CHOSEN_FILE, { id })
  }

  async remove(id: string): Promise<void> {
    await this.require(id)
    if ((await this.chosen()) === id) await this.store.remove(CHOSEN_FILE)
    await this.store.remove(`${VARIANTS_DIR}/${id}`)
  }
}

/** The baseline sorts before a variant made at the same moment. */
const order = (r: VariantRecord) => (r.method === 'float' ? 0 : 1)
