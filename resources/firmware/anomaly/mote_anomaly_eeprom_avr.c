/* EEPROM storage of the learnt model on AVR (avr-libc's eeprom_*_block). */
#include <avr/eeprom.h>
#include "mote_anomaly_learn.h"

#define FEATURES_AT ((void *)4)
#define MODEL_AT ((void *)6)

void mote_al_save(const mote_al_model *model) {
  uint32_t magic = MOTE_AL_MAGIC, none = 0;
  uint16_t features = MOTE_AL_FEATURES;
  /* The magic off first and on last: a reset while saving leaves no model rather than half of one. */
  eeprom_update_block(&none, (void *)0, sizeof none);
  eeprom_update_block(model, MODEL_AT, sizeof *model);
  eeprom_update_block(&features, FEATURES_AT, sizeof features);
  eeprom_update_block(&magic, (void *)0, sizeof magic);
}

int mote_al_load(mote_al_model *model) {
  uint32_t magic;
  uint16_t features;
  eeprom_read_block(&magic, (const void *)0, sizeof magic);
  eeprom_read_block(&features, (const void *)FEATURES_AT, sizeof features);
  if (magic != MOTE_AL_MAGIC || features != MOTE_AL_FEATURES) return -1;
  eeprom_read_block(model, (const void *)MODEL_AT, sizeof *model);
  return 0;
}
