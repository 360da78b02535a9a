import { cArray, cRead, type CType } from '../c-emit'
import type { NumericMode } from '../learner'
import type { RowMatrix } from './quantise'
import { countBytes, matrixLayout } from './sparse'

/**
 * A matrix of an EdgeML model as C: its const data in the smaller layout (edgeml/sparse.ts) and the row
 * functions the evaluator calls, `<p>_<name>_dot(cursor, row, x)` (Σ value·x[col]) and
 * `<p>_<name>_add(cursor, row, k, out)` (out[col] += value·k). Rows must be visited in increasing order
 * through one cursor (`<p>_cursor_t`, zero-initialised), which is how a compressed row finds its entries
 * without a pointer per row. Fixed: int8 values, int16 x, int32 sums; float: float everywhere, summed in
 * increasing column order like the TypeScript reference.
 */
export interface CMatrix {
  readonly data: string
  readonly functions: string
  readonly flashBytes: number
}

interface Types {
  readonly value: CType
  readonly x: string
  readonly acc: string
  readonly count: CType
}

function typesOf(m: RowMatrix, numeric: NumericMode): Types {
  return numeric === 'fixed'
    ? {
        value: 'int8_t',
        x: 'int16_t',
        acc: 'int32_t',
        count: countBytes(m.cols) === 1 ? 'uint8_t' : 'uint16_t',
      }
    : { value: 'float', x: 'float', acc: 'float', count: countBytes(m.cols) === 1 ? 'uint8_t' : 'uint16_t' }
}

/** The cursor type: the next row to visit and the offset of its first entry. */
export function cCursorType(prefix: string): string {
  return `typedef struct { uint16_t row; uint16_t at; } ${prefix}_cursor_t;\n`
}

function product(t: Types, value: string, other: string): string {
  return t.value === 'float' ? `${value} * ${other}` : `(int32_t)${value} * ${other}`
}

function sparseFunctions(prefix: string, name: string, t: Types, kinds: readonly ('dot' | 'add')[]): string {
  const base = `${prefix}_${name}`
  const seek = [
    `  while (c->row < row) { c->at += ${cRead(t.count, `${base}_count`, 'c->row')}; c->row++; }`,
    `  n = ${cRead(t.count, `${base}_count`, 'row')};`,
    '  c->row++;',
  ]
  const value = cRead(t.value, `${base}_value`, 'c->at')
  const col = cRead(t.count, `${base}_col`, 'c->at')
  const out: string[] = []
  if (kinds.includes('dot'))
    out.push(
      `static ${t.acc} ${base}_dot(${prefix}_cursor_t *c, uint16_t row, const ${t.x} *x) {`,
      `  ${t.acc} acc = 0;`,
      '  uint16_t n;',
      ...seek,
      `  for (; n > 0; n--, c->at++) acc += ${product(t, value, `x[${col}]`)};`,
      '  return acc;',
      '}',
    )
  if (kinds.includes('add'))
    out.push(
      `static void ${base}_add(${prefix}_cursor_t *c, uint16_t row, ${t.acc} k, ${t.acc} *out) {`,
      '  uint16_t n;',
      ...seek,
      `  for (; n > 0; n--, c->at++) out[${col}] += ${product(t, value, 'k')};`,
      '}',
    )
  return out.join('\n') + '\n'
}

function denseFunctions(
  prefix: string,
  name: string,
  m: RowMatrix,
  t: Types,
  kinds: readonly ('dot' | 'add')[],
): string {
  const base = `${prefix}_${name}`
  const value = cRead(t.value, 'w', 'j')
  const row = `  const ${t.value} *w = &${base}_value[(size_t)row * ${m.cols}u];`
  const out: string[] = []
  if (kinds.includes('dot'))
    out.push(
      `static ${t.acc} ${base}_dot(${prefix}_cursor_t *c, uint16_t row, const ${t.x} *x) {`,
      `  ${t.acc} acc = 0;`,
      '  uint16_t j;',
      row,
      '  (void)c;',
      `  for (j = 0; j < ${m.cols}u; j++) acc += ${product(t, value, 'x[j]')};`,
      '  return acc;',
      '}',
    )
  if (kinds.includes('add'))
    out.push(
      `static void ${base}_add(${prefix}_cursor_t *c, uint16_t row, ${t.acc} k, ${t.acc} *out) {`,
      '  uint16_t j;',
      row,
      '  (void)c;',
      `  for (j = 0; j < ${m.cols}u; j++) out[j] += ${product(t, value, 'k')};`,
      '}',
    )
  return out.join('\n') + '\n'
}

/** The C of one matrix, with the row functions of `kinds`. */
export function cMatrix(
  prefix: string,
  name: string,
  m: RowMatrix,
  numeric: NumericMode,
  kinds: readonly ('dot' | 'add')[],
): CMatrix {
  const t = typesOf(m, numeric)
  const nnz = m.entries.reduce((n, r) => n + r.cols.length, 0)
  const { layout, bytes } = matrixLayout(m.rows, m.cols, nnz, numeric === 'fixed' ? 1 : 4)
  const base = `${prefix}_${name}`
  if (layout === 'dense') {
    const dense = new Array<number>(m.rows * m.cols).fill(0)
    m.entries.forEach((r, ri) => r.cols.forEach((c, i) => (dense[ri * m.cols + c] = r.values[i]!)))
    return {
      data: cArray(`${base}_value`, t.value, dense),
      functions: denseFunctions(prefix, name, m, t, kinds),
      flashBytes: bytes,
    }
  }
  const data = [
    cArray(
      `${base}_count`,
      t.count,
      m.entries.map((r) => r.cols.length),
    ),
    cArray(
      `${base}_col`,
      t.count,
      m.entries.flatMap((r) => r.cols),
    ),
    cArray(
      `${base}_value`,
      t.value,
      m.entries.flatMap((r) => r.values),
    ),
  ].join('\n')
  return { data, functions: sparseFunctions(prefix, name, t, kinds), flashBytes: bytes }
}
