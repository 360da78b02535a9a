import { cHeader, cQuantizer, cSourceTop } from './c-emit'
import type { GeneratedC, NumericMode } from './learner'
import type { FeatureQuant } from './quant'

/**
 * The C API every classical classifier generates, around a learner's own scoring body:
 *
 *     float mode:  void P_scores(const float *x, float *scores);      int P_predict(const float *x);
 *     fixed mode:  void P_quantize(const float *x, qin_t *q);
 *                  void P_scores_q(const qin_t *q, int32_t *scores);  int P_predict_q(const qin_t *q);
 *                  void P_scores(const float *x, int32_t *scores);    int P_predict(const float *x);
 *
 * `P_predict` is the first index of the largest score (the TypeScript `argmax`). The learner writes the
 * body of `P_scores` (float mode) or `P_scores_q` (fixed mode): reading `x` or `q`, writing `scores`.
 */
export interface ClassifierCSpec {
  readonly prefix: string
  /** One sentence for the header, e.g. "CART decision tree, 31 nodes, fixed point". */
  readonly what: string
  readonly cols: number
  readonly classes: number
  readonly numeric: NumericMode
  /** The input quantiser (fixed mode). */
  readonly quant: FeatureQuant
  /** The model's const data and static helpers. */
  readonly data: string
  /** Statements of the scoring function: input `x` (float) or `q` (fixed), output `scores`. */
  readonly scoresBody: string
}

export function emitClassifierC(spec: ClassifierCSpec): GeneratedC {
  const { prefix: p, cols, classes, numeric } = spec
  const fixed = numeric === 'fixed'
  const qin = spec.quant.bits === 8 ? 'int8_t' : 'int16_t'
  const score = fixed ? 'int32_t' : 'float'
  const fns = [
    ...(fixed
      ? [
          {
            prototype: `void ${p}_quantize(const float *x, ${qin} *q)`,
            doc: 'Quantises the features as the model expects (docs/classical.md).',
          },
          {
            prototype: `void ${p}_scores_q(const ${qin} *q, int32_t *scores)`,
            doc: `Class scores of quantised features (${classes} values).`,
          },
          { prototype: `int ${p}_predict_q(const ${qin} *q)`, doc: 'The class of quantised features.' },
        ]
      : []),
    {
      prototype: `void ${p}_scores(const float *x, ${score} *scores)`,
      doc: `Class scores (${classes} values).`,
    },
    {
      prototype: `int ${p}_predict(const float *x)`,
      doc: `The class of ${cols} features: the first index of the largest score.`,
    },
  ]
  const header = cHeader(p, spec.what, { FEATURES: cols, CLASSES: classes }, fns)
  const argmax = (call: string) =>
    [
      `  ${score} s[${classes}];`,
      `  ${call};`,
      '  int best = 0;',
      `  for (int c = 1; c < ${classes}; c++) if (s[c] > s[best]) best = c;`,
      '  return best;',
    ].join('\n')
  const body = fixed
    ? [
        cQuantizer(p, spec.quant).text,
        spec.data,
        `void ${p}_scores_q(const ${qin} *q, int32_t *scores) {\n${spec.scoresBody}\n}`,
        `int ${p}_predict_q(const ${qin} *q) {\n${argmax(`${p}_scores_q(q, s)`)}\n}`,
        `void ${p}_scores(const float *x, int32_t *scores) {\n  ${qin} q[${cols}];\n  ${p}_quantize(x, q);\n  ${p}_scores_q(q, scores);\n}`,
      ]
    : [spec.data, `void ${p}_scores(const float *x, float *scores) {\n${spec.scoresBody}\n}`]
  const predict = `int ${p}_predict(const float *x) {\n${argmax(`${p}_scores(x, s)`)}\n}`
  return { header, source: [cSourceTop(p), ...body, predict, ''].join('\n') }
}

/** RAM of the evaluator's own buffers: the quantised features (fixed mode) and the scores of `predict`. */
export function classifierRamBytes(
  cols: number,
  classes: number,
  numeric: NumericMode,
  quant: FeatureQuant,
): number {
  const quantised = numeric === 'fixed' ? cols * (quant.bits === 8 ? 1 : 2) : 0
  return quantised + 4 * classes
}

/** Flash bytes of the quantiser's tables (fixed mode only). */
export function quantizerFlashBytes(numeric: NumericMode, quant: FeatureQuant): number {
  return numeric === 'fixed' ? cQuantizer('p', quant).flashBytes : 0
}
