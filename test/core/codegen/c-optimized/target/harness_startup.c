/*
 * Start-up of the kernel harness on a QEMU Cortex-M (test/core/codegen/c-optimized/cortex-m.ts): copy .data,
 * clear .bss, open semihosting, point stdin at cases.bin and stdout at results.bin in QEMU's working
 * directory, and run the harness's main (test/core/codegen/c-runtime/harness/harness.c) as on the host. Its
 * exit status becomes QEMU's.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

extern uint32_t __stack_top, __data_start, __data_end, __data_load, __bss_start__, __bss_end__;
extern void initialise_monitor_handles(void);
int main(void);

void reset_handler(void) {
  uint32_t *from = &__data_load;
  uint32_t *to;
  for (to = &__data_start; to < &__data_end;) *to++ = *from++;
  for (to = &__bss_start__; to < &__bss_end__;) *to++ = 0;
  initialise_monitor_handles();
  if (freopen("cases.bin", "rb", stdin) == NULL || freopen("results.bin", "wb", stdout) == NULL) exit(90);
  exit(main());
}

/* A fault ends the run with a status the test reports. */
static void fault(void) {
  exit(91);
}

/* newlib's __libc_init_array / __libc_fini_array call these; nothing to do. */
void _init(void) {}
void _fini(void) {}

/* The initial stack pointer is data in a table of handlers: ISO C has no such conversion, the hardware needs it. */
#pragma GCC diagnostic ignored "-Wpedantic"
__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
    (void (*)(void))(&__stack_top), reset_handler, fault, fault, fault, fault, fault, 0, 0, 0, 0, fault, fault, 0,
    fault, fault,
};
