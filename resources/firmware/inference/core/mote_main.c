/*
 * Mote inference firmware: the main loop, Hello, Identity and the dispatch of received messages
 * (docs/protocol.md, "Inference", and docs/firmware.md).
 */
#include "mote_core.h"

uint8_t mote_scratch[MOTE_SCRATCH_BYTES] __attribute__((aligned(4)));

uint8_t *link_rx_buffer(void) { return mote_reply_buffer(); }

uint8_t mote_put_u16(uint8_t *at, uint16_t value) {
  at[0] = (uint8_t)value;
  at[1] = (uint8_t)(value >> 8);
  return 2;
}

uint8_t mote_put_u32(uint8_t *at, uint32_t value) {
  for (uint8_t i = 0; i < 4; i++) at[i] = (uint8_t)(value >> (8 * i));
  return 4;
}

uint16_t mote_get_u16(const uint8_t *at) { return (uint16_t)(at[0] | ((uint16_t)at[1] << 8)); }

uint32_t mote_get_u32(const uint8_t *at) {
  return (uint32_t)at[0] | ((uint32_t)at[1] << 8) | ((uint32_t)at[2] << 16) | ((uint32_t)at[3] << 24);
}

/* A string field: one length byte (at most 63), then the bytes, from program memory on AVR. */
static uint8_t put_str(uint8_t *at, const char *text) {
  uint8_t n = (uint8_t)mote_const_strlen(text);
  if (n > 63) n = 63;
  at[0] = n;
  mote_const_copy(at + 1, text, n);
  return (uint8_t)(n + 1);
}

void mote_send_error(uint8_t code, const char *message) {
  uint8_t *out = mote_reply_buffer();
  out[0] = code;
  link_send(MSG_ERROR, out, (uint8_t)(1 + put_str(out + 1, message)), 0, 0);
}

/* Hello, as the capture firmware's (docs/protocol.md): this firmware names itself and has no capture channels. */
static void send_hello(void) {
  uint8_t *out = mote_reply_buffer();
  uint8_t at = 0;
  out[at++] = MOTE_PROTOCOL_VERSION;
  at += mote_put_u16(out + at, MOTE_FIRMWARE_VERSION);
  at += put_str(out + at, MOTE_STR(MOTE_APP_BOARD_ID));
  at += put_str(out + at, MOTE_STR("mote-inference"));
  at += mote_put_u32(out + at, (uint32_t)(MOTE_APP_RATE_MHZ / 1000));
  out[at++] = 0;
  link_send(MSG_HELLO, out, at, 0, 0);
}

/* A shape: the rank, then each dimension as u16 (the dimensions are kept in program memory on AVR). */
static uint8_t put_shape(uint8_t *at, const uint16_t *dims, uint8_t rank) {
  uint8_t n = 0;
  at[n++] = rank;
  for (uint8_t i = 0; i < rank; i++) {
    uint16_t dim;
    mote_const_copy(&dim, &dims[i], sizeof dim);
    n += mote_put_u16(at + n, dim);
  }
  return n;
}

/* Identity: the fixed fields, the board id, the two shapes, then the build id (layout in docs/protocol.md). */
static void send_identity(void) {
  static const uint16_t input_dims[] MOTE_CONST = MOTE_APP_INPUT_DIMS;
  static const uint16_t output_dims[] MOTE_CONST = MOTE_APP_OUTPUT_DIMS;
  uint8_t *out = mote_reply_buffer();
  uint8_t at = 0;
  out[at++] = MOTE_INFERENCE_VERSION;
  at += mote_put_u16(out + at, MOTE_FIRMWARE_VERSION);
  at += mote_put_u32(out + at, MOTE_PORT_CLOCK_HZ);
  out[at++] = MOTE_PORT_CYCLE_KIND;
  mote_const_copy(out + at, mote_app_model_hash, 32);
  at += 32;
  at += mote_put_u32(out + at, MOTE_APP_ARENA_BYTES);
  at += mote_put_u32(out + at, port_static_ram_bytes());
  at += mote_put_u32(out + at, mote_stack_room());
  at += mote_put_u16(out + at, MOTE_LOAD_CHUNK_BYTES);
  out[at++] = MOTE_APP_INPUT_DTYPE;
  out[at++] = MOTE_APP_OUTPUT_DTYPE;
  at += mote_put_u32(out + at, MOTE_APP_INPUT_BYTES);
  at += mote_put_u32(out + at, MOTE_APP_OUTPUT_BYTES);
  at += mote_put_u32(out + at, MOTE_APP_INPUT_SCALE_BITS);
  at += mote_put_u32(out + at, (uint32_t)(int32_t)MOTE_APP_INPUT_ZERO_POINT);
  at += mote_put_u32(out + at, MOTE_APP_OUTPUT_SCALE_BITS);
  at += mote_put_u32(out + at, (uint32_t)(int32_t)MOTE_APP_OUTPUT_ZERO_POINT);
  out[at++] = MOTE_APP_DSP;
  out[at++] = MOTE_APP_SAMPLE_TYPE;
  at += mote_put_u32(out + at, MOTE_APP_INPUT_LSB_BITS);
  at += mote_put_u32(out + at, MOTE_APP_WINDOW_VALUES);
  at += mote_put_u16(out + at, MOTE_APP_AXES);
  at += mote_put_u32(out + at, MOTE_APP_FEATURES);
  at += mote_put_u32(out + at, MOTE_APP_DSP_WORK_BYTES);
  out[at++] = MOTE_APP_LIVE;
  at += mote_put_u32(out + at, MOTE_APP_RATE_MHZ);
  at += mote_put_u16(out + at, MOTE_APP_WINDOW_FRAMES);
  at += mote_put_u16(out + at, MOTE_APP_STRIDE_FRAMES);
  at += put_str(out + at, MOTE_STR(MOTE_APP_BOARD_ID));
  at += put_shape(out + at, input_dims, (uint8_t)(sizeof input_dims / sizeof input_dims[0]));
  at += put_shape(out + at, output_dims, (uint8_t)(sizeof output_dims / sizeof output_dims[0]));
  mote_const_copy(out + at, mote_build_id, sizeof mote_build_id);
  at += sizeof mote_build_id;
  /* A host that just opened the port drops what comes before its first delimiter: lead with one, so that
   * this reply to its first Identify is not dropped with it. */
  link_send_delimiter();
  link_send(MSG_IDENTITY, out, at, 0, 0);
}

static void handle(const uint8_t *frame, uint8_t length) {
  const uint8_t *payload = frame + 1;
  uint8_t n = (uint8_t)(length - 1);
  switch (frame[0]) {
    case MSG_HELLO_REQUEST: return send_hello();
    case MSG_IDENTIFY: return send_identity();
    case MSG_LOAD: return mote_handle_load(payload, n);
    case MSG_RUN: return mote_handle_run(payload, n);
    case MSG_LIVE_START: return mote_handle_live_start();
    case MSG_LIVE_STOP: return mote_handle_live_stop();
    default: return mote_send_error(ERROR_UNKNOWN_MESSAGE, MOTE_STR("unknown message type"));
  }
}

int main(void) {
  mote_stack_paint();
  port_init();
  link_send_delimiter();
  send_hello();
  for (;;) {
    const uint8_t *frame;
    uint8_t n = link_poll(&frame);
    if (n) handle(frame, n);
    else if (!(mote_live_running() && !link_receiving() && mote_live_step())) port_idle();
  }
}
