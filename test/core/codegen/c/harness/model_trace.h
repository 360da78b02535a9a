/* The trace hook test builds install in generated model code (force-included into model.c). */
#ifndef MOTE_TEST_MODEL_TRACE_H
#define MOTE_TEST_MODEL_TRACE_H

#include <stddef.h>
#include <stdint.h>

void mote_test_trace(int op, const int8_t *arena, size_t bytes);

#endif
