import { cArray, cHeader, cQuantizer, cRead, cSourceTop } from '../classical/c-emit'
import type { GeneratedC, ModelSize, NumericMode } from '../classical/learner'
import { cFloat } from '../codegen/c/dsp-c-text'
import { type FixedGaussian, type FixedKMeans, fixedThreshold, toFixed } from './fixed'
import type { GaussianModel } from './gaussian'
import type { KMeansModel } from './kmeans'

/**
 * C99 for a K-means or Gaussian detector (`<prefix>.h`, `<prefix>.c`), self-contained like the classical
 * learners' (docs/classical.md: tables in flash through MOTE_CONST_DATA, no malloc). Float mode:
 * `float <prefix>_score(const float *x)`, the float32 reference `float32Score`. Fixed mode:
 * `uint32_t <prefix>_score(const float *x)` and `<prefix>_score_q(const int16_t *q)` for features already
 * quantised, the reference `fixedScore`. Both modes: `int <prefix>_is_anomaly(const float *x)` (score above
 * the threshold, which is generated in the score's units).
 */
export interface GeneratedAnomalyC extends GeneratedC {
  readonly size: ModelSize
}

export function emitAnomalyC(
  model: KMeansModel | GaussianModel,
  threshold: number,
  numeric: NumericMode,
  prefix: string,
): GeneratedAnomalyC {
  return numeric === 'fixed' ? emitFixed(model, threshold, prefix) : emitFloat(model, threshold, prefix)
}

function header(prefix: string, model: KMeansModel | GaussianModel, numeric: NumericMode, threshold: string) {
  const d = model.standardiser.mean.length
  const score = numeric === 'fixed' ? 'uint32_t' : 'float'
  const what = `${model.kind === 'kmeans' ? 'K-means distance' : 'Mahalanobis'} anomaly score, ${numeric}.`
  const head = cHeader(prefix, what, { FEATURES: d }, [
    { prototype: `${score} ${prefix}_score(const float *x)`, doc: `The anomaly score of ${d} features.` },
    ...(numeric === 'fixed'
      ? [
          {
            prototype: `void ${prefix}_quantize(const float *x, int16_t *q)`,
            doc: 'Features to Q8 standardised values.',
          },
          {
            prototype: `uint32_t ${prefix}_score_q(const int16_t *q)`,
            doc: 'The score of quantised features.',
          },
        ]
      : []),
    {
      prototype: `int ${prefix}_is_anomaly(const float *x)`,
      doc: 'Whether the score is above the threshold.',
    },
  ])
  return head.replace(
    '#ifdef __cplusplus',
    `#define ${prefix.toUpperCase()}_THRESHOLD ${threshold}\n#ifdef __cplusplus`,
  )
}

function emitFixed(model: KMeansModel | GaussianModel, threshold: number, prefix: string): GeneratedAnomalyC {
  const fixed = toFixed(model)
  const d = model.standardiser.mean.length
  const quantizer = cQuantizer(prefix, fixed.quant)
  const body = fixed.kind === 'kmeans' ? kmeansFixedC(fixed, prefix, d) : gaussianFixedC(fixed, prefix, d)
  const table = fixed.kind === 'kmeans' ? fixed.centroids : fixed.whitening
  const source = [
    cSourceTop(prefix),
    quantizer.text,
    cArray(`${prefix}_table`, 'int16_t', table),
    'static uint32_t add_sat(uint32_t a, uint32_t b) { return a > 0xFFFFFFFFu - b ? 0xFFFFFFFFu : a + b; }',
    'static int32_t clamp16(int32_t v) { return v > 32767 ? 32767 : v < -32767 ? -32767 : v; }',
    body,
    `uint32_t ${prefix}_score(const float *x) {\n  int16_t q[${d}];\n  ${prefix}_quantize(x, q);\n  return ${prefix}_score_q(q);\n}`,
    `int ${prefix}_is_anomaly(const float *x) { return ${prefix}_score(x) > ${prefix.toUpperCase()}_THRESHOLD; }`,
    '',
  ].join('\n')
  return {
    header: header(prefix, model, 'fixed', `${fixedThreshold(threshold, d)}u`),
    source,
    size: { flashBytes: quantizer.flashBytes + 2 * table.length, ramBytes: 2 * d + 16 },
  }
}

