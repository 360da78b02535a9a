/*
 * The bookkeeping of a window op whose output overlaps its input (mote_kernels_gen_s8.h, "Overlapping
 * output"). Not part of the public API. src/core/model/in-place.ts is the same algorithm in TypeScript: the
 * planner sizes the ring with it, and the tests compare the two.
 *
 * Pixels are numbered linearly over (batch, row, column): input pixel q is input_c bytes at input + q·input_c,
 * output pixel p is output_c bytes at output + p·output_c. With delta = output − input (bytes), writing output
 * pixel p covers input bytes [delta + p·output_c, delta + (p + 1)·output_c): the input pixels there are
 * destroyed. The destroyed pixels always form one run [first_destroyed, destroyed_end), growing with p.
 *
 * mote_stream_advance(p, keep_from) runs before output pixel p is written: each newly destroyed pixel q with
 * q ≥ keep_from is copied to ring slot q mod ring_pixels first. keep_from is the first pixel of the lowest input
 * row that pixel p's window or any later window can read, (batch · input_h + clamp(y · stride_h − pad_top, 0,
 * input_h)) · input_w: pixels before it are never read again, so they need not be kept. Reads then go through
 * mote_stream_pixel: a destroyed pixel comes from its ring slot, any other from the input.
 *
 * The ring is large enough when no slot is reused while its pixel is still read: for every read of a destroyed
 * pixel q during output p, (the last pixel saved up to p) − q < ring_pixels. mote_stream_check replays the
 * bookkeeping over every window tap without copying anything and checks exactly that.
 */
#ifndef MOTE_STREAM_H
#define MOTE_STREAM_H

#include "../common/mote_internal.h"

typedef struct {
  const int8_t *input;
  int8_t *ring;
  int32_t ring_pixels;
  int32_t input_pixel_bytes;
  int32_t output_pixel_bytes;
  int32_t input_bytes;
  /* output − input in bytes; meaningful only when `overlapping`. */
  int32_t delta;
  int overlapping;
  /* Input pixels [first_destroyed, destroyed_end) are overwritten (or about to be, for the current pixel). */
  int32_t first_destroyed;
  int32_t destroyed_end;
  /* The last pixel copied to the ring, −1 before any. */
  int32_t last_saved;
} mote_stream_t;

/*
 * Sets up the bookkeeping of `window` reading `input` and writing `output` (pixel sizes input_c and
 * output_c bytes). MOTE_ERROR_NULL_POINTER for a NULL ring with ring_pixels > 0, MOTE_ERROR_BAD_SHAPE for a
 * negative ring_pixels, MOTE_ERROR_OVERLAP for a ring that overlaps the input or the output.
 */
mote_status_t mote_stream_init(mote_stream_t *stream, const mote_window_t *window, const int8_t *input,
                               const int8_t *output, int8_t *ring, int32_t ring_pixels);

/* The first input pixel that output row y of batch b, or any later output, may read (see above). */
int32_t mote_stream_keep_from(const mote_window_t *window, int32_t batch, int32_t y);

/* Before output pixel p is written: saves the input pixels it destroys that are still needed. */
void mote_stream_advance(mote_stream_t *stream, int32_t p, int32_t keep_from);

/* An output pixel: batch, row, column and its linear index p. */
typedef struct {
  int32_t b;
  int32_t y;
  int32_t x;
  int32_t p;
} mote_pixel_t;

/* Before the first mote_stream_next. */
#define MOTE_PIXEL_START {0, 0, -1, -1}

/*
 * Moves *pixel to the next output pixel in order and runs mote_stream_advance for it; 0 when every pixel
 * has been visited. The kernels' loop: mote_pixel_t px = MOTE_PIXEL_START; while (mote_stream_next(...)) {…}
 */
int mote_stream_next(mote_stream_t *stream, const mote_window_t *window, mote_pixel_t *pixel);

/* MOTE_OK when the ring holds every destroyed pixel that any window reads; else MOTE_ERROR_OVERLAP. */
mote_status_t mote_stream_check(const mote_stream_t *stream, const mote_window_t *window);

/* Input pixel q as the kernel must read it now: from its ring slot once destroyed, else from the input. */
static inline const int8_t *mote_stream_pixel(const mote_stream_t *stream, int32_t q) {
  if (q >= stream->first_destroyed && q < stream->destroyed_end) {
    return stream->ring + (q % stream->ring_pixels) * stream->input_pixel_bytes;
  }
  return stream->input + q * stream->input_pixel_bytes;
}

#endif
