/*
 * A bare-metal start for benches on the virtual Cortex-M4 (QEMU mps2-an386 with -icount shift=0 and
 * semihosting): copy .data, clear .bss, run main, exit QEMU. bench_put prints through semihosting;
 * bench_ticks reads SysTick, which counts down at the core clock: with -icount shift=0 one tick is a fixed
 * number of instructions (bench/m4/run.ts calibrates it in the same run).
 */
#include <stdint.h>

extern uint32_t __data_start, __data_end, __data_load, __bss_start, __bss_end, __stack_top;
int main(void);

static void semihost(uint32_t op, const void *arg) {
  register uint32_t r0 __asm__("r0") = op;
  register const void *r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
}

void bench_put(const char *text) { semihost(4, text); }

/* Prints a number and a newline. */
void bench_number(uint32_t value) {
  char text[12];
  int i = 11;
  text[i] = 0;
  do {
    text[--i] = (char)('0' + value % 10);
    value /= 10;
  } while (value != 0);
  bench_put(text + i);
  bench_put("\n");
}

#define SYST_CSR (*(volatile uint32_t *)0xE000E010)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018)

/* Ticks elapsed since the last bench_ticks_start, modulo 2^24 (keep each measurement under 16.7 M ticks). */
void bench_ticks_start(void) {
  SYST_RVR = 0xFFFFFF;
  SYST_CVR = 0;
  SYST_CSR = 5;
}

uint32_t bench_ticks(void) { return 0xFFFFFF - SYST_CVR; }

/* A loop of exactly 2 · n instructions, to calibrate instructions per tick. */
uint32_t bench_calibrate(uint32_t n) {
  uint32_t t0;
  bench_ticks_start();
  t0 = bench_ticks();
  __asm__ volatile("1: subs %0, %0, #1\n bne 1b" : "+r"(n));
  return (bench_ticks() - t0) & 0xFFFFFF;
}

void reset_handler(void) {
  uint32_t *src = &__data_load;
  for (uint32_t *dst = &__data_start; dst < &__data_end;) *dst++ = *src++;
  for (uint32_t *dst = &__bss_start; dst < &__bss_end;) *dst++ = 0;
  main();
  semihost(0x18, (const void *)0x20026);
  for (;;) {
  }
}

static void spin(void) {
  for (;;) {
  }
}

__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
    (void (*)(void))(&__stack_top), reset_handler, spin, spin, spin, spin, spin, 0, 0, 0, 0, spin, spin, 0,
    spin, spin};
