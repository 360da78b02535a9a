/*
 * Runs a generated model (model.h / model.c, prefix mote_model) on inputs from stdin, for
 * test/core/codegen/c/model-harness.ts. Input: u32 runs, then each run's input bytes. Output per run:
 * with MODEL_TRACE, after every op, u32 (0x7A000000 | op) and the whole arena; then u32 0x5E000000, i32
 * status and the output bytes.
 */
#include <stdio.h>
#include <stdlib.h>

#include "model.h"
#include "model_trace.h"

static void write_u32(uint32_t value) {
  unsigned char b[4] = {(unsigned char)value, (unsigned char)(value >> 8), (unsigned char)(value >> 16),
                        (unsigned char)(value >> 24)};
  fwrite(b, 1, 4, stdout);
}

void mote_test_trace(int op, const int8_t *arena, size_t bytes) {
  write_u32(0x7A000000u | (uint32_t)op);
  fwrite(arena, 1, bytes, stdout);
}

int main(void) {
  unsigned char count[4];
  const size_t input_bytes = MOTE_MODEL_INPUT_COUNT * sizeof *mote_model_input();
  const size_t output_bytes = MOTE_MODEL_OUTPUT_COUNT * sizeof *mote_model_output();
  uint32_t runs;
  uint32_t r;
  if (fread(count, 1, 4, stdin) != 4) return 2;
  runs = (uint32_t)count[0] | (uint32_t)count[1] << 8 | (uint32_t)count[2] << 16 | (uint32_t)count[3] << 24;
  for (r = 0; r < runs; r++) {
    mote_status_t status;
    if (fread(mote_model_input(), 1, input_bytes, stdin) != input_bytes) return 3;
    status = mote_model_invoke();
    write_u32(0x5E000000u);
    write_u32((uint32_t)status);
    fwrite(mote_model_output(), 1, output_bytes, stdout);
  }
  fflush(stdout);
  return 0;
}
