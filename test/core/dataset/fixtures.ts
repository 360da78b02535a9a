import type { Sample, SampleKind } from '../../../src/core/dataset/sample'

/** A deterministic pseudo-random generator (LCG) so that failures reproduce. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

export function makeSample(
  kind: SampleKind,
  options: {
    label?: string
    length?: number
    axes?: number
    rateHz?: number
    seed?: number
    id?: string
  } = {},
): Sample {
  const rand = lcg(options.seed ?? 1)
  const axes = kind === 'audio' ? 1 : (options.axes ?? 3)
  const width = 8
  const length = kind === 'image' ? width * 6 : (options.length ?? 120)
  const values = new Float32Array(length * axes)
  for (let i = 0; i < values.length; i++) {
    if (kind === 'audio') values[i] = Math.round((rand() * 2 - 1) * 32767) / 32768
    else if (kind === 'image') values[i] = Math.floor(rand() * 256)
    else values[i] = (rand() - 0.5) * 10 ** Math.floor(rand() * 8 - 3)
  }
  const names = axes === 3 ? ['accX', 'accY', 'accZ'] : Array.from({ length: axes }, (_, i) => `ch${i}`)
  return {
    meta: {
      id: options.id ?? `s-test-${options.seed ?? 1}`,
      kind,
      label: options.label ?? 'wave',
      category: 'training',
      rateHz: kind === 'image' ? 0 : (options.rateHz ?? (kind === 'audio' ? 16000 : 62.5)),
      axes:
        kind === 'audio'
          ? [{ name: 'audio', unit: '' }]
          : kind === 'image'
            ? ['R', 'G', 'B'].map((name) => ({ name, unit: '' }))
            : names.map((name, i) => ({ name, unit: i === 0 ? 'm/s²' : '' })),
      length,
      ...(kind === 'image' ? { image: { width, height: 6 } } : {}),
      source: 'test',
      createdAt: '2026-01-01T00:00:00.000Z',
    },
    values,
  }
}

export function bytesOf(values: Float32Array): number[] {
  return Array.from(new Uint8Array(values.buffer, values.byteOffset, values.byteLength))
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)
