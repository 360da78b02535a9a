/*
 * The codegen bench's firmware for QEMU's Cortex-M machines (bench/codegen.ts): start-up, one inference of
 * the generated model on an all-zero input timed with SysTick, the stack's high-water mark, and the result
 * written to result.bin in QEMU's working directory through semihosting. No C library beyond memset/memcpy,
 * so the image's size is the model's, the runtime's and this file's.
 *
 * result.bin: u32 status, u32 SysTick ticks (processor clock) around mote_model_invoke(), u32 stack bytes
 * used, the output bytes, then 64 u32 SysTick marks (after op i at i, the start at 63; 0 for no such op).
 */
#include <stdint.h>
#include <string.h>

#include "model.h"

extern uint32_t __stack_top, __stack_limit, __data_start, __data_end, __data_load, __bss_start__, __bss_end__;

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define PAINT 0xA5A5A5A5u

static int semihost(int operation, const void *argument) {
  register int r0 __asm__("r0") = operation;
  register const void *r1 __asm__("r1") = argument;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

/* Opens a host file for writing (SYS_OPEN, mode "wb"); returns its handle. */
static int open_file(const char *name) {
  const uint32_t args[3] = {(uint32_t)(uintptr_t)name, 5u, (uint32_t)strlen(name)};
  return semihost(0x01, args);
}

static void write_bytes(int handle, const void *bytes, uint32_t length) {
  const uint32_t args[3] = {(uint32_t)handle, (uint32_t)(uintptr_t)bytes, length};
  semihost(0x05, args);
}

/* Paints the stack below the current frame, so that the deepest word the inference writes can be found. */
static __attribute__((noinline)) void paint_stack(void) {
  uint32_t *word = &__stack_limit;
  uint32_t *const below_frame = (uint32_t *)__builtin_frame_address(0) - 64;
  while (word < below_frame) *word++ = PAINT;
}

static uint32_t stack_used(void) {
  const uint32_t *word = &__stack_limit;
  while (word < &__stack_top && *word == PAINT) word++;
  return (uint32_t)((uintptr_t)&__stack_top - (uintptr_t)word);
}

/* SysTick after each op, when the model is built with profile_hook.h (the start mark is entry 63); else none,
 * so that the image's RAM is the model's. Results are written from where they are, with no buffer. */
#if defined(MOTE_BENCH_PROFILE)
uint32_t mote_bench_marks[64];
#define MARK_START(ticks) (mote_bench_marks[63] = (ticks))
#define MARKS_SIZE sizeof mote_bench_marks
#else
static const uint32_t mote_bench_marks[64];
#define MARK_START(ticks) ((void)(ticks))
#define MARKS_SIZE sizeof mote_bench_marks
#endif

static __attribute__((noinline)) void run(void) {
  uint32_t words[3];
  int handle;
  uint32_t start;
  uint32_t end;
  memset(mote_model_input(), 0, MOTE_MODEL_INPUT_COUNT);
  paint_stack();
  SYST_RVR = 0x00FFFFFFu;
  SYST_CVR = 0;
  SYST_CSR = 5u; /* enabled, processor clock, no interrupt */
  start = SYST_CVR;
  MARK_START(start);
  words[0] = (uint32_t)mote_model_invoke();
  end = SYST_CVR;
  words[1] = (start - end) & 0x00FFFFFFu;
  words[2] = stack_used();
  handle = open_file("result.bin");
  write_bytes(handle, words, sizeof words);
  write_bytes(handle, mote_model_output(), MOTE_MODEL_OUTPUT_COUNT);
  write_bytes(handle, mote_bench_marks, MARKS_SIZE);
  semihost(0x02, &handle);
}

void reset_handler(void) {
  const uint32_t *from = &__data_load;
  uint32_t *to;
  for (to = &__data_start; to < &__data_end;) *to++ = *from++;
  for (to = &__bss_start__; to < &__bss_end__;) *to++ = 0;
  run();
  /* SYS_EXIT: on AArch32 the reason is the argument itself. QEMU exits 0 for ApplicationExit. */
  semihost(0x18, (const void *)0x20026u);
  for (;;) {
  }
}

/* A fault ends the run with a non-zero exit (RunTimeErrorUnknown). */
static void fault(void) {
  semihost(0x18, (const void *)0x20023u);
}

/* The initial stack pointer is data in a table of handlers: ISO C has no such conversion, the hardware needs it. */
#pragma GCC diagnostic ignored "-Wpedantic"
__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
    (void (*)(void))(&__stack_top), reset_handler, fault, fault, fault, fault, fault, 0, 0, 0, 0, fault, fault, 0,
    fault, fault,
};
