/*
 * The stack's high-water mark: at start the stack's room below the current frame is painted with a pattern;
 * the deepest the stack has reached since is the lowest address whose byte changed. The painting runs in main
 * before anything else, from the port's stack floor (the end of .bss, or the bottom of a reserved stack) to a
 * little below main's own frame.
 */
#include "mote_core.h"

#define PAINT 0xC5
/* Bytes below main's frame left unpainted: the painting loop's own frame lives there. */
#define MARGIN 32

void mote_stack_paint(void) {
  volatile uint8_t here = 0;
  uint8_t *top = (uint8_t *)&here - MARGIN;
  for (uint8_t *p = (uint8_t *)port_stack_floor(); p < top; p++) *p = PAINT;
}

uint32_t mote_stack_high_water(void) {
  const uint8_t *p = (const uint8_t *)port_stack_floor();
  const uint8_t *ceiling = (const uint8_t *)port_stack_ceiling();
  while (p < ceiling && *p == PAINT) p++;
  return (uint32_t)(ceiling - p);
}

uint32_t mote_stack_room(void) { return (uint32_t)(port_stack_ceiling() - port_stack_floor()); }
