/*
 * Timed sampling of the analog inputs A0–A5: Timer1 in CTC mode fires at the rate; its interrupt starts a
 * chain of conversions over the selected channels (the ADC interrupt moves to the next one), and a full set
 * lands in a ring with its sample index. A tick that finds the previous chain still converting, or the
 * ring full, is an overrun: the index advances without a sample, so the host sees the gap.
 */
#ifndef MOTE_SAMPLER_H
#define MOTE_SAMPLER_H

#include <stdint.h>

/* A firmware that needs fewer channels or a shorter ring (the inference firmware: 2 KB of RAM) sets them. */
#ifndef SAMPLER_MAX_CHANNELS
#define SAMPLER_MAX_CHANNELS 6
#endif
#ifndef SAMPLER_RING
#define SAMPLER_RING 32
#endif

typedef struct {
  uint32_t index;
  uint16_t values[SAMPLER_MAX_CHANNELS];
} sample_t;

typedef struct {
  uint32_t timer_clock_hz;
  uint32_t period_ticks;
} sampler_timing_t;

/* Picks the smallest Timer1 prescaler that fits; 0 when the rate (in millihertz) is out of range. */
uint8_t sampler_timing(uint32_t rate_mhz, sampler_timing_t *timing);

void sampler_start(const sampler_timing_t *timing, uint8_t channel_mask);
void sampler_stop(void);

/* The oldest sample, or 0 when the ring is empty; `sampler_pop` frees it. */
const sample_t *sampler_peek(void);
void sampler_pop(void);

uint8_t sampler_channel_count(void);
extern volatile uint32_t sampler_overruns;

#endif
