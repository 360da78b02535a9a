import { CompressErrorCode } from '../../../../src/shared/api/compress'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildPreset, type ModelSpec } from '../../../../src/core/model'
import { graphStats } from '../../../../src/core/compress/reference/graph-stats'
import { distill } from '../../../../src/core/compress/distill/distill'
import { scaleSpecWidth, studentSpec } from '../../../../src/core/compress/distill/student'
import { selectTrainingBackend } from '../../../../src/core/train/backend-choice'
import { lowerModel } from '../../../../src/core/model'
import { layerWeightsOf } from '../../../../src/core/train/tf-files'
import { buildTfModel } from '../../../../src/core/train/tf-model'
import { evaluateGraph } from '../../../../src/core/compress/variants/evaluate'
import { fineTune } from '../../../../src/core/compress/qat/fine-tune'
import { GraphModel } from '../../../../src/core/compress/qat/graph-model'
import { LABELS, SETTINGS, synthWindows } from '../qat/synthetic-task'

const flat = (set: ReturnType<typeof synthWindows>) => ({ ...set, featureShape: [32] })
const train = flat(synthWindows(240, 1))
const validation = flat(synthWindows(60, 2))
const test = flat(synthWindows(150, 3))
const teacherSpec: ModelSpec = buildPreset('dense-mlp', [32], 3, { hidden: [32, 16] })

beforeAll(async () => {
  await selectTrainingBackend('auto')
})

describe('the student architecture', () => {
  it('scales every conv’s filters and hidden dense units by the width, never the output layer', () => {
    const student = scaleSpecWidth(teacherSpec, 0.25)
    expect(student.layers.map((l) => (l.type === 'dense' ? l.units : l.type))).toEqual([8, 4, 3])
    const cnn = scaleSpecWidth(buildPreset('cnn-1d', [49, 13], 4), 0.5)
    expect(
      cnn.layers.filter((l) => l.type === 'conv1d').map((l) => (l.type === 'conv1d' ? l.filters : 0)),
    ).toEqual([4, 8])
  })

  it('builds a preset student at the width, and refuses a width outside (0, 1] (14502)', () => {
    expect(
      studentSpec(teacherSpec, 3, { preset: 'dense-mlp', width: 0.5 }).layers.map((l) =>
        l.type === 'dense' ? l.units : 0,
      ),
    ).toEqual([10, 5, 3])
    expect(() => studentSpec(teacherSpec, 3, { width: 1.5 })).toThrow(
      expect.objectContaining({ code: CompressErrorCode.BadFineTuneOptions }),
    )
    expect(() => studentSpec(teacherSpec, 3, { width: 0 })).toThrow(/above 0 and at most 1/)
  })
})

describe('knowledge distillation', () => {
  it('trains a smaller student from the teacher’s soft targets that classifies as well', async () => {
    const tfTeacher = buildTfModel(teacherSpec, { seed: 1 })
    const teacherGraph = lowerModel(teacherSpec, layerWeightsOf(tfTeacher))
    tfTeacher.dispose()
    const model = new GraphModel(teacherGraph)
    await fineTune(model, train, validation, 3, { ...SETTINGS, epochs: 15 })
    const teacher = model.toGraph('teacher')
    model.dispose()
    const teacherAccuracy = evaluateGraph(teacher, test as never, LABELS).accuracy
    const spec = studentSpec(teacherSpec, 3, { width: 0.25 })
    const result = await distill(teacher, spec, train as never, validation as never, 3, {
      ...SETTINGS,
      epochs: 30,
      temperature: 4,
      alpha: 0.7,
    })
    expect(graphStats(result.floatGraph).params).toBeLessThan(graphStats(teacher).params / 3)
    expect(evaluateGraph(result.floatGraph, test as never, LABELS).accuracy).toBeGreaterThanOrEqual(
      teacherAccuracy - 0.05,
    )
  })

  it('refuses a temperature below 1 or α outside [0, 1] (14502)', async () => {
    await expect(
      distill({} as never, teacherSpec, train as never, validation as never, 3, {
        ...SETTINGS,
        temperature: 0.5,
        alpha: 0.5,
      }),
    ).rejects.toMatchObject({ code: CompressErrorCode.BadFineTuneOptions })
    await expect(
      distill({} as never, teacherSpec, train as never, validation as never, 3, {
        ...SETTINGS,
        temperature: 2,
        alpha: 1.5,
      }),
    ).rejects.toThrow(/α from 0 to 1/)
  })
})
