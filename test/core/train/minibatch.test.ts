import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-layers' // registers the gradients, as the training code's import of it does
import { beforeAll, describe, expect, it } from 'vitest'
import { JobsErrorCode } from '../../../src/shared/api/jobs'
import { MoteFailure } from '../../../src/shared/errors'
import { BestWeights, runMinibatchEpoch, type MinibatchEpoch } from '../../../src/core/train/minibatch'
import { selectTrainingBackend } from '../../../src/core/train/backend-choice'
import { createRng } from '../../../src/core/train/random'

beforeAll(async () => {
  await selectTrainingBackend('auto')
})

/** A pass that fits w to the targets t_i by mean squared error, recording what it saw. */
function squarePass(targets: readonly number[], w: tf.Variable, overrides: Partial<MinibatchEpoch> = {}) {
  const seen: number[][] = []
  const events: string[] = []
  const pass: MinibatchEpoch = {
    optimizer: tf.train.sgd(0.1),
    variables: [w],
    windows: targets.length,
    batchSize: 3,
    rng: createRng(5),
    epoch: 0,
    batch: (rows) => {
      seen.push([...rows])
      const t = tf.tensor1d(rows.map((r) => targets[r]!))
      return {
        loss: () => tf.mean(tf.square(tf.sub(t, w))) as tf.Scalar,
        release: () => t.dispose(),
      }
    },
    nonFinite: (value, index) => new MoteFailure(99_001, `loss ${value} at batch ${index}`),
    beforeStep: (b) => events.push(`before ${b}`),
    afterStep: (b) => events.push(`after ${b}`),
    onBatch: (_e, b, n) => events.push(`batch ${b + 1}/${n}`),
    ...overrides,
  }
  return { pass, seen, events }
}

describe('the shared minibatch loop', () => {
  it('visits every window once per epoch, in seeded shuffled batches, and returns the mean loss', async () => {
    const w = tf.variable(tf.scalar(0))
    const targets = [1, 2, 3, 4, 5, 6, 7]
    const { pass, seen, events } = squarePass(targets, w)
    const loss = await runMinibatchEpoch(pass)
    expect(seen.map((b) => b.length)).toEqual([3, 3, 1])
    expect(seen.flat().sort()).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(events.slice(0, 3)).toEqual(['before 0', 'after 0', 'batch 1/3'])
    expect(loss).toBeGreaterThan(0)
    const again = squarePass(targets, tf.variable(tf.scalar(0)))
    await runMinibatchEpoch(again.pass)
    expect(again.seen).toEqual(seen)
    expect(w.dataSync()[0]).toBeGreaterThan(0)
  })

  it('stops with the caller’s failure when a loss is not finite, and on cancellation', async () => {
    const w = tf.variable(tf.scalar(0))
    const { pass } = squarePass([1, Number.NaN, 3], w)
    await expect(runMinibatchEpoch({ ...pass, batchSize: 1 })).rejects.toThrow(/loss NaN at batch/)
    const cancelled = squarePass([1, 2], w, { cancellation: { aborted: true } }).pass
    await expect(runMinibatchEpoch(cancelled)).rejects.toMatchObject({ code: JobsErrorCode.Cancelled })
  })

  it('keeps the weights of the lowest loss offered and puts them back', () => {
    const w = tf.variable(tf.scalar(1))
    const best = new BestWeights(
      () => [w],
      (values) => w.assign(values[0] as tf.Scalar),
    )
    best.offer(1, 0.5)
    w.assign(tf.scalar(2))
    best.offer(2, 0.7)
    w.assign(tf.scalar(3))
    best.restore()
    expect([best.epoch, w.dataSync()[0]]).toEqual([1, 1])
    best.dispose()
  })
})
