/*
 * The Mote protocol's framing (docs/protocol.md, "Framing"): a frame is `type | payload | CRC-16/CCITT-FALSE
 * (little endian)` over type and payload, COBS-encoded, each followed by one 0x00. Received bytes are decoded
 * frame by frame from the port; frames are sent from up to two pieces of memory (a header and a body) without
 * copying them together, so a reply can carry bytes straight from the model's arena.
 */
#ifndef MOTE_LINK_H
#define MOTE_LINK_H

#include <stdint.h>

#ifndef MOTE_PORT_FRAME_BYTES
#define MOTE_PORT_FRAME_BYTES 250
#endif
#if MOTE_PORT_FRAME_BYTES < 32 || MOTE_PORT_FRAME_BYTES > 250
#error "MOTE_PORT_FRAME_BYTES is 32 to 250 (a raw frame: type, payload, CRC)"
#endif

/* The longest frame this firmware receives, type first, CRC removed. */
#define MOTE_LINK_MAX_RECEIVED (MOTE_PORT_FRAME_BYTES - 2)

/* Sends one 0x00 so that the host drops whatever partial frame it holds (once, at start). */
void link_send_delimiter(void);

/* Sends a frame whose payload is `head` then `body` (either may be empty); a payload is at most 247 bytes. */
void link_send(uint8_t type, const uint8_t *head, uint8_t head_length, const uint8_t *body, uint8_t body_length);

/*
 * Decodes the bytes the port has received. Returns the length of a complete, CRC-checked frame and points
 * `frame` at it (type first, CRC removed; at most MOTE_LINK_MAX_RECEIVED bytes, valid until the next call), or
 * returns 0 when none is complete yet. Frames that are too long, badly encoded or fail the CRC are dropped
 * and counted in link_bad_frames.
 */
uint8_t link_poll(const uint8_t **frame);

extern uint16_t link_bad_frames;

/* Bytes a frame being received occupies in the receive buffer (COBS adds one; the delimiter is not kept). */
#define MOTE_LINK_RX_BYTES (MOTE_PORT_FRAME_BYTES + 1)

/*
 * The receive buffer, MOTE_LINK_RX_BYTES long, given by the firmware: on a 2 KB board it is shared with other
 * work, which may use it only while link_receiving() is 0 and no frame returned by link_poll is still read.
 */
uint8_t *link_rx_buffer(void);

/* 1 while part of a frame has been received and the rest is awaited. */
uint8_t link_receiving(void);

#endif
