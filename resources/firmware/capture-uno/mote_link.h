/*
 * The Mote protocol's framing on UART0 (docs/protocol.md): frames are `type | payload | CRC-16/CCITT-FALSE
 * (little endian)`, COBS-encoded, each followed by 0x00. Transmission is interrupt driven from a ring
 * buffer; reception fills a ring from the RX interrupt and is decoded in the main loop.
 */
#ifndef MOTE_LINK_H
#define MOTE_LINK_H

#include <stdint.h>

#define MOTE_MAX_FRAME 250

/* UART0 at 500000 baud 8N1 (U2X, UBRR0 = 3: exact at 16 MHz), interrupts on. */
void link_init(void);

/* Sends one frame; waits while the transmit ring is full (the sampling interrupts keep running). */
void link_send(uint8_t type, const uint8_t *payload, uint8_t length);

/* Sends one 0x00 so that the host drops whatever partial frame it holds (used once at start). */
void link_send_delimiter(void);

/*
 * Decodes received bytes; returns the length of a complete, CRC-checked frame copied to `frame` (type
 * first, CRC removed), 0 when none is complete yet. Bad frames are dropped and counted.
 */
uint8_t link_poll(uint8_t *frame);

extern volatile uint16_t link_bad_frames;

#endif
