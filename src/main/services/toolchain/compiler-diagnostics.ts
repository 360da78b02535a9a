/** One message from gcc or the linker, as the editor and the console show it. */
export interface CompilerDiagnostic {
  /** As the compiler printed it (relative to the project folder when sources were passed relatively). */
  readonly file: string
  /** 1-based; 0 when the message has no line (linker messages). */
  readonly line: number
  /** 1-based; 0 when the compiler gave none. */
  readonly column: number
  readonly severity: 'error' | 'warning' | 'note'
  readonly message: string
}

// `file:line:col: severity: message` and `file:line: severity: message`. The file part is matched lazily
// so that Windows drive letters (C:\...) stay in it.
const WITH_LINE = /^(.+?):(\d+):(?:(\d+):)? (fatal error|error|warning|note): (.*)$/
// The linker names the source line when there is debug info (`main.c:2: undefined reference to ...`), else
// the object's section (`main.c:(.text.main+0x8): undefined reference to ...`).
const LINKER_REFERENCE = /^(.+?):(?:(\d+)|\([^)]+\)): (undefined reference to .*|multiple definition of .*)$/
const REGION_OVERFLOW = /region [`'](\w+)' overflowed by (\d+) bytes?/
const SECTION_DOES_NOT_FIT = /section [`']([\w.]+)' will not fit in region [`'](\w+)'/
const LD_ERROR = /^(?:.*\/)?(?:[\w.-]*-)?ld(?:\.exe)?: (?:error: )?(.*)$/

/**
 * Parses gcc/ld output into diagnostics, in order. Lines that are context ("In function 'main':", source
 * excerpts, carets) are skipped; the linker's messages become errors without a line.
 */
export function parseCompilerOutput(output: string): CompilerDiagnostic[] {
  const diagnostics: CompilerDiagnostic[] = []
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trimEnd()
    const d = parseLine(line)
    if (d) diagnostics.push(d)
  }
  return diagnostics
}

function parseLine(line: string): CompilerDiagnostic | undefined {
  const m = WITH_LINE.exec(line)
  if (m) {
    const severity = m[4] === 'fatal error' ? 'error' : (m[4] as CompilerDiagnostic['severity'])
    return {
      file: m[1] ?? '',
      line: Number(m[2]),
      column: m[3] ? Number(m[3]) : 0,
      severity,
      message: m[5] ?? '',
    }
  }
  const ref = LINKER_REFERENCE.exec(line)
  if (ref)
    return {
      file: ref[1] ?? '',
      line: ref[2] ? Number(ref[2]) : 0,
      column: 0,
      severity: 'error',
      message: ref[3] ?? '',
    }
  const overflow = REGION_OVERFLOW.exec(line)
  if (overflow) {
    const message = `the program does not fit: region ${overflow[1]} overflowed by ${overflow[2]} bytes`
    return { file: '', line: 0, column: 0, severity: 'error', message }
  }
  const fit = SECTION_DOES_NOT_FIT.exec(line)
  if (fit) {
    return {
      file: '',
      line: 0,
      column: 0,
      severity: 'error',
      message: `the program does not fit: section ${fit[1]} will not fit in region ${fit[2]}`,
    }
  }
  const ld = LD_ERROR.exec(line)
  const text = ld?.[1] ?? ''
  // Context lines ("main.o: in function `main':") end with a colon.
  if (ld && !/^warning/.test(text) && !text.endsWith(':')) {
    return { file: '', line: 0, column: 0, severity: 'error', message: text }
  }
  return undefined
}

/** "main.c:12:5: expected ';' before '}' token" for the first error, and how many more there are. */
export function summarizeErrors(diagnostics: readonly CompilerDiagnostic[]): string | undefined {
  const errors = diagnostics.filter((d) => d.severity === 'error')
  const first = errors[0]
  if (!first) return undefined
  const where =
    first.file === ''
      ? ''
      : `${first.file}${first.line ? `:${first.line}` : ''}${first.column ? `:${first.column}` : ''}: `
  const more =
    errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : ''
  return `${where}${first.message}${more}`
}
