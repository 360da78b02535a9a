/*
 * Mote capture firmware for the Arduino Uno (ATmega328P, 16 MHz), no Arduino core: samples the analog inputs
 * A0–A5 that the host picks at the rate it asks for and streams them in the Mote protocol, version 1
 * (docs/protocol.md), over UART0 at 500000 baud.
 *
 * At start it sends 0x00 and a Hello; it answers HelloRequest with Hello, Start with Started (then Samples
 * frames), Stop with Stopped. Values are raw 10-bit ADC counts; the Hello gives each channel's scale,
 * 5000/1024 mV per count (AVCC = 5 V).
 */
#include <avr/interrupt.h>
#include <avr/io.h>
#include <stdint.h>
#include <string.h>

#include "mote_link.h"
#include "sampler.h"

#define FIRMWARE_VERSION 0x0100
#define PROTOCOL_VERSION 1
#define MAX_RATE_HZ 2000

enum {
  MSG_HELLO = 0x01,
  MSG_HELLO_REQUEST = 0x02,
  MSG_START = 0x10,
  MSG_STARTED = 0x11,
  MSG_STOP = 0x12,
  MSG_STOPPED = 0x13,
  MSG_SAMPLES = 0x20,
  MSG_ERROR = 0x7F,
};

enum { ERR_RATE = 1, ERR_CHANNELS = 2, ERR_UNKNOWN = 3 };

static uint8_t out[128];              /* replies: Hello is the longest (117 bytes) */
static uint8_t samples[MOTE_MAX_FRAME]; /* the Samples frame being filled */
static uint8_t running;
static uint8_t samples_per_frame;
static uint8_t frame_count;
static uint32_t frame_first;
static uint32_t samples_sent;

static uint8_t put_u32_to(uint8_t *buf, uint8_t at, uint32_t v) {
  for (uint8_t i = 0; i < 4; i++) buf[at + i] = (uint8_t)(v >> (8 * i));
  return (uint8_t)(at + 4);
}

static uint8_t put_u32(uint8_t at, uint32_t v) { return put_u32_to(out, at, v); }

static uint8_t put_str(uint8_t at, const char *s) {
  uint8_t n = (uint8_t)strlen(s);
  out[at] = n;
  memcpy(&out[at + 1], s, n);
  return (uint8_t)(at + 1 + n);
}

static void send_hello(void) {
  static const uint8_t MV_PER_COUNT[4] = {0x00, 0x40, 0x9C, 0x40}; /* 4.8828125f (0x409C4000), little endian */
  static const char *NAMES[SAMPLER_MAX_CHANNELS] = {"A0", "A1", "A2", "A3", "A4", "A5"};
  uint8_t at = 0;
  out[at++] = PROTOCOL_VERSION;
  out[at++] = (uint8_t)FIRMWARE_VERSION;
  out[at++] = (uint8_t)(FIRMWARE_VERSION >> 8);
  at = put_str(at, "arduino-uno");
  at = put_str(at, "mote-capture");
  at = put_u32(at, MAX_RATE_HZ);
  out[at++] = SAMPLER_MAX_CHANNELS;
  for (uint8_t c = 0; c < SAMPLER_MAX_CHANNELS; c++) {
    at = put_str(at, NAMES[c]);
    at = put_str(at, "mV");
    memcpy(&out[at], MV_PER_COUNT, 4);
    memset(&out[at + 4], 0, 4); /* offset 0.0f */
    at = (uint8_t)(at + 8);
  }
  link_send(MSG_HELLO, out, at);
}

static void send_error(uint8_t code, const char *message) {
  out[0] = code;
  uint8_t at = put_str(1, message);
  link_send(MSG_ERROR, out, at);
}

static void flush_frame(void) {
  if (frame_count == 0) return;
  uint8_t channels = sampler_channel_count();
  put_u32_to(samples, 0, frame_first);
  samples[4] = frame_count;
  link_send(MSG_SAMPLES, samples, (uint8_t)(5 + frame_count * channels * 2));
  samples_sent += frame_count;
  frame_count = 0;
}

/* Moves finished samples from the sampler's ring into Samples frames of consecutive indices. */
static void pump_samples(void) {
  const sample_t *s;
  while ((s = sampler_peek()) != 0) {
    if (frame_count > 0 && s->index != frame_first + frame_count) flush_frame();
    if (frame_count == 0) frame_first = s->index;
    uint8_t channels = sampler_channel_count();
    uint8_t *at = &samples[5 + frame_count * channels * 2];
    for (uint8_t c = 0; c < channels; c++) {
      at[2 * c] = (uint8_t)s->values[c];
      at[2 * c + 1] = (uint8_t)(s->values[c] >> 8);
    }
    sampler_pop();
    if (++frame_count == samples_per_frame) flush_frame();
  }
}

static uint32_t get_u32(const uint8_t *p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static void start(const uint8_t *payload, uint8_t length) {
  sampler_timing_t timing;
  uint32_t rate_mhz = length >= 8 ? get_u32(payload) : 0;
  uint32_t mask = length >= 8 ? get_u32(payload + 4) : 0;
  if (mask == 0 || (mask & ~0x3FUL)) return send_error(ERR_CHANNELS, "channels are A0-A5 (mask bits 0-5)");
  if (!sampler_timing(rate_mhz, &timing)) return send_error(ERR_RATE, "rate must be 1 to 2000 Hz");
  uint8_t channels = 0;
  for (uint8_t c = 0; c < SAMPLER_MAX_CHANNELS; c++) channels += (uint8_t)((mask >> c) & 1);
  /* About 20 frames a second, and never more than a frame holds. */
  uint32_t per_frame = rate_mhz / 20000;
  uint8_t fit = (uint8_t)(240 / (2 * channels));
  samples_per_frame = per_frame < 1 ? 1 : per_frame > fit ? fit : (uint8_t)per_frame;
  frame_count = 0;
  samples_sent = 0;
  put_u32(0, timing.timer_clock_hz);
  put_u32(4, timing.period_ticks);
  put_u32(8, mask);
  out[12] = samples_per_frame;
  link_send(MSG_STARTED, out, 13);
  sampler_start(&timing, (uint8_t)mask);
  running = 1;
}

static void stop(void) {
  sampler_stop();
  pump_samples();
  flush_frame();
  running = 0;
  put_u32(0, samples_sent);
  put_u32(4, sampler_overruns);
  link_send(MSG_STOPPED, out, 8);
}

static void handle(const uint8_t *frame, uint8_t length) {
  switch (frame[0]) {
    case MSG_HELLO_REQUEST: return send_hello();
    case MSG_START: return start(frame + 1, (uint8_t)(length - 1));
    case MSG_STOP: return stop();
    default: return send_error(ERR_UNKNOWN, "unknown message type");
  }
}

int main(void) {
  static uint8_t frame[64];
  link_init();
  sei();
  link_send_delimiter();
  send_hello();
  for (;;) {
    uint8_t n = link_poll(frame);
    if (n) handle(frame, n);
    if (running) pump_samples();
  }
}
