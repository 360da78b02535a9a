import { describe, expect, it } from 'vitest'
import {
  parseCompilerOutput,
  summarizeErrors,
} from '../../../../src/main/services/toolchain/compiler-diagnostics'

// Verbatim output of avr-gcc 5.4.0 and arm-none-eabi-gcc 12.2 (Debian), captured from real runs.
const AVR_COMPILE = `bad.c: In function ‘main’:
bad.c:1:25: error: expected expression before ‘;’ token
 int main(void){ int x = ; undefined_fn(); return 0 }
                         ^
bad.c:1:27: warning: implicit declaration of function ‘undefined_fn’ [-Wimplicit-function-declaration]
 int main(void){ int x = ; undefined_fn(); return 0 }
                           ^
bad.c:1:52: error: expected ‘;’ before ‘}’ token
 int main(void){ int x = ; undefined_fn(); return 0 }
                                                    ^
bad.c:1:21: warning: unused variable ‘x’ [-Wunused-variable]
`
const AVR_LINK_WITH_DEBUG = `main.o: In function \`main':
/tmp/exp/l/main.c:2: undefined reference to \`missing'
collect2: error: ld returned 1 exit status
`
const ARM_LINK = `/usr/lib/gcc/arm-none-eabi/12.2.1/../../../arm-none-eabi/bin/ld: /tmp/ccK0Yu5I.o: in function \`main':
link.c:(.text+0x4): undefined reference to \`foo'
collect2: error: ld returned 1 exit status
`
const ARM_TOO_BIG = `/usr/lib/gcc/arm-none-eabi/12.2.1/../../../arm-none-eabi/bin/ld: big.elf section \`.text' will not fit in region \`FLASH'
collect2: error: ld returned 1 exit status
`
const ARM_OVERFLOW = `/usr/lib/gcc/arm-none-eabi/12.2.1/../../../arm-none-eabi/bin/ld: big2.elf section \`.text' will not fit in region \`FLASH'
/usr/lib/gcc/arm-none-eabi/12.2.1/../../../arm-none-eabi/bin/ld: big2.elf section \`.bss' will not fit in region \`RAM'
/usr/lib/gcc/arm-none-eabi/12.2.1/../../../arm-none-eabi/bin/ld: region \`FLASH' overflowed by 1204 bytes
/usr/lib/gcc/arm-none-eabi/12.2.1/../../../arm-none-eabi/bin/ld: region \`RAM' overflowed by 1976 bytes
collect2: error: ld returned 1 exit status
`

describe('parsing gcc and ld output', () => {
  it('turns each error and warning into file, line, column, severity and message, skipping context lines', () => {
    expect(parseCompilerOutput(AVR_COMPILE)).toEqual([
      {
        file: 'bad.c',
        line: 1,
        column: 25,
        severity: 'error',
        message: 'expected expression before ‘;’ token',
      },
      {
        file: 'bad.c',
        line: 1,
        column: 27,
        severity: 'warning',
        message: 'implicit declaration of function ‘undefined_fn’ [-Wimplicit-function-declaration]',
      },
      { file: 'bad.c', line: 1, column: 52, severity: 'error', message: 'expected ‘;’ before ‘}’ token' },
      {
        file: 'bad.c',
        line: 1,
        column: 21,
        severity: 'warning',
        message: 'unused variable ‘x’ [-Wunused-variable]',
      },
    ])
  })

  it('reads undefined references with the source line (debug info) or the section', () => {
    expect(parseCompilerOutput(AVR_LINK_WITH_DEBUG)).toEqual([
      {
        file: '/tmp/exp/l/main.c',
        line: 2,
        column: 0,
        severity: 'error',
        message: "undefined reference to `missing'",
      },
    ])
    expect(parseCompilerOutput(ARM_LINK)).toEqual([
      { file: 'link.c', line: 0, column: 0, severity: 'error', message: "undefined reference to `foo'" },
    ])
  })

  it('explains a program that does not fit its memory regions, by section and by region', () => {
    const error = (message: string) => ({ file: '', line: 0, column: 0, severity: 'error', message })
    expect(parseCompilerOutput(ARM_TOO_BIG)).toEqual([
      error('the program does not fit: section .text will not fit in region FLASH'),
    ])
    expect(parseCompilerOutput(ARM_OVERFLOW)).toEqual([
      error('the program does not fit: section .text will not fit in region FLASH'),
      error('the program does not fit: section .bss will not fit in region RAM'),
      error('the program does not fit: region FLASH overflowed by 1204 bytes'),
      error('the program does not fit: region RAM overflowed by 1976 bytes'),
    ])
  })

  it('keeps Windows drive letters in the file name and reads fatal errors as errors', () => {
    expect(
      parseCompilerOutput(
        'C:\\Users\\ada\\sketch\\main.c:12:10: fatal error: model.h: No such file or directory',
      ),
    ).toEqual([
      {
        file: 'C:\\Users\\ada\\sketch\\main.c',
        line: 12,
        column: 10,
        severity: 'error',
        message: 'model.h: No such file or directory',
      },
    ])
  })

  it('summarizes the first error and counts the rest', () => {
    expect(summarizeErrors(parseCompilerOutput(AVR_COMPILE))).toBe(
      'bad.c:1:25: expected expression before ‘;’ token (and 1 more error)',
    )
    expect(summarizeErrors([])).toBeUndefined()
  })
})
