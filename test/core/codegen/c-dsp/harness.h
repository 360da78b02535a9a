/* The generated cases the host harness runs (harness.ts writes their definitions). */
#include "mote_dsp.h"

typedef struct {
  mote_dsp_status_t (*run)(const void *input, mote_dsp_feature_t *output, void *work, size_t work_bytes);
  size_t (*work)(void);
  size_t input_count;
  size_t input_bytes;
  size_t output_count;
  size_t work_bytes;
} harness_case_t;

extern const harness_case_t harness_cases[];
extern const uint32_t harness_case_count;
