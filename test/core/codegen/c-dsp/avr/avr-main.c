/*
 * One DSP block on the ATmega328P, for cycle counts in simavr: the window is copied from flash to SRAM,
 * the block runs between cycle markers, the features stay in `mote_features` (read from SRAM by the
 * runner), then the core sleeps with interrupts off. avr-gcc -mmcu=atmega328p -Os, fixed build.
 */
#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/sleep.h>

#include "avr-block.h"

mote_dsp_sample_t mote_window[AVR_BLOCK_INPUTS];
mote_dsp_feature_t mote_features[AVR_BLOCK_OUTPUTS];
static uint32_t work[(AVR_BLOCK_WORK_BYTES + 3) / 4 + 1];

int main(void) {
  uint16_t i;
  for (i = 0; i < AVR_BLOCK_INPUTS; i++) mote_window[i] = (int16_t)pgm_read_word(&avr_block_window[i]);
  GPIOR0 = 1;
  avr_block_run(mote_window, mote_features, work, sizeof work);
  GPIOR0 = 2;
  cli();
  sleep_enable();
  sleep_cpu();
  return 0;
}
