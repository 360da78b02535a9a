/*
 * What a board port gives the portable core of the Mote inference firmware (docs/firmware.md, "Ports").
 * One port per board family: ports/avr (ATmega328P boards and the virtual Uno) and ports/cortex-m (the QEMU
 * machines, the Nucleo-L4R5ZI, the micro:bit v2). Everything here is called from the main loop.
 *
 * A port also defines, on the compiler's command line or in the generated app header:
 *   MOTE_PORT_CLOCK_HZ     the core clock the firmware runs at (reported in Identity)
 *   MOTE_PORT_CYCLE_KIND   what port_cycles() counts: MOTE_CYCLES_CPU or MOTE_CYCLES_INSTRUCTIONS
 *   MOTE_PORT_FRAME_BYTES  the longest frame it receives (the Load chunk limit follows from it)
 */
#ifndef MOTE_PORT_H
#define MOTE_PORT_H

#include <stdint.h>

/* Values of MOTE_PORT_CYCLE_KIND, as sent in Identity. */
#define MOTE_CYCLES_NONE 0
#define MOTE_CYCLES_CPU 1          /* CPU cycles: AVR Timer1 at F_CPU, the Cortex-M DWT cycle counter */
#define MOTE_CYCLES_INSTRUCTIONS 2 /* instructions executed: QEMU's SysTick under -icount shift=0 */

/* Clocks, the serial port, the cycle counter and interrupts; called once, first thing in main. */
void port_init(void);

/* The next received byte, or -1 when none is waiting (an interrupt buffers received bytes). */
int16_t port_read(void);

/* Sends bytes, waiting while the transmitter is busy (blocking, no transmit buffer). */
void port_write(const uint8_t *bytes, uint16_t count);

/* A free-running 32-bit count of MOTE_PORT_CYCLE_KIND; differences of two readings are exact mod 2^32. */
uint32_t port_cycles(void);

/* Marks the start (1) and the end (2) of a measured stretch for a simulator that watches (virtual Uno). */
void port_marker(uint8_t marker);

/* Sleeps until an interrupt when the main loop has nothing to do (WFI on Cortex-M); may return at once. */
void port_idle(void);

/* The lowest and one-past-the-highest address of the stack's room, for painting and measuring it. */
uintptr_t port_stack_floor(void);
uintptr_t port_stack_ceiling(void);

/* Bytes of .data and .bss, from the linker's symbols. */
uint32_t port_static_ram_bytes(void);

/*
 * Live input at the design's rate. `port_live_start` returns 0 when the board cannot sample `channels`
 * inputs at `rate_mhz` (millihertz); otherwise it starts a periodic tick and gives its exact rate as
 * timer clock / period. `port_live_next` returns 1 with the index of the next frame (0, 1, 2, … since
 * start; a gap means frames were lost) and, on boards with analog inputs, its raw ADC counts, or 0 when
 * no frame is due yet. `port_live_overruns` counts frames lost because the firmware was busy.
 */
typedef struct {
  uint32_t timer_clock_hz;
  uint32_t period_ticks;
} port_live_timing_t;

uint8_t port_live_start(uint32_t rate_mhz, uint8_t channels, port_live_timing_t *timing);
uint8_t port_live_next(uint32_t *index, uint16_t *counts);
void port_live_stop(void);
uint32_t port_live_overruns(void);

#endif
