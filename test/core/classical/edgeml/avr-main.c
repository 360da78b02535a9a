/*
 * A generated EdgeML model (prefix `model`, fixed point) on the ATmega328P, for simavr: each of the ROWS
 * quantised rows (int16, PROGMEM, from avr-rows.h) is copied to SRAM and scored between the cycle markers
 * (GPIOR0 = 1 / 2, docs/virtual-boards.md); the class and an FNV-1a hash of the int32 scores' bytes go to
 * `mote_result`, which the runner reads from SRAM with the stack's high-water mark: the free SRAM between
 * the end of .bss and the stack is painted 0xA5 first, and `stack_free` counts the bytes still painted.
 * avr-gcc -mmcu=atmega328p -Os, model data in PROGMEM.
 */
#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/pgmspace.h>
#include <avr/sleep.h>

#include "avr-rows.h"
#include "model.h"

extern uint8_t __heap_start;

struct {
  uint8_t cls[AVR_ROWS];
  uint32_t hash[AVR_ROWS];
  uint16_t stack_free;
} mote_result;

static int16_t q[MODEL_FEATURES];
static int32_t scores[MODEL_CLASSES];

static uint32_t fnv1a(const int32_t *s, uint8_t n) {
  const uint8_t *b = (const uint8_t *)s;
  uint32_t h = 2166136261UL;
  uint16_t i;
  for (i = 0; i < (uint16_t)n * 4u; i++) h = (h ^ b[i]) * 16777619UL;
  return h;
}

int main(void) {
  uint16_t r, j;
  uint8_t *p;
  for (p = &__heap_start; p < (uint8_t *)SP - 32; p++) *p = 0xA5;
  for (r = 0; r < AVR_ROWS; r++) {
    for (j = 0; j < MODEL_FEATURES; j++) q[j] = (int16_t)pgm_read_word(&avr_rows[r * MODEL_FEATURES + j]);
    GPIOR0 = 1;
    model_scores_q(q, scores);
    GPIOR0 = 2;
    mote_result.cls[r] = (uint8_t)model_predict_q(q);
    mote_result.hash[r] = fnv1a(scores, MODEL_CLASSES);
  }
  for (p = &__heap_start; *p == 0xA5; p++) continue;
  mote_result.stack_free = (uint16_t)(p - &__heap_start);
  cli();
  sleep_enable();
  sleep_cpu();
  return 0;
}
