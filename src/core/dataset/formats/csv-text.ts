/**
 * The fields of one CSV line (RFC 4180 subset): comma separated, `"…"` quoting with `""` for a quote,
 * spaces around unquoted fields dropped. Quoted fields may not span lines (sample files have no multi-line
 * fields), which keeps line numbers exact for error messages; lines come from `TextLines`.
 */
export function splitFields(line: string): string[] {
  if (!line.includes('"')) return line.split(',').map((f) => f.trim())
  const fields: string[] = []
  let i = 0
  while (i <= line.length) {
    let field = ''
    while (line[i] === ' ') i++
    if (line[i] === '"') {
      i++
      while (i < line.length && !(line[i] === '"' && line[i + 1] !== '"')) {
        field += line[i] === '"' ? '"' : line[i]
        i += line[i] === '"' ? 2 : 1
      }
      i++
      while (i < line.length && line[i] !== ',') i++
    } else {
      const end = line.indexOf(',', i)
      field = (end < 0 ? line.slice(i) : line.slice(i, end)).trim()
      i = end < 0 ? line.length : end
    }
    fields.push(field)
    i++
  }
  return fields
}

/** A field as CSV writes it: quoted when it holds a comma, a quote or surrounding spaces. */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}
