#include "sampler.h"

#include <avr/interrupt.h>
#include <avr/io.h>
#include <util/atomic.h>

#define IDLE 0xFF

static const uint16_t PRESCALERS[] = {1, 8, 64, 256, 1024};
static const uint8_t CS_BITS[] = {_BV(CS10), _BV(CS11), _BV(CS11) | _BV(CS10), _BV(CS12), _BV(CS12) | _BV(CS10)};

static uint8_t channels[SAMPLER_MAX_CHANNELS];
static uint8_t channel_count;
static volatile uint8_t position = IDLE;
static volatile uint32_t next_index;
static uint16_t current[SAMPLER_MAX_CHANNELS];
static sample_t ring[SAMPLER_RING];
static volatile uint8_t head, tail;
static uint8_t cs_bits;
volatile uint32_t sampler_overruns;

uint8_t sampler_timing(uint32_t rate_mhz, sampler_timing_t *timing) {
  if (rate_mhz < 1000 || rate_mhz > 2000000UL) return 0; /* 1 Hz … 2 kHz */
  for (uint8_t i = 0; i < 5; i++) {
    /* ticks = F_CPU / (prescaler · rate), with the rate in mHz: F_CPU · 1000 / (prescaler · rate_mhz) */
    uint64_t numerator = (uint64_t)F_CPU * 1000;
    uint64_t denominator = (uint64_t)PRESCALERS[i] * rate_mhz;
    uint32_t ticks = (uint32_t)((numerator + denominator / 2) / denominator);
    if (ticks >= 2 && ticks <= 65536UL) {
      timing->timer_clock_hz = F_CPU / PRESCALERS[i];
      timing->period_ticks = ticks;
      cs_bits = CS_BITS[i];
      return 1;
    }
  }
  return 0;
}

void sampler_start(const sampler_timing_t *timing, uint8_t channel_mask) {
  sampler_stop();
  channel_count = 0;
  for (uint8_t c = 0; c < SAMPLER_MAX_CHANNELS; c++)
    if (channel_mask & _BV(c)) channels[channel_count++] = c;
  ATOMIC_BLOCK(ATOMIC_RESTORESTATE) {
    head = tail = 0;
    next_index = 0;
    sampler_overruns = 0;
    position = IDLE;
  }
  DIDR0 = channel_mask & 0x3F; /* digital input buffers off on the analog pins */
  /* ADC on, interrupt on, clock F_CPU/64 = 250 kHz: 52 µs a conversion, 312 µs for six. */
  ADCSRA = _BV(ADEN) | _BV(ADIE) | _BV(ADPS2) | _BV(ADPS1);
  TCCR1A = 0;
  TCNT1 = 0;
  OCR1A = (uint16_t)(timing->period_ticks - 1);
  TIFR1 = _BV(OCF1A);
  TIMSK1 = _BV(OCIE1A);
  TCCR1B = _BV(WGM12) | cs_bits; /* CTC on OCR1A */
}

void sampler_stop(void) {
  TCCR1B = 0;
  TIMSK1 = 0;
  while (position != IDLE) {
  }
}

ISR(TIMER1_COMPA_vect) {
  if (position != IDLE || (uint8_t)((head + 1) % SAMPLER_RING) == tail) {
    sampler_overruns++;
    next_index++;
    return;
  }
  position = 0;
  ADMUX = _BV(REFS0) | channels[0]; /* AVCC reference */
  ADCSRA |= _BV(ADSC);
}

ISR(ADC_vect) {
  current[position] = ADC;
  if (++position < channel_count) {
    ADMUX = _BV(REFS0) | channels[position];
    ADCSRA |= _BV(ADSC);
    return;
  }
  sample_t *slot = &ring[head];
  slot->index = next_index++;
  for (uint8_t c = 0; c < channel_count; c++) slot->values[c] = current[c];
  head = (uint8_t)((head + 1) % SAMPLER_RING);
  position = IDLE;
}

const sample_t *sampler_peek(void) { return head == tail ? 0 : &ring[tail]; }

void sampler_pop(void) { tail = (uint8_t)((tail + 1) % SAMPLER_RING); }

uint8_t sampler_channel_count(void) { return channel_count; }
