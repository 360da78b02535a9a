/*
 * The host test harness of the C runtime: it reads kernel cases from stdin, runs each through the runtime and
 * writes the results to stdout (the TypeScript side is test/core/codegen/c-runtime/harness.ts).
 *
 * Wire format, little-endian:
 *   case   := u32 name_bytes, name, u32 flags, u32 n_ints, i32[n_ints], u32 n_buffers,
 *             (u32 bytes, u8[bytes])[n_buffers], u32 output_bytes
 *   result := i32 status, u32 output_bytes, u8[output_bytes]
 * Parameters are the params struct's fields in declaration order (floats as their IEEE bits); buffers are the
 * kernel's pointer arguments in order, an empty buffer meaning NULL. flags: IN_PLACE passes the output buffer,
 * preloaded with buffer `in_place_buffer`, as that input too.
 */
#ifndef MOTE_TEST_HARNESS_H
#define MOTE_TEST_HARNESS_H

#include <stdint.h>

#include "mote_runtime.h"

#define HARNESS_MAX_INTS 64
#define HARNESS_MAX_BUFFERS 8

/* Statuses of the harness itself, above every mote_status_t. */
enum {
  HARNESS_WROTE_OUTSIDE_OUTPUT = 100,
  HARNESS_MALFORMED_CASE = 101,
  HARNESS_WROTE_ON_ERROR = 102,
  HARNESS_UNKNOWN_KERNEL = 103
};

enum { HARNESS_IN_PLACE_FIRST = 1, HARNESS_IN_PLACE_SECOND = 2 };

typedef struct {
  int32_t ints[HARNESS_MAX_INTS];
  uint32_t n_ints;
  uint32_t next_int;
  void *buffers[HARNESS_MAX_BUFFERS];
  uint32_t buffer_bytes[HARNESS_MAX_BUFFERS];
  uint32_t n_buffers;
  void *output;
} harness_case_t;

/* The next parameter, as an int32 or as the float whose bits it holds. */
int32_t harness_int(harness_case_t *c);
float harness_float(harness_case_t *c);
/* Buffer i, or NULL when empty or absent. */
void *harness_buffer(const harness_case_t *c, uint32_t i);

/* A mote_window_t from the next 15 parameters, in declaration order. */
void harness_read_window(harness_case_t *c, mote_window_t *w);
/* A requantization's fields from the next 5 parameters; its multipliers and shifts are buffers 3 and 4. */
void harness_read_requant(harness_case_t *c, mote_requant_t *q);

typedef struct {
  const char *name;
  /* Bit i set: buffer i is weight memory (stored encoded when the harness decodes weights in the hooks). */
  uint32_t weight_buffers;
  int (*run)(harness_case_t *c);
} harness_kernel_t;

/* The test-only fixed-point entry (harness_fixed_point.c). */
int harness_fixed_point(harness_case_t *c);

extern const harness_kernel_t harness_kernels[];
extern const uint32_t harness_kernel_count;

#endif
