/**
 * C text for generated DSP data (emlearn-style: const arrays and one parameter struct per block, no logic).
 * Arrays go to flash through `MOTE_DSP_CONST` (PROGMEM on AVR); float32 values are printed with nine
 * significant digits, which round-trips every float32 exactly, so the board multiplies by the very
 * constants the TypeScript uses.
 */

export type CElementType = 'int8_t' | 'uint16_t' | 'int16_t' | 'int32_t' | 'float'

const elementBytes: Readonly<Record<CElementType, number>> = {
  int8_t: 1,
  uint16_t: 2,
  int16_t: 2,
  int32_t: 4,
  float: 4,
}

/** One generated table: its C definition and its size in flash. */
export interface CTable {
  readonly name: string
  readonly definition: string
  readonly bytes: number
}

export function cFloat(value: number): string {
  const v = Math.fround(value)
  if (!Number.isFinite(v)) throw new Error(`cannot emit ${value} as a C float`)
  if (Object.is(v, -0) || v === 0) return '0.0f'
  return `${v.toPrecision(9)}f`
}

function cInteger(value: number, type: CElementType): string {
  if (!Number.isInteger(value)) throw new Error(`${value} is not an integer (${type})`)
  // INT32_MIN cannot be written as a literal: C reads -2147483648 as −(2147483648), which is not int32.
  if (type === 'int32_t' && value === -2147483648) return '(-2147483647 - 1)'
  return String(value)
}

export function cValue(value: number, type: CElementType): string {
  return type === 'float' ? cFloat(value) : cInteger(value, type)
}

/** `static const <type> <name>[n] MOTE_DSP_CONST = {…};`, eight values a line. */
export function cTable(name: string, type: CElementType, values: ArrayLike<number>): CTable {
  const items = Array.from(values, (v) => cValue(v, type))
  const lines: string[] = []
  for (let i = 0; i < items.length; i += 8) lines.push(`  ${items.slice(i, i + 8).join(', ')},`)
  const body = items.length === 0 ? '  0' : lines.join('\n')
  const length = Math.max(1, items.length)
  return {
    name,
    definition: `static const ${type} ${name}[${length}] MOTE_DSP_CONST = {\n${body}\n};`,
    bytes: length * elementBytes[type],
  }
}

/** A field initialiser value: a number literal, a symbol, or a nested struct. */
export type CField = string | number | { readonly [field: string]: CField }

export function cInitializer(fields: { readonly [field: string]: CField }, indent = '  '): string {
  const lines = Object.entries(fields).map(([key, value]) => {
    const text =
      typeof value === 'object'
        ? cInitializer(value, `${indent}  `)
        : typeof value === 'number'
          ? String(value)
          : value
    return `${indent}.${key} = ${text},`
  })
  return `{\n${lines.join('\n')}\n${indent.slice(2)}}`
}
