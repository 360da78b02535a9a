/*
 * The codegen bench's firmware for the virtual Uno (bench/codegen/uno-run.ts): one inference of the generated
 * model on an all-zero input between the harness's cycle markers (GPIOR0: 1 = start, 2 = stop; the harness
 * reports the exact simulated cycles between them), then the LED on PB5 lights if the output equals the
 * reference's bytes (expected.h, in program memory), and the core halts (sleep with interrupts off), which
 * the harness reports as "done".
 */
#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/pgmspace.h>
#include <avr/sleep.h>
#include <string.h>

#include "expected.h"
#include "model.h"

int main(void) {
  const int8_t *output;
  mote_status_t status;
  uint16_t i;
  uint8_t same = 1;
  memset(mote_model_input(), 0, MOTE_MODEL_INPUT_COUNT);
  GPIOR0 = 1;
  status = mote_model_invoke();
  GPIOR0 = 2;
  output = mote_model_output();
  for (i = 0; i < MOTE_MODEL_OUTPUT_COUNT; i++) {
    if (output[i] != (int8_t)pgm_read_byte(&mote_bench_expected[i])) same = 0;
  }
  DDRB = _BV(DDB5);
  if (status == MOTE_OK && same) PORTB = _BV(PORTB5);
  cli();
  sleep_enable();
  sleep_cpu();
  for (;;) {
  }
}
