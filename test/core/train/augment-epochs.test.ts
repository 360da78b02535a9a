import { describe, expect, it } from 'vitest'
import { prepareData } from '../../../src/core/train/data-pipeline'
import { trainingInputs } from '../../../src/core/train/train-inputs'
import { quickDesign, smallGestures } from './fixtures'

const { source } = smallGestures(3, 3)
const everything = {
  copies: 2,
  timeShiftMs: 100,
  gainDb: 6,
  rotationDeg: 20,
  scale: 0.1,
  timeWarp: 0.1,
  noise: 0.05,
}

describe('augmentation drawn anew every epoch', () => {
  it('draws new copies each epoch, the same ones for the same seed, and keeps every label', async () => {
    const design = quickDesign(source, { augmentation: everything })
    const data = await prepareData(design, source)
    const inputs = await trainingInputs(data)
    const epoch0 = await inputs.trainFor!(0)
    const epoch1 = await inputs.trainFor!(1)
    expect(epoch0.count).toBe(data.train.count * 3)
    expect(epoch1.count).toBe(epoch0.count)
    // The originals come first, unchanged; the copies differ between epochs.
    expect(epoch0.features.subarray(0, data.train.features.length)).toEqual(data.train.features)
    expect(epoch1.features.subarray(data.train.features.length)).not.toEqual(
      epoch0.features.subarray(data.train.features.length),
    )
    // Every copy has its sample's label.
    const labelOf = new Map(data.train.refs.map((r, i) => [r.sampleId, data.train.labels[i]]))
    epoch1.refs.forEach((r, i) => expect(epoch1.labels[i]).toBe(labelOf.get(r.sampleId)))
    // Same seed, same draws; another seed, other draws.
    const again = await trainingInputs(await prepareData(design, source))
    expect((await again.trainFor!(1)).features).toEqual(epoch1.features)
    const reseeded = { ...design, training: { ...design.training, seed: design.training.seed + 1 } }
    const other = await trainingInputs(await prepareData(reseeded, source))
    expect((await other.trainFor!(1)).features).not.toEqual(epoch1.features)
  })

  it('never touches the validation and test windows, and draws again only every redrawEpochs', async () => {
    const plain = await prepareData(quickDesign(source), source)
    const design = quickDesign(source, { augmentation: { ...everything, redrawEpochs: 2 } })
    const data = await prepareData(design, source)
    expect(data.test).toEqual(plain.test)
    expect(data.validation).toEqual(plain.validation)
    expect(data.train).toEqual(plain.train)
    const inputs = await trainingInputs(data)
    expect(inputs.test).toBe(data.test)
    expect((await inputs.trainFor!(1)).features).toEqual((await inputs.trainFor!(0)).features)
    expect((await inputs.trainFor!(2)).features).not.toEqual((await inputs.trainFor!(1)).features)
    expect(plain.augmented).toBeUndefined()
  })
})
