import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeTflite } from '../../../../src/core/codegen/tflite/writer'
import type { ModelGraph } from '../../../../src/core/model/graph'
import { sizeMetrics } from '../../../../src/core/compress/variants'
import { variantRecordSchema } from '../../../../src/main/services/compress/variant-files'
import { nodeFileSystem } from '../../../../src/main/services/system/file-system'
import { ProjectFiles } from '../../../../src/main/services/train/project-files'
import type { DeployDeps } from '../../../../src/main/services/device-test/deploy-run'
import { Stk500v1Flasher } from '../../../../src/main/services/flash/stk500v1-flasher'
import { nodeSerialOpener } from '../../../../src/main/services/serial/serial-port'
import type { ToolchainService } from '../../../../src/main/services/toolchain/toolchain-service'
import { controlSocketReset } from '../../../../src/main/services/virtual-boards/virtual-reset'
import { RESOURCES_DIR, sleep } from '../virtual-boards/fixtures'
import { gestures } from './deploy-fixtures'

const MOTE = fileURLToPath(new URL('../../../../bin/mote.mjs', import.meta.url))
export const FIXTURE_VARIANT = 'v-fixture-int8'

/**
 * A gestures demo project (`mote demo create gestures`) with one int8 variant that skips training: the demo
 * design's model with its seeded initial weights, quantized (deploy-fixtures.ts), written as the compress
 * service writes a variant (models/<model>/design.json, models/variants/<id>/model.tflite + variant.json).
 * Accuracy is that of an untrained model; what a deployment proves does not depend on it.
 */
export async function gesturesDeployProject(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'mote-deploy-project-')), 'gestures')
  execFileSync(process.execPath, [MOTE, 'demo', 'create', 'gestures', dir], { stdio: 'pipe' })
  const design = await new ProjectFiles(dir, nodeFileSystem).requireDesign()
  const modelDir = join(dir, 'models', 'm-fixture')
  await mkdir(modelDir, { recursive: true })
  await writeFile(join(modelDir, 'design.json'), JSON.stringify(design))
  await writeVariant(dir, FIXTURE_VARIANT, 'int8 PTQ (fixture)', gestures.int8, design.labels)
  return dir
}

/**
 * A second variant of the fixture's model with its last bias changed by one (as after retraining): another
 * model hash and other firmware, with the same sources otherwise. Returns its id.
 */
export async function addRetrainedVariant(dir: string): Promise<string> {
  const design = await new ProjectFiles(dir, nodeFileSystem).requireDesign()
  const graph = gestures.int8
  const biasIndex = graph.ops.findLast((op) => op.inputs.length > 2)!.inputs[2]!
  const tensors = graph.tensors.map((t, i) => {
    if (i !== biasIndex || t.data === undefined) return t
    const data = Int32Array.from(t.data as Int32Array)
    data[0] = data[0]! + 1
    return { ...t, data }
  })
  const id = 'v-fixture-retrained'
  await writeVariant(dir, id, 'int8 PTQ (retrained fixture)', { ...graph, tensors }, design.labels)
  return id
}

async function writeVariant(
  dir: string,
  id: string,
  name: string,
  graph: ModelGraph,
  labels: readonly string[],
): Promise<void> {
  const variantDir = join(dir, 'models', 'variants', id)
  await mkdir(variantDir, { recursive: true })
  await writeFile(join(variantDir, 'model.tflite'), writeTflite(graph))
  const record = variantRecordSchema.parse({
    format: 'mote-variant',
    version: 1,
    id,
    name,
    method: 'ptq',
    options: {},
    modelId: 'm-fixture',
    createdAt: new Date(0).toISOString(),
    dtype: 'int8',
    metrics: { accuracy: 0, floatAccuracy: 0, testWindows: 0, ...sizeMetrics(graph, []) },
    notes: [],
    hasFloatWeights: false,
    labels,
  })
  await writeFile(join(variantDir, 'variant.json'), JSON.stringify(record))
}

/**
 * What `deploy()` needs to reach a virtual Uno: the test toolchain, builds beside the project, and optiboot
 * reset through the board's control socket (asked each time: a restarted board has a new one).
 */
export function virtualUnoDeployDeps(
  toolchain: ToolchainService,
  project: string,
  controlSocket: () => string,
): DeployDeps {
  return {
    fs: nodeFileSystem,
    resourcesDir: RESOURCES_DIR,
    buildDir: join(project, '..', 'build'),
    build: (p, o, c) => toolchain.build(p, o, c),
    flasherFor: () =>
      new Stk500v1Flasher({
        opener: nodeSerialOpener,
        resetFor: async () => controlSocketReset(controlSocket()),
        sleep,
      }),
    open: nodeSerialOpener,
  }
}
