/*
 * The AVR port (ATmega328P at 16 MHz: Arduino Uno and Nano, and the virtual Uno), no Arduino core.
 *
 * - UART0 at 500 000 baud 8N1 (U2X, UBRR0 = 3: exact at 16 MHz), as the capture firmware; received bytes go
 *   into a 64-byte ring from the RX interrupt, sending waits on UDRE (no transmit buffer: RAM is scarce).
 * - Cycles: Timer1 counts F_CPU (prescaler 1) and its overflow interrupt counts the upper 16 bits, so a
 *   measurement is exact to the cycle, plus the overflow interrupts that fall inside it (about 40 cycles per
 *   65 536). During live classification Timer1 belongs to the sampler and port_cycles() returns 0 (LiveResult
 *   then reports 0 cycles; the virtual Uno's markers still time each window).
 * - Markers for the virtual Uno: GPIOR0 = 1 / 2 around each measured stretch (docs/virtual-boards.md).
 * - Live input: the capture firmware's sampler (resources/firmware/capture-uno/sampler.c) on A0… in order.
 */
#include <avr/interrupt.h>
#include <avr/io.h>
#include <util/atomic.h>

#include "mote_port.h"
#include "sampler.h"

#define RX_RING 64 /* a power of two */

static volatile uint8_t rx_ring[RX_RING];
static volatile uint8_t rx_head, rx_tail;
static volatile uint16_t overflows;
static uint8_t live;

ISR(USART_RX_vect) {
  uint8_t byte = UDR0;
  uint8_t next = (uint8_t)((rx_head + 1) & (RX_RING - 1));
  if (next != rx_tail) {
    rx_ring[rx_head] = byte;
    rx_head = next;
  }
}

ISR(TIMER1_OVF_vect) { overflows++; }

static void cycles_start(void) {
  TCCR1A = 0;
  TCNT1 = 0;
  TIFR1 = _BV(TOV1);
  TIMSK1 = _BV(TOIE1);
  TCCR1B = _BV(CS10); /* normal mode, F_CPU */
}

void port_init(void) {
  UCSR0A = _BV(U2X0);
  UBRR0H = 0;
  UBRR0L = 3; /* F_CPU / (8 · 500000) − 1 */
  UCSR0C = _BV(UCSZ01) | _BV(UCSZ00);
  UCSR0B = _BV(RXEN0) | _BV(TXEN0) | _BV(RXCIE0);
  cycles_start();
  sei();
}

int16_t port_read(void) {
  if (rx_tail == rx_head) return -1;
  uint8_t byte = rx_ring[rx_tail];
  rx_tail = (uint8_t)((rx_tail + 1) & (RX_RING - 1));
  return byte;
}

void port_write(const uint8_t *bytes, uint16_t count) {
  while (count--) {
    while (!(UCSR0A & _BV(UDRE0))) {
    }
    UDR0 = *bytes++;
  }
}

/* The upper half from the overflow count; an overflow pending but not yet counted belongs to a low TCNT1. */
uint32_t port_cycles(void) {
  if (live) return 0;
  uint16_t high, low;
  ATOMIC_BLOCK(ATOMIC_RESTORESTATE) {
    low = TCNT1;
    high = overflows;
    if ((TIFR1 & _BV(TOV1)) && low < 0x8000) high++;
  }
  return ((uint32_t)high << 16) | low;
}

void port_marker(uint8_t marker) { GPIOR0 = marker; }

void port_idle(void) {}

extern uint8_t __heap_start, __data_start, __bss_end;

uintptr_t port_stack_floor(void) { return (uintptr_t)&__heap_start; }
uintptr_t port_stack_ceiling(void) { return (uintptr_t)RAMEND + 1; }
uint32_t port_static_ram_bytes(void) { return (uint32_t)(&__bss_end - &__data_start); }

uint8_t port_live_start(uint32_t rate_mhz, uint8_t channels, port_live_timing_t *timing) {
  sampler_timing_t t;
  if (channels < 1 || channels > SAMPLER_MAX_CHANNELS || !sampler_timing(rate_mhz, &t)) return 0;
  live = 1;
  sampler_start(&t, (uint8_t)((1u << channels) - 1));
  timing->timer_clock_hz = t.timer_clock_hz;
  timing->period_ticks = t.period_ticks;
  return 1;
}

uint8_t port_live_next(uint32_t *index, uint16_t *counts) {
  const sample_t *s = sampler_peek();
  if (s == 0) return 0;
  *index = s->index;
  for (uint8_t c = 0; c < sampler_channel_count(); c++) counts[c] = s->values[c];
  sampler_pop();
  return 1;
}

void port_live_stop(void) {
  sampler_stop();
  ADCSRA = 0;
  live = 0;
  cycles_start();
}

uint32_t port_live_overruns(void) { return sampler_overruns; }
