#include "mote_link.h"

#include <avr/interrupt.h>
#include <avr/io.h>
#include <util/crc16.h>

#define TX_SIZE 256 /* a power of two, indexed by uint8_t */
#define RX_SIZE 64

static volatile uint8_t tx_ring[TX_SIZE];
static volatile uint8_t tx_head, tx_tail;
static volatile uint8_t rx_ring[RX_SIZE];
static volatile uint8_t rx_head, rx_tail;
static uint8_t rx_frame[RX_SIZE];
static uint8_t rx_len;
static uint8_t rx_overflow;
volatile uint16_t link_bad_frames;

void link_init(void) {
  UCSR0A = _BV(U2X0);
  UBRR0H = 0;
  UBRR0L = 3; /* F_CPU / (8 * 500000) - 1 */
  UCSR0C = _BV(UCSZ01) | _BV(UCSZ00);
  UCSR0B = _BV(RXEN0) | _BV(TXEN0) | _BV(RXCIE0);
}

ISR(USART_UDRE_vect) {
  if (tx_head == tx_tail) {
    UCSR0B &= (uint8_t)~_BV(UDRIE0);
    return;
  }
  UDR0 = tx_ring[tx_tail];
  tx_tail = (uint8_t)(tx_tail + 1);
}

ISR(USART_RX_vect) {
  uint8_t byte = UDR0;
  uint8_t next = (uint8_t)((rx_head + 1) % RX_SIZE);
  if (next != rx_tail) {
    rx_ring[rx_head] = byte;
    rx_head = next;
  }
}

static void tx_byte(uint8_t byte) {
  while ((uint8_t)(tx_head + 1) == tx_tail) {
  }
  tx_ring[tx_head] = byte;
  tx_head = (uint8_t)(tx_head + 1);
  UCSR0B |= _BV(UDRIE0);
}

void link_send_delimiter(void) { tx_byte(0); }

/* The frame being sent, read as one sequence without copying it: type, payload, CRC (low byte first). */
static uint8_t frame_type;
static const uint8_t *frame_payload;
static uint8_t frame_length;
static uint16_t frame_crc;

static uint8_t frame_byte(uint8_t i) {
  if (i == 0) return frame_type;
  if (i <= frame_length) return frame_payload[i - 1];
  return i == frame_length + 1 ? (uint8_t)frame_crc : (uint8_t)(frame_crc >> 8);
}

/* COBS: each run of non-zero bytes is sent after a code byte (run length + 1); frames stay under 254. */
static void tx_cobs(uint8_t n) {
  uint8_t start = 0;
  for (;;) {
    uint8_t run = 0;
    while (start + run < n && frame_byte((uint8_t)(start + run)) != 0) run++;
    tx_byte((uint8_t)(run + 1));
    for (uint8_t k = 0; k < run; k++) tx_byte(frame_byte((uint8_t)(start + k)));
    start = (uint8_t)(start + run);
    if (start >= n) break;
    start++; /* skip the zero that the code byte stands for */
  }
  tx_byte(0);
}

void link_send(uint8_t type, const uint8_t *payload, uint8_t length) {
  uint16_t crc = _crc_xmodem_update(0xFFFF, type);
  for (uint8_t i = 0; i < length; i++) crc = _crc_xmodem_update(crc, payload[i]);
  frame_type = type;
  frame_payload = payload;
  frame_length = length;
  frame_crc = crc;
  tx_cobs((uint8_t)(length + 3));
}

/* COBS-decodes `rx_frame[0..rx_len)` in place; returns the decoded length, 0 if malformed. */
static uint8_t cobs_decode_in_place(void) {
  uint8_t in = 0, out = 0;
  while (in < rx_len) {
    uint8_t code = rx_frame[in++];
    if (code == 0 || in + code - 1 > rx_len) return 0;
    for (uint8_t k = 1; k < code; k++) rx_frame[out++] = rx_frame[in++];
    if (code != 0xFF && in < rx_len) rx_frame[out++] = 0;
  }
  return out;
}

static uint8_t finish_frame(uint8_t *frame) {
  uint8_t n = rx_overflow ? 0 : cobs_decode_in_place();
  rx_len = 0;
  rx_overflow = 0;
  if (n < 3) return 0;
  uint16_t crc = 0xFFFF;
  for (uint8_t i = 0; i < n - 2; i++) crc = _crc_xmodem_update(crc, rx_frame[i]);
  if ((uint8_t)crc != rx_frame[n - 2] || (uint8_t)(crc >> 8) != rx_frame[n - 1]) {
    link_bad_frames++;
    return 0;
  }
  for (uint8_t i = 0; i < n - 2; i++) frame[i] = rx_frame[i];
  return (uint8_t)(n - 2);
}

uint8_t link_poll(uint8_t *frame) {
  while (rx_tail != rx_head) {
    uint8_t byte = rx_ring[rx_tail];
    rx_tail = (uint8_t)((rx_tail + 1) % RX_SIZE);
    if (byte == 0) {
      uint8_t had = rx_len;
      uint8_t n = finish_frame(frame);
      if (n) return n;
      if (had) continue;
    } else if (rx_len < RX_SIZE) {
      rx_frame[rx_len++] = byte;
    } else {
      rx_overflow = 1;
    }
  }
  return 0;
}
