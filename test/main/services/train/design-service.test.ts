import { TrainErrorCode } from '../../../../src/shared/api/train'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseProjectDesign } from '../../../../src/core/train/design'
import { DesignService } from '../../../../src/main/services/train/design-service'
import { gesturesProject } from './fixtures'

describe('DesignService', () => {
  it('suggests a design from the samples until one is saved, then keeps the saved one', async () => {
    const { dir, project } = await gesturesProject()
    const service = new DesignService(project)
    const first = await service.get()
    expect(first.design).toBeNull()
    expect(first.samples).toHaveLength(20)
    const suggested = parseProjectDesign(first.suggested)
    expect(suggested.labels).toEqual(['circle', 'idle', 'shake', 'up-down', 'wave'])
    expect(suggested.input).toMatchObject({
      kind: 'timeseries',
      rateHz: 62.5,
      axes: ['accX', 'accY', 'accZ'],
    })
    const changes: unknown[] = []
    service.onDidChange((d) => changes.push(d))
    const saved = parseProjectDesign(
      await service.save({ ...suggested, training: { ...suggested.training, epochs: 7 } }),
    )
    expect(saved.training.epochs).toBe(7)
    expect(JSON.parse(await readFile(join(dir, 'design.json'), 'utf8')).training.epochs).toBe(7)
    expect(parseProjectDesign((await service.get()).design).training.epochs).toBe(7)
    expect(changes).toHaveLength(1)
    await service.reset()
    expect((await service.get()).design).toBeNull()
  })

  it('refuses a malformed design with the field at fault and stores nothing', async () => {
    const { project } = await gesturesProject()
    const service = new DesignService(project)
    const suggested = (await service.get()).suggested as Record<string, unknown>
    await expect(service.save({ ...suggested, labels: ['only-one'] })).rejects.toMatchObject({
      code: TrainErrorCode.InvalidDesign,
      message: expect.stringMatching(/at "labels"/),
    })
    expect((await service.get()).design).toBeNull()
  })

  it('computes one window of a sample, raw and as features, under an unsaved design', async () => {
    const { project } = await gesturesProject()
    const service = new DesignService(project)
    const design = (await service.get()).suggested
    const f = await service.sampleFeatures(design, 'g-wave-1', 2)
    // 4 s at 62.5 Hz = 250 frames; 2 s windows every 0.5 s → 5 windows of 125 frames × 3 axes
    expect(f).toMatchObject({
      sampleId: 'g-wave-1',
      label: 'wave',
      window: 2,
      windowCount: 5,
      shape: [42],
      rateHz: 62.5,
    })
    expect(f.raw).toHaveLength(375)
    expect(f.features).toHaveLength(42)
    expect(f.featureNames[0]).toBe('accX rms')
    await expect(service.sampleFeatures(design, 'no-such', 0)).rejects.toThrow(/no sample no-such/)
  })

  it('projects every window onto two components for the explorer, thinning past the limit', async () => {
    const { project } = await gesturesProject()
    const service = new DesignService(project)
    const design = (await service.get()).suggested
    const all = await service.explorer(design, 500)
    // 20 recordings × 5 windows
    expect([all.x.length, all.skippedWindows]).toEqual([100, 0])
    expect(all.labels).toEqual(['circle', 'idle', 'shake', 'up-down', 'wave'])
    expect(all.variances[0]).toBeGreaterThanOrEqual(all.variances[1])
    const thin = await service.explorer(design, 40)
    expect([thin.x.length, thin.skippedWindows]).toEqual([34, 66]) // every 3rd of 100 windows
  })
})
