import { cHeader, cSourceTop, type CFunctionDecl } from '../c-emit'
import { classicalFailure } from '../errors'
import type { GeneratedC, LabelledTable, NumericMode } from '../learner'
import type { CPiece } from './c-math'
import { cCursorType } from './c-matrix'

/**
 * The public face of a generated EdgeML model: the C API every classical classifier has
 * (classifier-c.ts, docs/classical.md), so that callers and the shared tests treat Bonsai and ProtoNN like
 * the other learners —
 *
 *     float mode:  void P_scores(const float *x, float *scores);      int P_predict(const float *x);
 *     fixed mode:  void P_quantize(const float *x, int16_t *q);
 *                  void P_scores_q(const int16_t *q, int32_t *scores); int P_predict_q(const int16_t *q);
 *                  void P_scores(const float *x, int32_t *scores);    int P_predict(const float *x);
 *
 * — with the EdgeML models' own quantiser (one exponent byte per feature instead of two floats, see
 * quantise.ts). The learner supplies the data pieces and the body of P_scores_q (fixed) or P_scores (float).
 */
export interface EdgemlCSpec {
  readonly prefix: string
  readonly numeric: NumericMode
  readonly what: string
  readonly features: number
  readonly classes: number
  readonly pieces: readonly CPiece[]
  /** Statements reading `q` (fixed) or `x` (float) and writing `scores`. */
  readonly scoresBody: readonly string[]
}

function declarations(s: EdgemlCSpec): CFunctionDecl[] {
  const p = s.prefix
  const fixed = s.numeric === 'fixed'
  const score = fixed ? 'int32_t' : 'float'
  const quantised: CFunctionDecl[] = [
    {
      prototype: `void ${p}_quantize(const float *x, int16_t *q)`,
      doc: 'Quantises the features as the model expects.',
    },
    {
      prototype: `void ${p}_scores_q(const int16_t *q, int32_t *scores)`,
      doc: `Class scores of quantised features (${s.classes} values).`,
    },
    { prototype: `int ${p}_predict_q(const int16_t *q)`, doc: 'The class of quantised features.' },
  ]
  return [
    ...(fixed ? quantised : []),
    {
      prototype: `void ${p}_scores(const float *x, ${score} *scores)`,
      doc: `Class scores (${s.classes} values).`,
    },
    {
      prototype: `int ${p}_predict(const float *x)`,
      doc: `The class of ${s.features} features: the first index of the largest score.`,
    },
  ]
}

function argmaxFunction(p: string, score: string, input: string, call: string, classes: number): string {
  return [
    `int ${p}_${input} {`,
    `  ${score} s[${classes}];`,
    '  uint8_t c, best = 0;',
    `  ${call};`,
    `  for (c = 1; c < ${classes}u; c++) if (s[c] > s[best]) best = c;`,
    '  return best;',
    '}',
  ].join('\n')
}

export function edgemlC(s: EdgemlCSpec): GeneratedC {
  const p = s.prefix
  const fixed = s.numeric === 'fixed'
  const body = s.scoresBody.map((l) => `  ${l}`).join('\n')
  const entry = fixed
    ? [
        `void ${p}_scores_q(const int16_t *q, int32_t *scores) {\n${body}\n}`,
        argmaxFunction(p, 'int32_t', 'predict_q(const int16_t *q)', `${p}_scores_q(q, s)`, s.classes),
        `void ${p}_scores(const float *x, int32_t *scores) {\n  int16_t q[${s.features}];\n  ${p}_quantize(x, q);\n  ${p}_scores_q(q, scores);\n}`,
      ]
    : [`void ${p}_scores(const float *x, float *scores) {\n${body}\n}`]
  const predict = argmaxFunction(
    p,
    fixed ? 'int32_t' : 'float',
    'predict(const float *x)',
    `${p}_scores(x, s)`,
    s.classes,
  )
  const source = [
    cSourceTop(p),
    '#include <stddef.h>',
    cCursorType(p),
    ...s.pieces.map((x) => x.text),
    ...entry,
    predict,
    '',
  ].join('\n')
  const header = cHeader(
    p,
    `${s.what} (${s.numeric}).`,
    { FEATURES: s.features, CLASSES: s.classes },
    declarations(s),
  )
  return { header, source }
}

/** The generated C counts classes in a uint8: refuses a table of more than 255 classes before training. */
export function checkClassLimit(data: LabelledTable, learner: string): void {
  if (data.classes > 255) {
    throw classicalFailure(
      'ClassicalBadParams',
      `${learner} handles at most 255 classes (this table has ${data.classes}): merge classes or pick another learner.`,
    )
  }
}
