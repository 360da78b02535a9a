import { int, prng, randomValues, tf } from './helpers'

/** One random 2-D convolution configuration, NHWC. */
export interface ConvCase {
  readonly x: tf.Tensor4D
  readonly filter: tf.Tensor4D
  readonly strides: [number, number]
  readonly pad: 'same' | 'valid' | number
  readonly dilations: [number, number]
  readonly label: string
}

/**
 * `count` random convolutions: batch 1–3, input 1–9 × 1–9, channels 1–6, filters 1–4 × 1–4, strides 1–3,
 * padding same / valid / explicit, and (when `dilate`) dilation 1–2 with stride 1 as TensorFlow.js requires.
 * `depthwise` draws a channel multiplier 1–3 as the filter's last dimension instead of output channels.
 */
export function convCases(
  count: number,
  seed: number,
  opts: { dilate: boolean; depthwise: boolean },
): ConvCase[] {
  const rand = prng(seed)
  const cases: ConvCase[] = []
  while (cases.length < count) {
    const fH = int(rand, 1, 4)
    const fW = int(rand, 1, 4)
    const dilated = opts.dilate && rand() < 0.4
    const dilations: [number, number] = dilated ? [int(rand, 1, 2), int(rand, 1, 2)] : [1, 1]
    const strides: [number, number] = dilated ? [1, 1] : [int(rand, 1, 3), int(rand, 1, 3)]
    const padChoice = rand()
    const pad = padChoice < 0.45 ? 'same' : padChoice < 0.9 ? 'valid' : int(rand, 1, 2)
    const inH = int(rand, 1, 9)
    const inW = int(rand, 1, 9)
    const effH = (fH - 1) * dilations[0] + 1
    const effW = (fW - 1) * dilations[1] + 1
    if (pad === 'valid' && (inH < effH || inW < effW)) continue
    if (typeof pad === 'number' && (inH + 2 * pad < effH || inW + 2 * pad < effW)) continue
    const batch = int(rand, 1, 3)
    const inC = int(rand, 1, 6)
    const last = opts.depthwise ? int(rand, 1, 3) : int(rand, 1, 6)
    const x = tf.tensor4d(randomValues(rand, batch * inH * inW * inC), [batch, inH, inW, inC])
    const filter = tf.tensor4d(randomValues(rand, fH * fW * inC * last), [fH, fW, inC, last])
    const label = `x ${x.shape} f ${filter.shape} s ${strides} pad ${pad} d ${dilations}`
    cases.push({ x, filter, strides, pad, dilations, label })
  }
  return cases
}
