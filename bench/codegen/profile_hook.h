/* Per-op SysTick marks for the codegen bench's profile (bench/codegen/cortex-m-run.ts, profile: true). */
#include <stdint.h>
#define MOTE_BENCH_PROFILE 1
extern uint32_t mote_bench_marks[64];
#define MOTE_MODEL_AFTER_OP(op) (mote_bench_marks[(op) & 63] = *(volatile uint32_t *)0xE000E018u)
