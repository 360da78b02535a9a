/*
 * Live classification (docs/protocol.md, "Live classification"): after LiveStart the port samples the board's
 * input at the design's rate; frames go into a sliding window, and every stride the window runs through the
 * DSP and the model and the scores go out in a LiveResult. One window is processed per call, so that the
 * main loop still answers LiveStop and Identify between windows. A gap in the frame indices (frames the port
 * lost while the firmware was busy) restarts the window, so that no result comes from a window with a hole.
 */
#include "mote_core.h"

#if MOTE_APP_LIVE && MOTE_APP_DSP

#if MOTE_APP_OUTPUT_BYTES > 247 - MOTE_LIVE_RESULT_HEAD
#define OUTPUT_FITS 0
#else
#define OUTPUT_FITS 1
#endif

static struct {
  uint8_t running;
  uint16_t filled;    /* frames in the window */
  uint32_t expected;  /* the index of the next frame */
  uint32_t windows;   /* windows classified since LiveStart */
} live;

uint8_t mote_live_running(void) { return live.running; }

void mote_handle_live_start(void) {
  if (!OUTPUT_FITS)
    return mote_send_error(ERROR_OUTPUT_TOO_LARGE, MOTE_STR("the model's output does not fit a LiveResult"));
  port_live_timing_t timing;
  if (live.running) port_live_stop();
  live.running = 0;
  if (!port_live_start(MOTE_APP_RATE_MHZ, MOTE_APP_AXES, &timing))
    return mote_send_error(ERROR_RATE, MOTE_STR("this board cannot sample the design's inputs"));
  live.running = 1;
  live.filled = 0;
  live.expected = 0;
  live.windows = 0;
  uint8_t out[13];
  uint8_t at = mote_put_u32(out, timing.timer_clock_hz);
  at += mote_put_u32(out + at, timing.period_ticks);
  at += mote_put_u16(out + at, MOTE_APP_WINDOW_FRAMES);
  at += mote_put_u16(out + at, MOTE_APP_STRIDE_FRAMES);
  out[at++] = MOTE_APP_LIVE;
  link_send(MSG_LIVE_STARTED, out, at, 0, 0);
}

void mote_handle_live_stop(void) {
  if (live.running) port_live_stop();
  live.running = 0;
  uint8_t out[8];
  mote_put_u32(out, live.windows);
  mote_put_u32(out + 4, port_live_overruns());
  link_send(MSG_LIVE_STOPPED, out, sizeof out, 0, 0);
}

/* LiveResult: u32 window, u32 first frame index, u32 DSP cycles, u32 model cycles, u32 overruns, output. */
static void classify(uint32_t first_frame) {
  mote_timing_t t = {0, 0, STATUS_OK, 0};
  mote_run_features(&t);
  if (t.status == STATUS_OK) mote_run_model(&t);
  if (t.status != STATUS_OK) return mote_send_error(ERROR_BAD_REQUEST, MOTE_STR("live window failed"));
  /* In the reply buffer rather than on the stack: this runs at the deepest point of a 2 KB board's stack. */
  uint8_t *head = mote_reply_buffer();
  uint8_t at = mote_put_u32(head, live.windows++);
  at += mote_put_u32(head + at, first_frame);
  at += mote_put_u32(head + at, t.dsp_cycles);
  at += mote_put_u32(head + at, t.model_cycles);
  at += mote_put_u32(head + at, port_live_overruns());
  link_send(MSG_LIVE_RESULT, head, at, mote_app_output(), (uint8_t)MOTE_APP_OUTPUT_BYTES);
}

uint8_t mote_live_step(void) {
  uint32_t index;
  uint16_t counts[MOTE_APP_AXES];
  while (port_live_next(&index, counts)) {
    if (index != live.expected) live.filled = 0;
    live.expected = index + 1;
    mote_app_live_frame(index, counts, &mote_window[(uint32_t)live.filled * MOTE_APP_AXES]);
    if (++live.filled < MOTE_APP_WINDOW_FRAMES) continue;
    classify(index + 1 - MOTE_APP_WINDOW_FRAMES);
    const uint16_t keep = MOTE_APP_WINDOW_FRAMES - MOTE_APP_STRIDE_FRAMES;
    memmove(mote_window, &mote_window[(uint32_t)MOTE_APP_STRIDE_FRAMES * MOTE_APP_AXES],
            (uint32_t)keep * MOTE_APP_AXES * sizeof mote_window[0]);
    live.filled = keep;
    return 1;
  }
  return 0;
}

#else

uint8_t mote_live_running(void) { return 0; }
void mote_handle_live_start(void) { mote_send_error(ERROR_NO_LIVE_INPUT, MOTE_STR("this firmware has no live input")); }
void mote_handle_live_stop(void) { mote_send_error(ERROR_NO_LIVE_INPUT, MOTE_STR("this firmware has no live input")); }
uint8_t mote_live_step(void) { return 0; }

#endif