function kmeansFixedC(model: FixedKMeans, prefix: string, d: number): string {
  return `uint32_t ${prefix}_score_q(const int16_t *q) {
  uint32_t best = 0xFFFFFFFFu;
  for (uint16_t k = 0; k < ${model.clusters}u; k++) {
    uint32_t sum = 0;
    for (uint16_t j = 0; j < ${d}u; j++) {
      int32_t diff = clamp16((int32_t)q[j] - (int32_t)${cRead('int16_t', `${prefix}_table`, `(uint16_t)(k * ${d}u + j)`)});
      sum = add_sat(sum, (uint32_t)(diff * diff));
    }
    if (sum < best) best = sum;
  }
  return best;
}`
}

function gaussianFixedC(model: FixedGaussian, prefix: string, d: number): string {
  const half = model.wShift > 0 ? 2 ** (model.wShift - 1) : 0
  const unit = 2 ** model.wShift
  return `uint32_t ${prefix}_score_q(const int16_t *q) {
  uint32_t score = 0;
  uint16_t k = 0;
  for (uint16_t i = 0; i < ${d}u; i++) {
    int64_t acc = ${half};
    for (uint16_t j = 0; j <= i; j++, k++)
      acc += (int32_t)${cRead('int16_t', `${prefix}_table`, 'k')} * (int32_t)q[j];
    /* floor(acc / 2^${model.wShift}), written without shifting a negative number */
    int64_t y = acc >= 0 ? acc / ${unit} : -((-acc + ${unit - 1}) / ${unit});
    int32_t yc = clamp16(y > 32767 ? 32767 : y < -32767 ? -32767 : (int32_t)y);
    score = add_sat(score, (uint32_t)(yc * yc));
  }
  return score;
}`
}

function emitFloat(model: KMeansModel | GaussianModel, threshold: number, prefix: string): GeneratedAnomalyC {
  const d = model.standardiser.mean.length
  const table = model.kind === 'kmeans' ? model.centroids.flat() : model.whitening
  const read = (array: string, index: string) => cRead('float', `${prefix}_${array}`, index)
  const score =
    model.kind === 'kmeans'
      ? `  float best = 0.0f;
  for (uint16_t k = 0; k < ${model.centroids.length}u; k++) {
    float sum = 0.0f;
    for (uint16_t j = 0; j < ${d}u; j++) {
      float diff = z[j] - ${read('table', `(uint16_t)(k * ${d}u + j)`)};
      sum = sum + diff * diff;
    }
    if (k == 0 || sum < best) best = sum;
  }
  return best / ${d}.0f;`
      : `  float score = 0.0f;
  uint16_t k = 0;
  for (uint16_t i = 0; i < ${d}u; i++) {
    float y = 0.0f;
    for (uint16_t j = 0; j <= i; j++, k++) y = y + ${read('table', 'k')} * z[j];
    score = score + y * y;
  }
  return score / ${d}.0f;`
  const source = [
    cSourceTop(prefix),
    cArray(`${prefix}_mean`, 'float', model.standardiser.mean),
    cArray(
      `${prefix}_inv_std`,
      'float',
      model.standardiser.std.map((s) => 1 / s),
    ),
    cArray(`${prefix}_table`, 'float', table),
    `float ${prefix}_score(const float *x) {
  float z[${d}];
  for (uint16_t j = 0; j < ${d}u; j++) z[j] = (x[j] - ${read('mean', 'j')}) * ${read('inv_std', 'j')};
${score}
}`,
    `int ${prefix}_is_anomaly(const float *x) { return ${prefix}_score(x) > ${prefix.toUpperCase()}_THRESHOLD; }`,
    '',
  ].join('\n')
  return {
    header: header(prefix, model, 'float', cFloat(threshold)),
    source,
    size: { flashBytes: 4 * (2 * d + table.length), ramBytes: 4 * d + 16 },
  }
}
