/* What bench/m4/start.c gives a bench program on the virtual Cortex-M4. */
#ifndef MOTE_BENCH_M4_H
#define MOTE_BENCH_M4_H

#include <stdint.h>

void bench_put(const char *text);
void bench_number(uint32_t value);
void bench_ticks_start(void);
uint32_t bench_ticks(void);
uint32_t bench_calibrate(uint32_t n);

#endif
