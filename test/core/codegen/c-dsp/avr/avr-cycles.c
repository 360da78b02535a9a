/*
 * Runs an ATmega328P ELF in simavr (no UART, no pacing) until it sleeps with interrupts off, and prints
 * the cycles between each pair of GPIOR0 markers (1 = start, 2 = stop; the convention of the virtual Uno,
 * docs/virtual-boards.md) and `length` bytes of SRAM from `address` as hex: cycles=N… then the bytes.
 * Usage: avr-cycles FIRMWARE.elf ADDRESS LENGTH
 */
#include <simavr/sim_avr.h>
#include <simavr/sim_elf.h>
#include <stdio.h>
#include <stdlib.h>

#define MARKER_ADDR 0x3E

static avr_cycle_count_t started;

static void on_marker(struct avr_t *avr, avr_io_addr_t addr, uint8_t v, void *param) {
  (void)addr;
  (void)param;
  if (v == 1) started = avr->cycle;
  if (v == 2) printf("cycles=%llu\n", (unsigned long long)(avr->cycle - started));
}

int main(int argc, char **argv) {
  elf_firmware_t firmware = {0};
  avr_t *avr;
  unsigned long address, length, i;
  int state = cpu_Running;
  if (argc != 4) return 2;
  if (elf_read_firmware(argv[1], &firmware) != 0) return 3;
  address = strtoul(argv[2], NULL, 0);
  length = strtoul(argv[3], NULL, 0);
  avr = avr_make_mcu_by_name("atmega328p");
  if (avr == NULL) return 4;
  avr_init(avr);
  avr->log = 0;
  avr_load_firmware(avr, &firmware);
  avr_register_io_write(avr, MARKER_ADDR, on_marker, NULL);
  while (state != cpu_Done && state != cpu_Crashed && avr->cycle < 2000000000ull) state = avr_run(avr);
  if (state != cpu_Done) return 5;
  for (i = 0; i < length; i++) printf("%02x", avr->data[address + i]);
  printf("\n");
  return 0;
}
