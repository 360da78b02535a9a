#include "mote_link.h"

#include "mote_port.h"

/* CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection (avr-libc's _crc_xmodem_update). */
static uint16_t crc_update(uint16_t crc, uint8_t byte) {
  crc ^= (uint16_t)byte << 8;
  for (uint8_t bit = 0; bit < 8; bit++) crc = (crc & 0x8000u) ? (uint16_t)((crc << 1) ^ 0x1021u) : (uint16_t)(crc << 1);
  return crc;
}

uint16_t link_bad_frames;

/* ---- sending ---------------------------------------------------------------------------------------- */

/* The frame being sent, read byte by byte: type, head, body, CRC (low byte first). */
static struct {
  uint8_t type;
  const uint8_t *head;
  uint8_t head_length;
  const uint8_t *body;
  uint8_t body_length;
  uint16_t crc;
} out;

static uint8_t frame_byte(uint8_t i) {
  if (i == 0) return out.type;
  i--;
  if (i < out.head_length) return out.head[i];
  i = (uint8_t)(i - out.head_length);
  if (i < out.body_length) return out.body[i];
  return i == out.body_length ? (uint8_t)out.crc : (uint8_t)(out.crc >> 8);
}

static void put(uint8_t byte) { port_write(&byte, 1); }

void link_send_delimiter(void) { put(0); }

/* COBS: each run of non-zero bytes goes after a code byte (run length + 1); a frame is under 254 bytes. */
void link_send(uint8_t type, const uint8_t *head, uint8_t head_length, const uint8_t *body, uint8_t body_length) {
  out.type = type;
  out.head = head;
  out.head_length = head_length;
  out.body = body;
  out.body_length = body_length;
  uint8_t n = (uint8_t)(head_length + body_length + 1);
  uint16_t crc = 0xFFFF;
  for (uint8_t i = 0; i < n; i++) crc = crc_update(crc, frame_byte(i));
  out.crc = crc;
  n = (uint8_t)(n + 2);
  uint8_t start = 0;
  for (;;) {
    uint8_t run = 0;
    while ((uint8_t)(start + run) < n && frame_byte((uint8_t)(start + run)) != 0) run++;
    put((uint8_t)(run + 1));
    for (uint8_t k = 0; k < run; k++) put(frame_byte((uint8_t)(start + k)));
    start = (uint8_t)(start + run);
    if (start >= n) break;
    start++; /* the zero that the code byte stands for */
  }
  put(0);
}

/* ---- receiving -------------------------------------------------------------------------------------- */

/* The encoded bytes of the frame being received, in link_rx_buffer(). */
#define rx (link_rx_buffer())
static uint8_t rx_length;
static uint8_t rx_overflow;
/* Bytes before the first delimiter may be the tail of a frame sent before the port was opened. */
static uint8_t rx_synced;

/* COBS-decodes rx[0..encoded) in place (the output never overtakes the input); the length, 0 if malformed. */
static uint8_t cobs_decode(uint8_t encoded) {
  uint8_t *buf = rx;
  uint8_t in = 0, length = 0;
  while (in < encoded) {
    uint8_t code = buf[in++];
    if ((uint16_t)in + code - 1 > encoded) return 0;
    for (uint8_t k = 1; k < code; k++) buf[length++] = buf[in++];
    if (code != 0xFF && in < encoded) buf[length++] = 0;
  }
  return length;
}

static uint8_t finish(void) {
  const uint8_t *frame = rx;
  uint8_t encoded = rx_length, overflow = rx_overflow, synced = rx_synced;
  rx_length = 0;
  rx_overflow = 0;
  rx_synced = 1;
  if (!synced || (encoded == 0 && !overflow)) return 0;
  uint8_t n = overflow ? 0 : cobs_decode(encoded);
  uint16_t crc = 0xFFFF;
  if (n >= 3)
    for (uint8_t i = 0; i < n - 2; i++) crc = crc_update(crc, frame[i]);
  if (n < 3 || frame[n - 2] != (uint8_t)crc || frame[n - 1] != (uint8_t)(crc >> 8)) {
    link_bad_frames++;
    return 0;
  }
  return (uint8_t)(n - 2);
}

uint8_t link_receiving(void) { return rx_length != 0 || rx_overflow; }

uint8_t link_poll(const uint8_t **frame) {
  int16_t byte;
  while ((byte = port_read()) >= 0) {
    if (byte == 0) {
      uint8_t n = finish();
      if (n) {
        *frame = rx;
        return n;
      }
    } else if (rx_length < MOTE_LINK_RX_BYTES) {
      rx[rx_length++] = (uint8_t)byte;
    } else {
      rx_overflow = 1;
    }
  }
  return 0;
}
