/*
 * Load and Run (docs/protocol.md, "Running the model"): the host streams an input into one of two buffers in
 * Load frames, then asks for a Run, which answers with Tensor frames (the model's input if asked, then its
 * output) and one Result. Load never answers: a lost or misplaced chunk is remembered and reported by the
 * Run that follows, so every Run gets exactly one Result and the host never has to tell stray errors apart.
 */
#include "mote_core.h"

#if MOTE_APP_DSP
mote_app_sample_t mote_window[MOTE_APP_WINDOW_VALUES];
#define WINDOW_BYTES ((uint32_t)sizeof mote_window)
#endif

/* What has arrived in each buffer since its last chunk at offset 0, and the first problem seen. */
static struct {
  uint32_t received;
  uint8_t status;
  uint32_t detail;
} loads[2];

static uint8_t *buffer_of(uint8_t buffer, uint32_t *bytes) {
  if (buffer == BUFFER_MODEL_INPUT) {
    *bytes = MOTE_APP_INPUT_BYTES;
    return mote_app_input();
  }
#if MOTE_APP_DSP
  if (buffer == BUFFER_WINDOW) {
    *bytes = WINDOW_BYTES;
    return (uint8_t *)mote_window;
  }
#endif
  return 0;
}

static void fail_load(uint8_t buffer, uint8_t status, uint32_t detail) {
  if (loads[buffer].status != STATUS_OK) return;
  loads[buffer].status = status;
  loads[buffer].detail = detail;
}

/* Load: u8 buffer, u32 byte offset, then the bytes. */
void mote_handle_load(const uint8_t *payload, uint8_t length) {
  if (length < 6 || payload[0] > BUFFER_MODEL_INPUT)
    return mote_send_error(ERROR_BAD_REQUEST, MOTE_STR("Load: u8 buffer 0-1, u32 offset, 1+ bytes"));
  uint8_t buffer = payload[0];
  uint32_t offset = mote_get_u32(payload + 1), bytes = 0;
  uint8_t count = (uint8_t)(length - 5);
  uint8_t *target = buffer_of(buffer, &bytes);
  if (offset == 0) {
    loads[buffer].received = 0;
    loads[buffer].status = STATUS_OK;
  }
  if (mote_live_running()) return fail_load(buffer, STATUS_BUSY, 0);
  if (target == 0) return fail_load(buffer, STATUS_NO_DSP, 0);
  if (offset != loads[buffer].received) return fail_load(buffer, STATUS_CHUNK_LOST, loads[buffer].received);
  if (offset + count > bytes) return fail_load(buffer, STATUS_CHUNK_OUT_OF_RANGE, bytes);
  if (loads[buffer].status != STATUS_OK) return;
  memcpy(target + offset, payload + 5, count);
  loads[buffer].received += count;
}

/* Tensor frames: u16 sequence, u8 tensor (0 model input, 1 model output), u32 offset, bytes from the arena. */
static void send_tensor(uint16_t sequence, uint8_t tensor, const uint8_t *bytes, uint32_t count) {
  uint8_t head[7];
  mote_put_u16(head, sequence);
  head[2] = tensor;
  for (uint32_t offset = 0; offset < count; offset += MOTE_TENSOR_CHUNK_BYTES) {
    uint32_t left = count - offset;
    mote_put_u32(head + 3, offset);
    link_send(MSG_TENSOR, head, sizeof head, bytes + offset,
              (uint8_t)(left < MOTE_TENSOR_CHUNK_BYTES ? left : MOTE_TENSOR_CHUNK_BYTES));
  }
}

/* Result: u16 sequence, u8 status, u32 detail, u32 DSP cycles, u32 model cycles, u32 stack high-water bytes. */
static void send_result(uint16_t sequence, const mote_timing_t *t) {
  uint8_t out[23];
  uint8_t at = mote_put_u16(out, sequence);
  out[at++] = t->status;
  at += mote_put_u32(out + at, t->detail);
  at += mote_put_u32(out + at, t->dsp_cycles);
  at += mote_put_u32(out + at, t->model_cycles);
  at += mote_put_u32(out + at, mote_stack_high_water());
  link_send(MSG_RESULT, out, at, 0, 0);
}

/* Checks that a buffer holds a whole input; the status to report otherwise. */
static uint8_t check_loaded(uint8_t buffer, uint32_t *detail) {
  uint32_t bytes = 0;
  if (buffer_of(buffer, &bytes) == 0) return STATUS_NO_DSP;
  if (loads[buffer].status != STATUS_OK) {
    *detail = loads[buffer].detail;
    return loads[buffer].status;
  }
  *detail = loads[buffer].received;
  return loads[buffer].received == bytes ? STATUS_OK : STATUS_INPUT_INCOMPLETE;
}

/* Run: u16 sequence, u8 source (0 the raw window through the DSP, 1 the model input), u8 flags (bit 0: send
 * the model input before invoking). */
void mote_handle_run(const uint8_t *payload, uint8_t length) {
  if (length != 4) return mote_send_error(ERROR_BAD_REQUEST, MOTE_STR("Run: u16 sequence, u8 source, u8 flags"));
  uint16_t sequence = mote_get_u16(payload);
  uint8_t source = payload[2], flags = payload[3];
  mote_timing_t t = {0, 0, STATUS_OK, 0};
  if (mote_live_running()) t.status = STATUS_BUSY;
  else if (source > BUFFER_MODEL_INPUT) t.status = STATUS_BAD_SOURCE;
  else t.status = check_loaded(source, &t.detail);
  loads[0].received = loads[1].received = 0;
  loads[0].status = loads[1].status = STATUS_OK;
  if (t.status != STATUS_OK) return send_result(sequence, &t);
  t.detail = 0;
#if MOTE_APP_DSP
  if (source == BUFFER_WINDOW) mote_run_features(&t);
#endif
  if (t.status == STATUS_OK && (flags & 1)) send_tensor(sequence, 0, mote_app_input(), MOTE_APP_INPUT_BYTES);
  if (t.status == STATUS_OK) mote_run_model(&t);
  if (t.status == STATUS_OK) send_tensor(sequence, 1, mote_app_output(), MOTE_APP_OUTPUT_BYTES);
  send_result(sequence, &t);
}

#if MOTE_APP_DSP
void mote_run_features(mote_timing_t *t) {
  port_marker(1);
  uint32_t start = port_cycles();
  int16_t status = mote_app_features(mote_window, mote_scratch);
  t->dsp_cycles = port_cycles() - start;
  port_marker(2);
  if (status != 0) {
    t->status = STATUS_DSP_FAILED;
    t->detail = (uint32_t)status;
  }
}
#endif

void mote_run_model(mote_timing_t *t) {
  port_marker(1);
  uint32_t start = port_cycles();
  int16_t status = mote_app_invoke();
  t->model_cycles = port_cycles() - start;
  port_marker(2);
  if (status != 0) {
    t->status = STATUS_MODEL_FAILED;
    t->detail = (uint32_t)status;
  }
}
