/*
 * RESHAPE: the bytes do not change, only the shape the next op reads them with. A memory planner aliases the
 * output to the input, which makes this a no-op; otherwise the bytes are moved (memmove, so any overlap works).
 */
#include <string.h>

#include "mote_internal.h"

mote_status_t mote_reshape(const void *input, void *output, size_t bytes) {
  MOTE_REQUIRE(input != NULL && output != NULL, MOTE_ERROR_NULL_POINTER);
  if (input != output && bytes > 0) memmove(output, input, bytes);
  return MOTE_OK;
}
