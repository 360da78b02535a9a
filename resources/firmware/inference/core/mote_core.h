/*
 * The portable core of the Mote inference firmware: the Mote protocol's inference messages (docs/protocol.md,
 * "Inference"), the run pipeline (raw window → DSP → model input → model), live classification and the
 * stack's high-water mark. It is written against the port (mote_port.h) and the generated app (mote_app.h:
 * the model, the feature design and the board; see docs/firmware.md, "The generated app").
 */
#ifndef MOTE_CORE_H
#define MOTE_CORE_H

#include <stdint.h>
#include <string.h>

#include "mote_app.h"
#include "mote_const.h"
#include "mote_link.h"
#include "mote_port.h"

#define MOTE_PROTOCOL_VERSION 1
#define MOTE_INFERENCE_VERSION 1
#define MOTE_FIRMWARE_VERSION 0x0100

/* Message types (docs/protocol.md). */
enum {
  MSG_HELLO = 0x01,
  MSG_HELLO_REQUEST = 0x02,
  MSG_IDENTIFY = 0x30,
  MSG_IDENTITY = 0x31,
  MSG_LOAD = 0x32,
  MSG_RUN = 0x33,
  MSG_TENSOR = 0x34,
  MSG_RESULT = 0x35,
  MSG_LIVE_START = 0x36,
  MSG_LIVE_STARTED = 0x37,
  MSG_LIVE_RESULT = 0x38,
  MSG_LIVE_STOP = 0x39,
  MSG_LIVE_STOPPED = 0x3A,
  MSG_ERROR = 0x7F,
};

/* Error message codes (the capture firmware's 1–3, then the inference firmware's). */
enum {
  ERROR_RATE = 1,
  ERROR_UNKNOWN_MESSAGE = 3,
  ERROR_BAD_REQUEST = 4,
  ERROR_BUSY = 6,
  ERROR_NO_LIVE_INPUT = 7,
  ERROR_OUTPUT_TOO_LARGE = 8,
};

/* Result statuses. */
enum {
  STATUS_OK = 0,
  STATUS_INPUT_INCOMPLETE = 1,
  STATUS_CHUNK_LOST = 2,
  STATUS_CHUNK_OUT_OF_RANGE = 3,
  STATUS_BAD_SOURCE = 4,
  STATUS_NO_DSP = 5,
  STATUS_BUSY = 6,
  STATUS_DSP_FAILED = 7,
  STATUS_MODEL_FAILED = 8,
};

/* Buffers a Load writes to, and sources a Run starts from. */
enum { BUFFER_WINDOW = 0, BUFFER_MODEL_INPUT = 1 };

/* Data bytes of one Load (type, buffer, offset and CRC take the rest of a received frame). */
#define MOTE_LOAD_CHUNK_BYTES (MOTE_LINK_MAX_RECEIVED - 6)
/* Data bytes of one Tensor frame (sequence, tensor, offset take 7 of a payload's 247). */
#define MOTE_TENSOR_CHUNK_BYTES 240
/* LiveResult's fields before the output bytes. */
#define MOTE_LIVE_RESULT_HEAD 20

/*
 * One buffer, shared (RAM is what a 2 KB board lacks), 4-byte aligned:
 *   [0, MOTE_APP_ARENA_BYTES)  the model's arena (model.c is generated with mote_scratch as its arena);
 *   then MOTE_LINK_BYTES       the link's receive buffer between frames, and the replies (Hello, Identity,
 *                              errors) while a received frame is handled;
 *   the whole of it            the DSP's work buffer while a window is processed, before the model's input
 *                              is written into the arena.
 * The main loop processes a live window only while no frame is half received (link_receiving()); each
 * handler reads its request before it writes a reply; the arena is only written once the DSP is done.
 */
#define MOTE_MAX(a, b) ((a) > (b) ? (a) : (b))
#define MOTE_REPLY_BYTES 160
#define MOTE_LINK_BYTES MOTE_MAX(MOTE_REPLY_BYTES, MOTE_LINK_RX_BYTES)
#define MOTE_SCRATCH_BYTES MOTE_MAX(MOTE_APP_DSP_WORK_BYTES, MOTE_APP_ARENA_BYTES + MOTE_LINK_BYTES)
extern uint8_t mote_scratch[MOTE_SCRATCH_BYTES];
#define mote_reply_buffer() (mote_scratch + MOTE_APP_ARENA_BYTES)

#if MOTE_APP_DSP
/* The raw window the DSP reads: Load buffer 0, or the live input's sliding window. */
extern mote_app_sample_t mote_window[MOTE_APP_WINDOW_VALUES];
#endif

/*
 * The build's inputs hash (generated mote_build.c, in program memory): a host that finds the firmware it just
 * built already on the board skips flashing it again.
 */
extern const uint8_t mote_build_id[8];

/* Little-endian fields into a reply. */
uint8_t mote_put_u16(uint8_t *at, uint16_t value);
uint8_t mote_put_u32(uint8_t *at, uint32_t value);
uint16_t mote_get_u16(const uint8_t *at);
uint32_t mote_get_u32(const uint8_t *at);

/* Sends Error with a message kept in program memory on AVR (MOTE_STR). */
void mote_send_error(uint8_t code, const char *message);

/* The pipeline steps, timed: DSP then quantization into the model's input, and the model. */
typedef struct {
  uint32_t dsp_cycles;
  uint32_t model_cycles;
  uint8_t status;
  uint32_t detail;
} mote_timing_t;
#if MOTE_APP_DSP
void mote_run_features(mote_timing_t *timing);
#endif
void mote_run_model(mote_timing_t *timing);

/* Load and Run (mote_run.c). */
void mote_handle_load(const uint8_t *payload, uint8_t length);
void mote_handle_run(const uint8_t *payload, uint8_t length);

/* Live classification (mote_live.c). */
void mote_handle_live_start(void);
void mote_handle_live_stop(void);
/* Classifies the next live window when its frames are in; 0 when there was nothing to do yet. */
uint8_t mote_live_step(void);
uint8_t mote_live_running(void);

/* The painted stack (mote_stack.c). */
void mote_stack_paint(void);
uint32_t mote_stack_high_water(void);
uint32_t mote_stack_room(void);

#endif
