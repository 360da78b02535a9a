/*
 * The harness's I/O: read a case, lay its buffers out (weights encoded when the hooks decode them, the output
 * framed by guard bytes), run the kernel, check the guards, write the result. See harness.h for the format.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GUARD_BYTES 64
#define GUARD_BYTE 0xCD
#define FRESH_OUTPUT_BYTE 0x5A

static int read_exact(void *data, size_t bytes) {
  return bytes == 0 || fread(data, 1, bytes, stdin) == bytes;
}

static int read_u32(uint32_t *value) {
  unsigned char b[4];
  if (!read_exact(b, 4)) return 0;
  *value = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
  return 1;
}

static void write_u32(uint32_t value) {
  unsigned char b[4] = {(unsigned char)value, (unsigned char)(value >> 8), (unsigned char)(value >> 16),
                        (unsigned char)(value >> 24)};
  fwrite(b, 1, 4, stdout);
}

int32_t harness_int(harness_case_t *c) {
  return c->next_int < c->n_ints ? c->ints[c->next_int++] : (c->next_int++, 0);
}

float harness_float(harness_case_t *c) {
  const int32_t bits = harness_int(c);
  float value;
  memcpy(&value, &bits, sizeof value);
  return value;
}

void *harness_buffer(const harness_case_t *c, uint32_t i) {
  return i < c->n_buffers && c->buffer_bytes[i] > 0 ? c->buffers[i] : NULL;
}

void harness_read_window(harness_case_t *c, mote_window_t *w) {
  w->batches = harness_int(c);
  w->input_h = harness_int(c);
  w->input_w = harness_int(c);
  w->input_c = harness_int(c);
  w->output_h = harness_int(c);
  w->output_w = harness_int(c);
  w->output_c = harness_int(c);
  w->filter_h = harness_int(c);
  w->filter_w = harness_int(c);
  w->stride_h = harness_int(c);
  w->stride_w = harness_int(c);
  w->dilation_h = harness_int(c);
  w->dilation_w = harness_int(c);
  w->pad_top = harness_int(c);
  w->pad_left = harness_int(c);
}

void harness_read_requant(harness_case_t *c, mote_requant_t *q) {
  q->input_offset = harness_int(c);
  q->output_offset = harness_int(c);
  q->activation_min = harness_int(c);
  q->activation_max = harness_int(c);
  q->per_channel = harness_int(c);
  q->multipliers = harness_buffer(c, 3);
  q->shifts = harness_buffer(c, 4);
}

static const harness_kernel_t *find_kernel(const char *name) {
  for (uint32_t i = 0; i < harness_kernel_count; i++) {
    if (strcmp(harness_kernels[i].name, name) == 0) return &harness_kernels[i];
  }
  return NULL;
}

static void encode_weights(unsigned char *bytes, uint32_t count) {
#if defined(ENCODED_WEIGHTS)
  for (uint32_t i = 0; i < count; i++) bytes[i] ^= MOTE_TEST_WEIGHT_KEY;
#else
  (void)bytes;
  (void)count;
#endif
}

static int all_bytes(const unsigned char *bytes, uint32_t count, unsigned char value) {
  for (uint32_t i = 0; i < count; i++) {
    if (bytes[i] != value) return 0;
  }
  return 1;
}

/* Runs the case whose header, parameters and buffers are in c; returns the status to report. */
static int run_case(harness_case_t *c, const harness_kernel_t *kernel, uint32_t flags, uint32_t output_bytes) {
  const uint32_t alias = flags & HARNESS_IN_PLACE_FIRST ? 0 : flags & HARNESS_IN_PLACE_SECOND ? 1 : UINT32_MAX;
  const uint32_t alias_bytes = alias < c->n_buffers ? c->buffer_bytes[alias] : 0;
  const uint32_t region = output_bytes > alias_bytes ? output_bytes : alias_bytes;
  unsigned char *frame = malloc((size_t)region + 2 * GUARD_BYTES);
  unsigned char *before = malloc((size_t)region + 1);
  int status;
  if (frame == NULL || before == NULL) return HARNESS_MALFORMED_CASE;
  memset(frame, GUARD_BYTE, (size_t)region + 2 * GUARD_BYTES);
  memset(frame + GUARD_BYTES, FRESH_OUTPUT_BYTE, region);
  if (alias_bytes > 0) {
    memcpy(frame + GUARD_BYTES, c->buffers[alias], alias_bytes);
    c->buffers[alias] = frame + GUARD_BYTES;
  }
  memcpy(before, frame + GUARD_BYTES, region);
  c->output = frame + GUARD_BYTES;
  status = kernel->run(c);
  if (c->next_int != c->n_ints) status = HARNESS_MALFORMED_CASE;
  if (!all_bytes(frame, GUARD_BYTES, GUARD_BYTE) || !all_bytes(frame + GUARD_BYTES + region, GUARD_BYTES, GUARD_BYTE))
    status = HARNESS_WROTE_OUTSIDE_OUTPUT;
  else if (status != MOTE_OK && memcmp(before, frame + GUARD_BYTES, region) != 0)
    status = HARNESS_WROTE_ON_ERROR;
  write_u32((uint32_t)status);
  write_u32(output_bytes);
  fwrite(frame + GUARD_BYTES, 1, output_bytes, stdout);
  free(before);
  free(frame);
  return status;
}

/* Reads one case and answers it; returns 0 at the end of the input or on a malformed stream. */
static int serve_one(void) {
  harness_case_t c;
  char name[64];
  uint32_t name_bytes, flags, output_bytes;
  const harness_kernel_t *kernel;
  memset(&c, 0, sizeof c);
  if (!read_u32(&name_bytes)) return 0;
  if (name_bytes >= sizeof name || !read_exact(name, name_bytes)) return 0;
  name[name_bytes] = '\0';
  if (!read_u32(&flags) || !read_u32(&c.n_ints) || c.n_ints > HARNESS_MAX_INTS) return 0;
  for (uint32_t i = 0; i < c.n_ints; i++) {
    uint32_t value;
    if (!read_u32(&value)) return 0;
    c.ints[i] = (int32_t)value;
  }
  if (!read_u32(&c.n_buffers) || c.n_buffers > HARNESS_MAX_BUFFERS) return 0;
  kernel = find_kernel(name);
  for (uint32_t i = 0; i < c.n_buffers; i++) {
    if (!read_u32(&c.buffer_bytes[i])) return 0;
    c.buffers[i] = malloc(c.buffer_bytes[i] + 1u);
    if (c.buffers[i] == NULL || !read_exact(c.buffers[i], c.buffer_bytes[i])) return 0;
    if (kernel != NULL && (kernel->weight_buffers >> i & 1u)) encode_weights(c.buffers[i], c.buffer_bytes[i]);
  }
  if (!read_u32(&output_bytes)) return 0;
  if (kernel == NULL) {
    write_u32(HARNESS_UNKNOWN_KERNEL);
    write_u32(0);
  } else {
    void *owned[HARNESS_MAX_BUFFERS];
    memcpy(owned, c.buffers, sizeof owned);
    run_case(&c, kernel, flags, output_bytes);
    memcpy(c.buffers, owned, sizeof owned);
  }
  for (uint32_t i = 0; i < c.n_buffers; i++) free(c.buffers[i]);
  return 1;
}

int main(void) {
  while (serve_one()) {
  }
  fflush(stdout);
  return 0;
}
