/* The overlapping-output bookkeeping of the stream kernels (see stream.h). */
#include "stream.h"

/* b − a in bytes as a signed value, for two addresses at most 2^31 apart (compared as integers). */
static int32_t byte_distance(const void *a, const void *b) {
  const uintptr_t pa = (uintptr_t)a;
  const uintptr_t pb = (uintptr_t)b;
  return pb >= pa ? (int32_t)(pb - pa) : -(int32_t)(pa - pb);
}

mote_status_t mote_stream_init(mote_stream_t *stream, const mote_window_t *w, const int8_t *input,
                               const int8_t *output, int8_t *ring, int32_t ring_pixels) {
  const uint32_t input_bytes = mote_window_input_count(w);
  const uint32_t output_bytes = mote_window_output_count(w);
  MOTE_REQUIRE(ring_pixels >= 0, MOTE_ERROR_BAD_SHAPE);
  MOTE_REQUIRE(ring_pixels == 0 || ring != NULL, MOTE_ERROR_NULL_POINTER);
  MOTE_REQUIRE(ring_pixels == 0 || (!mote_overlaps(ring, (uint32_t)ring_pixels * (uint32_t)w->input_c, input,
                                                   input_bytes) &&
                                    !mote_overlaps(ring, (uint32_t)ring_pixels * (uint32_t)w->input_c, output,
                                                   output_bytes)),
               MOTE_ERROR_OVERLAP);
  stream->input = input;
  stream->ring = ring;
  stream->ring_pixels = ring_pixels;
  stream->input_pixel_bytes = w->input_c;
  stream->output_pixel_bytes = w->output_c;
  stream->input_bytes = (int32_t)input_bytes;
  stream->overlapping = mote_overlaps(input, input_bytes, output, output_bytes);
  stream->delta = stream->overlapping ? byte_distance(input, output) : 0;
  stream->first_destroyed = 0;
  stream->destroyed_end = 0;
  stream->last_saved = -1;
  return MOTE_OK;
}

int32_t mote_stream_keep_from(const mote_window_t *w, int32_t batch, int32_t y) {
  int32_t top = y * w->stride_h - w->pad_top;
  if (top < 0) top = 0;
  if (top > w->input_h) top = w->input_h;
  return (batch * w->input_h + top) * w->input_w;
}

/* The bookkeeping of mote_stream_advance; copies the saved pixels only when `copy` is set. */
static void advance(mote_stream_t *s, int32_t p, int32_t keep_from, int copy) {
  const int32_t low = s->delta + p * s->output_pixel_bytes;
  const int32_t high = low + s->output_pixel_bytes;
  const int32_t pixels = s->input_bytes / s->input_pixel_bytes;
  int32_t first;
  int32_t last;
  int32_t q;
  if (!s->overlapping || high <= 0 || low >= s->input_bytes) return;
  first = low < 0 ? 0 : low / s->input_pixel_bytes;
  last = (high - 1) / s->input_pixel_bytes;
  if (last >= pixels) last = pixels - 1;
  if (s->destroyed_end == s->first_destroyed) {
    /* Nothing destroyed yet: the run starts here. */
    s->first_destroyed = first;
    s->destroyed_end = first;
  }
  for (q = s->destroyed_end; q <= last; q++) {
    if (q < keep_from) continue;
    if (copy) {
      const int8_t *from = s->input + q * s->input_pixel_bytes;
      int8_t *to = s->ring + (q % s->ring_pixels) * s->input_pixel_bytes;
      int32_t c;
      for (c = 0; c < s->input_pixel_bytes; c++) to[c] = from[c];
    }
    s->last_saved = q;
  }
  if (last + 1 > s->destroyed_end) s->destroyed_end = last + 1;
}

void mote_stream_advance(mote_stream_t *stream, int32_t p, int32_t keep_from) {
  advance(stream, p, keep_from, 1);
}

int mote_stream_next(mote_stream_t *stream, const mote_window_t *w, mote_pixel_t *px) {
  if (++px->x == w->output_w) {
    px->x = 0;
    if (++px->y == w->output_h) {
      px->y = 0;
      px->b++;
    }
  }
  px->p++;
  if (px->b >= w->batches) return 0;
  mote_stream_advance(stream, px->p, mote_stream_keep_from(w, px->b, px->y));
  return 1;
}

/* 1 when every destroyed pixel that output pixel (b, y, x) reads is still in its ring slot. */
static int window_reads_fit(const mote_stream_t *s, const mote_window_t *w, int32_t b, int32_t y, int32_t x) {
  int32_t fy;
  int32_t fx;
  for (fy = 0; fy < w->filter_h; fy++) {
    const int32_t in_y = y * w->stride_h - w->pad_top + fy * w->dilation_h;
    if (in_y < 0 || in_y >= w->input_h) continue;
    for (fx = 0; fx < w->filter_w; fx++) {
      const int32_t in_x = x * w->stride_w - w->pad_left + fx * w->dilation_w;
      int32_t q;
      if (in_x < 0 || in_x >= w->input_w) continue;
      q = (b * w->input_h + in_y) * w->input_w + in_x;
      if (q >= s->first_destroyed && q < s->destroyed_end && s->last_saved - q >= s->ring_pixels) return 0;
    }
  }
  return 1;
}

mote_status_t mote_stream_check(const mote_stream_t *stream, const mote_window_t *w) {
  mote_stream_t s = *stream;
  int32_t b;
  int32_t y;
  int32_t x;
  if (!s.overlapping) return MOTE_OK;
  for (b = 0; b < w->batches; b++) {
    for (y = 0; y < w->output_h; y++) {
      const int32_t keep_from = mote_stream_keep_from(w, b, y);
      for (x = 0; x < w->output_w; x++) {
        advance(&s, (b * w->output_h + y) * w->output_w + x, keep_from, 0);
        /* A pixel saved with no ring at all, even one never read, would be a division by zero. */
        if (s.last_saved >= 0 && s.ring_pixels == 0) return MOTE_ERROR_OVERLAP;
        if (!window_reads_fit(&s, w, b, y, x)) return MOTE_ERROR_OVERLAP;
      }
    }
  }
  return MOTE_OK;
}
