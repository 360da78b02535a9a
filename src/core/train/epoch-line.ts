import type { EpochMetrics } from './trainer'

/**
 * The training log line of one epoch. It is written for people (the console shows it as is) and parsed
 * back by the train service to draw live curves, so the format lives here, next to its parser:
 *   "Epoch 3/30: loss 0.41230, accuracy 86.20%, val loss 0.50120, val accuracy 84.00%, lr 0.005, 1.2 s"
 */
export function formatEpochLine(m: EpochMetrics, epochs: number): string {
  const parts = [`loss ${m.loss.toFixed(5)}`, `accuracy ${(m.accuracy * 100).toFixed(2)}%`]
  if (m.valLoss !== undefined) parts.push(`val loss ${m.valLoss.toFixed(5)}`)
  if (m.valAccuracy !== undefined) parts.push(`val accuracy ${(m.valAccuracy * 100).toFixed(2)}%`)
  parts.push(`lr ${Number(m.learningRate.toPrecision(4))}`, `${m.seconds.toFixed(1)} s`)
  return `Epoch ${m.epoch}/${epochs}: ${parts.join(', ')}`
}

const LINE =
  /^Epoch (\d+)\/(\d+): loss ([-\d.eE+naNIfity]+), accuracy ([\d.]+)%(?:, val loss ([-\d.eE+naNIfity]+), val accuracy ([\d.]+)%)?, lr ([\d.eE+-]+), ([\d.]+) s$/

/** The metrics of a line written by `formatEpochLine`, or undefined for any other line. */
export function parseEpochLine(line: string): (EpochMetrics & { readonly epochs: number }) | undefined {
  const m = LINE.exec(line)
  if (!m) return undefined
  const base = {
    epoch: Number(m[1]),
    epochs: Number(m[2]),
    loss: Number(m[3]),
    accuracy: Number(m[4]) / 100,
    learningRate: Number(m[7]),
    seconds: Number(m[8]),
  }
  return m[5] === undefined ? base : { ...base, valLoss: Number(m[5]), valAccuracy: Number(m[6]) / 100 }
}
