/**
 * QEMU's -icount counts instructions, not cycles. This turns a kernel's instruction count into Cortex-M4
 * cycles: disassemble the kernel (arm-none-eabi-objdump), take its innermost loop that multiplies (or its
 * innermost loop, or the whole function), and average the cycles the Cortex-M4 Technical Reference Manual
 * (ARM DDI 0439, §3.3 "Processor instruction timings") gives each instruction class there:
 *   LDR/STR and their byte, halfword, signed forms 2 (the TRM's "2", or 1 when pipelined after another load
 *   or store: we count 2 for the first of a run and 1 for the rest); LDM/STM/PUSH/POP 1 + registers;
 *   MUL, MLA, MLS, SMLA*, SMUL*, SMLAD, SMULL, UMULL, SMLAL 1; SDIV/UDIV 2–12 (7); taken branches 1 + 2 (a
 *   refill of the 3-stage pipeline: loop branches are taken); everything else 1.
 * The virtual board's memory has no wait states; a real board's are applied by the estimator
 * (estimate-latency.ts). The result is cycles per instruction for each kernel function.
 */
import { execFileSync } from 'node:child_process'

interface Line {
  readonly address: number
  readonly mnemonic: string
  readonly operands: string
}

const LOAD_STORE = /^(ldr|str)(b|h|sb|sh|d)?(\.w|\.n)?$/
const MULTI = /^(ldm|stm|push|pop)/
const MULTIPLY = /^(mul|mla|mls|smla|smul|smlad|smuad|smull|umull|smlal|umlal)/
const DIVIDE = /^(sdiv|udiv)/
const BRANCH = /^(b|b[a-z]{2})(\.w|\.n)?$|^(cbz|cbnz)$/

function cyclesOf(line: Line, previous: Line | undefined): number {
  const m = line.mnemonic
  if (LOAD_STORE.test(m)) return previous && LOAD_STORE.test(previous.mnemonic) ? 1 : 2
  if (MULTI.test(m)) return 1 + (line.operands.match(/r\d+|lr|pc/g)?.length ?? 1)
  if (MULTIPLY.test(m)) return 1
  if (DIVIDE.test(m)) return 7
  if (BRANCH.test(m)) return 3
  return 1
}

function functions(object: string): Map<string, Line[]> {
  const text = execFileSync('arm-none-eabi-objdump', ['-d', '--no-show-raw-insn', object], {
    encoding: 'utf8',
  })
  const out = new Map<string, Line[]>()
  let current: Line[] | undefined
  for (const row of text.split('\n')) {
    const head = /^[0-9a-f]+ <([^>]+)>:$/.exec(row)
    if (head) out.set(head[1]!, (current = []))
    const ins = /^\s+([0-9a-f]+):\s+([a-z][a-z0-9.]*)\s*(.*)$/.exec(row)
    if (ins && current) current.push({ address: parseInt(ins[1]!, 16), mnemonic: ins[2]!, operands: ins[3]! })
  }
  return out
}

/** The innermost backward-branch loop that multiplies (else the innermost loop, else the whole body). */
function hotLoop(body: readonly Line[]): readonly Line[] {
  const loops: Line[][] = []
  for (const line of body) {
    if (!BRANCH.test(line.mnemonic)) continue
    const target = /^([0-9a-f]+)/.exec(line.operands.split(',').pop()!.trim())
    if (!target) continue
    const to = parseInt(target[1]!, 16)
    if (to < line.address) loops.push(body.filter((l) => l.address >= to && l.address <= line.address))
  }
  loops.sort((a, b) => a.length - b.length)
  return loops.find((l) => l.some((x) => MULTIPLY.test(x.mnemonic))) ?? loops[0] ?? body
}

/** Cycles per instruction of every function in the object's hot loop. */
export function cyclesPerInstruction(object: string): Map<string, number> {
  const cpi = new Map<string, number>()
  for (const [name, body] of functions(object)) {
    if (body.length === 0) continue
    const loop = hotLoop(body)
    const cycles = loop.reduce((sum, line, i) => sum + cyclesOf(line, loop[i - 1]), 0)
    cpi.set(name, cycles / loop.length)
  }
  return cpi
}
