/*
 * Intel HEX into the simulated flash. Our own reader because simavr 1.6's read_ihex_chunks() rejects the
 * start-address records (type 03/05) that avr-objcopy writes. Records 00 (data), 01 (end), 02 and 04
 * (segment and linear base) are used; 03 and 05 (entry point) are ignored. Checksums are verified.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static int hex_byte(const char *s) {
  unsigned v;
  return sscanf(s, "%2x", &v) == 1 ? (int)v : -1;
}

/* Decodes one record into `bytes`; returns its byte count (length + 5 header/checksum bytes) or -1. */
static int decode_record(const char *line, uint8_t *bytes) {
  if (line[0] != ':') return -1;
  int len = hex_byte(line + 1);
  if (len < 0 || (int)strlen(line + 1) < (len + 5) * 2) return -1;
  uint8_t sum = 0;
  for (int i = 0; i < len + 5; i++) {
    int b = hex_byte(line + 1 + 2 * i);
    if (b < 0) return -1;
    bytes[i] = (uint8_t)b;
    sum += (uint8_t)b;
  }
  return sum == 0 ? len + 5 : -1;
}

int load_hex(avr_t *avr, const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  char line[600];
  uint8_t rec[300];
  uint32_t base = 0;
  int rc = -1;
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\r\n")] = 0;
    if (line[0] == 0) continue;
    if (decode_record(line, rec) < 0) break;
    uint8_t len = rec[0], type = rec[3];
    uint32_t offset = ((uint32_t)rec[1] << 8) | rec[2];
    if (type == 0) {
      if (base + offset + len > avr->flashend + 1) break;
      memcpy(avr->flash + base + offset, rec + 4, len);
    } else if (type == 1) {
      rc = 0;
      break;
    } else if (type == 2 && len == 2) {
      base = (((uint32_t)rec[4] << 8) | rec[5]) << 4;
    } else if (type == 4 && len == 2) {
      base = (((uint32_t)rec[4] << 8) | rec[5]) << 16;
    }
  }
  fclose(f);
  return rc;
}
