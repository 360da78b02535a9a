/*
 * Runs an ATmega328P ELF in simavr until it sleeps with interrupts off and prints, for every write to
 * GPIOR0, the value written and the cycle count at that moment ("mark V C"): the generated model's
 * MOTE_MODEL_AFTER_OP hook writes one after each op, so consecutive differences are per-op cycles.
 * Usage: avr-ops FIRMWARE.elf
 */
#include <simavr/sim_avr.h>
#include <simavr/sim_elf.h>
#include <stdio.h>

#define MARKER_ADDR 0x3E

static void on_marker(struct avr_t *avr, avr_io_addr_t addr, uint8_t v, void *param) {
  (void)addr;
  (void)param;
  printf("mark %u %llu\n", v, (unsigned long long)avr->cycle);
}

int main(int argc, char **argv) {
  elf_firmware_t firmware = {0};
  avr_t *avr;
  int state = cpu_Running;
  if (argc != 2) return 2;
  if (elf_read_firmware(argv[1], &firmware) != 0) return 3;
  avr = avr_make_mcu_by_name("atmega328p");
  if (avr == NULL) return 4;
  avr_init(avr);
  avr->log = 0;
  avr_load_firmware(avr, &firmware);
  avr_register_io_write(avr, MARKER_ADDR, on_marker, NULL);
  while (state != cpu_Done && state != cpu_Crashed && avr->cycle < 4000000000ull) state = avr_run(avr);
  return state == cpu_Done ? 0 : 5;
}
