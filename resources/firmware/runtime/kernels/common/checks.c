/* Precondition helpers shared by the kernels (see mote_internal.h). */
#include "mote_internal.h"

int mote_overlaps(const void *a, uint32_t a_bytes, const void *b, uint32_t b_bytes) {
  /* Addresses as integers: relational comparison of pointers into different objects is undefined in C. */
  const uintptr_t pa = (uintptr_t)a;
  const uintptr_t pb = (uintptr_t)b;
  if (a_bytes == 0 || b_bytes == 0) return 0;
  return pa >= pb ? (pa - pb) < b_bytes : (pb - pa) < a_bytes;
}

mote_status_t mote_check_same_or_disjoint(const void *input, uint32_t input_bytes, const void *output,
                                          uint32_t output_bytes) {
  if (input == output) return MOTE_OK;
  return mote_overlaps(input, input_bytes, output, output_bytes) ? MOTE_ERROR_OVERLAP : MOTE_OK;
}

mote_status_t mote_check_window(const mote_window_t *w) {
  const int sizes_positive = w->batches >= 1 && w->input_h >= 1 && w->input_w >= 1 && w->input_c >= 1 &&
                             w->output_h >= 1 && w->output_w >= 1 && w->output_c >= 1 && w->filter_h >= 1 &&
                             w->filter_w >= 1;
  const int steps_positive = w->stride_h >= 1 && w->stride_w >= 1 && w->dilation_h >= 1 && w->dilation_w >= 1;
  return sizes_positive && steps_positive && w->pad_top >= 0 && w->pad_left >= 0 ? MOTE_OK : MOTE_ERROR_BAD_SHAPE;
}

/*
 * A window's first input row is y·stride − pad. The first window must reach row 0 (filter − pad ≥ 1) and the
 * last must start inside the input ((output − 1)·stride − pad < input); windows in between then overlap it too.
 */
static int windows_overlap_input(int32_t input, int32_t output, int32_t filter, int32_t stride, int32_t pad) {
  return filter - pad >= 1 && (output - 1) * stride - pad < input;
}

mote_status_t mote_check_pool_window(const mote_window_t *w) {
  const mote_status_t status = mote_check_window(w);
  if (status != MOTE_OK) return status;
  if (w->dilation_h != 1 || w->dilation_w != 1 || w->output_c != w->input_c) return MOTE_ERROR_BAD_SHAPE;
  if (!windows_overlap_input(w->input_h, w->output_h, w->filter_h, w->stride_h, w->pad_top) ||
      !windows_overlap_input(w->input_w, w->output_w, w->filter_w, w->stride_w, w->pad_left)) {
    return MOTE_ERROR_BAD_SHAPE;
  }
  return MOTE_OK;
}

uint32_t mote_window_input_count(const mote_window_t *w) {
  return (uint32_t)w->batches * (uint32_t)w->input_h * (uint32_t)w->input_w * (uint32_t)w->input_c;
}

uint32_t mote_window_output_count(const mote_window_t *w) {
  return (uint32_t)w->batches * (uint32_t)w->output_h * (uint32_t)w->output_w * (uint32_t)w->output_c;
}

int mote_is_int8_range(int32_t min, int32_t max) {
  return min >= -128 && max <= 127 && min <= max;
}

void mote_clip_window(int32_t origin, int32_t filter, int32_t input_size, int32_t *start, int32_t *end) {
  *start = origin < 0 ? -origin : 0;
  *end = input_size - origin < filter ? input_size - origin : filter;
}

mote_status_t mote_check_pool(const mote_window_t *w, const void *input, const void *output,
                              uint32_t element_bytes) {
  MOTE_REQUIRE(input != NULL && output != NULL, MOTE_ERROR_NULL_POINTER);
  const mote_status_t status = mote_check_pool_window(w);
  if (status != MOTE_OK) return status;
  MOTE_REQUIRE(!mote_overlaps(input, mote_window_input_count(w) * element_bytes, output,
                              mote_window_output_count(w) * element_bytes),
               MOTE_ERROR_OVERLAP);
  return MOTE_OK;
}
