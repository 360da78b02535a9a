/**
 * C99 text for generated model code: literals that read back exactly (float32 with nine significant digits
 * round-trips; INT32_MIN as an expression, since C has no literal for it), const arrays in weight memory,
 * and designated initializers for the runtime's params structs.
 */

export type CType = 'int8_t' | 'uint8_t' | 'int32_t' | 'float'

export const C_TYPE_BYTES: Readonly<Record<CType, number>> = { int8_t: 1, uint8_t: 1, int32_t: 4, float: 4 }

export function cFloat(value: number): string {
  if (Number.isNaN(value)) throw new Error('NaN has no place in generated C')
  if (value === Infinity) return 'INFINITY'
  if (value === -Infinity) return '-INFINITY'
  const v = Math.fround(value)
  if (v === 0) return Object.is(v, -0) ? '-0.0f' : '0.0f'
  const text = v.toPrecision(9)
  return `${text.includes('.') || text.includes('e') ? text : `${text}.0`}f`
}

export function cInt(value: number): string {
  if (!Number.isInteger(value)) throw new Error(`${value} is not an integer`)
  return value === -2147483648 ? '(-2147483647 - 1)' : String(value)
}

export const cValue = (value: number, type: CType) => (type === 'float' ? cFloat(value) : cInt(value))

/** `static const <type> <name>[n] <storage> = { … };`, sixteen values a line (eight for wider types). */
export function cArray(name: string, type: CType, values: ArrayLike<number>, storage: string): string {
  const perLine = C_TYPE_BYTES[type] === 1 ? 16 : 8
  const lines: string[] = []
  for (let i = 0; i < values.length; i += perLine) {
    const row: string[] = []
    for (let j = i; j < Math.min(values.length, i + perLine); j++) row.push(cValue(values[j]!, type))
    lines.push(`  ${row.join(', ')},`)
  }
  return `static const ${type} ${name}[${values.length}] ${storage} = {\n${lines.join('\n')}\n};`
}

/** A field value: a number, a C expression, or a nested struct. */
export type CField = number | { readonly c: string } | { readonly [field: string]: CField }

const isExpression = (v: CField): v is { readonly c: string } =>
  typeof v === 'object' && 'c' in v && typeof v.c === 'string'

/** `{ .a = 1, .b = { … } }` over several lines; `floats` names the fields printed as float literals. */
export function cInitializer(
  fields: { readonly [field: string]: CField },
  floats: ReadonlySet<string>,
  indent = '  ',
): string {
  const lines = Object.entries(fields).map(([key, value]) => {
    const text =
      typeof value === 'number'
        ? floats.has(key)
          ? cFloat(value)
          : cInt(value)
        : isExpression(value)
          ? value.c
          : cInitializer(value, floats, `${indent}  `)
    return `${indent}  .${key} = ${text},`
  })
  return `{\n${lines.join('\n')}\n${indent}}`
}
