/*
 * Host harness for the DSP blocks in C (test only; it may allocate, the library never does). stdin:
 * uint32 case index, uint32 window count, then each window's input values in the case's input type;
 * stdout: int32 status and the features of each window. With the argument "work", it prints each case's
 * mote_dsp_<block>_work_bytes() instead; with "time CASE REPEATS" it reads one window and prints the
 * nanoseconds per run of the block. The generated cases table comes from harness.ts.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "harness.h"

static int read_exact(void *buffer, size_t bytes) {
  return fread(buffer, 1, bytes, stdin) == bytes;
}

int main(int argc, char **argv) {
  uint32_t index, windows, w;
  const harness_case_t *c;
  void *input, *work;
  mote_dsp_feature_t *output;
  if (argc == 4) {
    struct timespec t0, t1;
    unsigned long r, repeats = strtoul(argv[3], NULL, 10);
    c = &harness_cases[strtoul(argv[2], NULL, 10)];
    input = malloc(c->input_count * c->input_bytes);
    output = malloc(c->output_count * sizeof *output + 1);
    work = malloc(c->work_bytes + 1);
    if (!read_exact(input, c->input_count * c->input_bytes)) return 3;
    c->run(input, output, work, c->work_bytes);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (r = 0; r < repeats; r++) c->run(input, output, work, c->work_bytes);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%.1f\n", ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / (double)repeats);
    return 0;
  }
  if (argc > 1) {
    for (index = 0; index < harness_case_count; index++) printf("%lu\n", (unsigned long)harness_cases[index].work());
    return 0;
  }
  while (read_exact(&index, 4) && read_exact(&windows, 4)) {
    if (index >= harness_case_count) return 2;
    c = &harness_cases[index];
    input = malloc(c->input_count * c->input_bytes);
    output = malloc(c->output_count * sizeof *output + 1);
    work = malloc(c->work_bytes + 1);
    for (w = 0; w < windows; w++) {
      int32_t status;
      if (!read_exact(input, c->input_count * c->input_bytes)) return 3;
      status = (int32_t)c->run(input, output, work, c->work_bytes);
      fwrite(&status, 4, 1, stdout);
      fwrite(output, sizeof *output, c->output_count, stdout);
    }
    free(input);
    free(output);
    free(work);
  }
  return 0;
}
