/**
 * Bytes per object file and per output section from a GNU ld map (`-Wl,-Map`, which every firmware build
 * of the toolchain service writes): the input-section lines after "Linker script and memory map", which
 * name the section, its address, its size and the object (or `archive.a(member.o)`) it came from. Input
 * sections that --gc-sections dropped are listed before that heading and are not counted. COMMON symbols
 * are named on the line after theirs. `*fill*` padding is counted apart.
 */

export interface InputSection {
  /** The output section it lands in: `.text`, `.data`, `.bss`, `.rodata`, … */
  readonly output: string
  /** The input section's name (`.text.mote_link_poll`, `COMMON`). */
  readonly name: string
  readonly bytes: number
  /** The object's file name without its folder and the build's `-N.o` suffix (`mote_link`), or `libc.a`. */
  readonly object: string
  /** A COMMON symbol's name, or the data symbol a -fdata-sections section holds (`.bss.features` → features). */
  readonly symbol?: string
}

const OUTPUT_SECTION = /^(\.[\w.]+)\s+0x[0-9a-f]+\s+0x[0-9a-f]+/
const INPUT_ONE_LINE = /^ ([.\w][\w.$-]*)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S.*)$/
const INPUT_NAME_ONLY = /^ ([.\w][\w.$-]*)$/
const INPUT_REST = /^\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S.*)$/
const SYMBOL_LINE = /^\s+0x[0-9a-f]+\s+([A-Za-z_]\w*)$/

/** `/tmp/x/obj/mote_link-4.o` → `mote_link`; `/usr/lib/…/libc.a(lib_a-memcpy.o)` → `libc.a`. */
export function objectName(path: string): string {
  const archive = /([^/]+\.a)\(/.exec(path)
  if (archive) return archive[1]!
  const base = path.slice(path.lastIndexOf('/') + 1)
  return base.replace(/(-\d+)?\.o$/, '')
}

function dataSymbol(name: string): string | undefined {
  const m = /^\.(?:bss|data|rodata|noinit)\.(\w+)$/.exec(name)
  return m?.[1]
}

export function parseLinkerMap(text: string): InputSection[] {
  const lines = text.split('\n')
  const start = lines.findIndex((l) => l.startsWith('Linker script and memory map'))
  const out: InputSection[] = []
  let output = ''
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!
    const section = OUTPUT_SECTION.exec(line)
    if (section) {
      output = section[1]!
      continue
    }
    let name: string | undefined
    let hex: string | undefined
    let path: string | undefined
    const one = INPUT_ONE_LINE.exec(line)
    if (one) [, name, hex, path] = one
    else {
      const only = INPUT_NAME_ONLY.exec(line)
      const rest = only ? INPUT_REST.exec(lines[i + 1] ?? '') : null
      if (only && rest) {
        ;[name, hex, path] = [only[1], rest[1], rest[2]]
        i++
      }
    }
    if (name === undefined || hex === undefined || path === undefined || output === '') continue
    if (path.startsWith('load address')) continue
    const bytes = parseInt(hex, 16)
    if (bytes === 0) continue
    const symbol = name === 'COMMON' ? SYMBOL_LINE.exec(lines[i + 1] ?? '')?.[1] : dataSymbol(name)
    out.push({ output, name, bytes, object: objectName(path), ...(symbol ? { symbol } : {}) })
  }
  return out
}

/** Output sections that take flash, RAM, or both (initialised data: its image in flash, its copy in RAM). */
export function memoryOf(output: string): { flash: boolean; ram: boolean } {
  if (output === '.data') return { flash: true, ram: true }
  if (output === '.bss' || output === '.noinit' || output.startsWith('.stack') || output === '.heap')
    return { flash: false, ram: true }
  if (/^\.(text|rodata|ARM\.exidx|ARM\.extab|isr_vector|vectors|init_array|fini_array|progmem)/.test(output))
    return { flash: true, ram: false }
  return { flash: false, ram: false }
}
