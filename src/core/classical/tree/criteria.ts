import type { FeatureQuant } from '../quant'
import { qmaxOf, quantizeValue } from '../quant'
import type { Criterion, FixedForms } from './grow'

/**
 * Gini impurity for classification trees. With class counts c_k of n rows, n·(1 − Σ p_k²) = n − Σ c_k²/n,
 * so maximising Σ c_k²/n summed over the children is minimising their weighted impurity. The leaf is the
 * majority class (the lowest index on ties). Zero-gain splits are allowed on impure nodes, so that XOR-like
 * data, where no single split helps, still gets its second level.
 */
export function giniCriterion(y: Int32Array, classes: number): Criterion {
  return {
    statsDim: classes,
    minGain: -1e-9,
    add(stats, base, r) {
      stats[base + y[r]!]!++
    },
    score(stats, base) {
      let n = 0
      let sq = 0
      for (let k = 0; k < classes; k++) {
        const c = stats[base + k]!
        n += c
        sq += c * c
      }
      return n > 0 ? sq / n : 0
    },
    pure(stats, base) {
      let present = 0
      for (let k = 0; k < classes; k++) if (stats[base + k]! > 0) present++
      return present <= 1
    },
    leaf(stats, base) {
      let best = 0
      for (let k = 1; k < classes; k++) if (stats[base + k]! > stats[base + best]!) best = k
      return best
    },
  }
}

/** Fixed forms of a classification tree: quantised thresholds (docs/classical.md), class indices as they are. */
export function classFixedForms(quant: FeatureQuant): FixedForms {
  const qmax = qmaxOf(quant.bits)
  return {
    threshold: (f, largestLeft) => quantizeValue(largestLeft, quant.offset[f]!, quant.scale[f]!, qmax),
    leaf: (value) => value,
  }
}
