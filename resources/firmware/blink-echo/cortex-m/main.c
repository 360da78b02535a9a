/*
 * Blink-and-echo for the virtual Cortex-M boards (QEMU mps2-an386, lm3s6965evb). No C library.
 *
 * - Prints "mote blink-echo <m4|m3>\r\n" at start, then "mark ticks=<n> loops=<N>\r\n": the SysTick ticks
 *   (processor clock) spent in a known loop, read before and after it (the Cortex-M "cycle markers";
 *   QEMU has no cycle-accurate core, so with -icount the figure is reproducible, not a hardware count).
 * - Then echoes every received byte unchanged, and toggles the LED every 2^24 SysTick ticks.
 * - Between bytes it sleeps in WFI (UART receive and SysTick interrupts wake it), so that QEMU, run with
 *   -icount sleep=on, idles instead of spinning a host core. Interrupts are enabled only after the
 *   marked loop, which therefore runs undisturbed.
 */
#include <stdint.h>

#include "board.h"

#ifndef MOTE_LOOP_COUNT
#define MOTE_LOOP_COUNT 100000
#endif

#define SYST_CSR REG(0xE000E010)
#define SYST_RVR REG(0xE000E014)
#define SYST_CVR REG(0xE000E018)
#define NVIC_ISER0 REG(0xE000E100)

#define RX_RING_BYTES 64u

static volatile uint8_t rx_ring[RX_RING_BYTES];
static volatile uint32_t rx_head, rx_tail;
static volatile uint32_t led;

/*
 * Moves received bytes into the ring (dropped when it is full); main echoes them. The interrupt is cleared
 * before the data register is drained, never after: a byte that arrives between the last read and a late
 * clear would have its interrupt wiped while it sits unread, and receive would stall for good (it did,
 * under load, in QEMU: the UART model delivers the next byte from another thread as soon as DATA is read).
 */
void uart_irq_handler(void) {
  uart_clear_rx_irq();
  while (uart_rx_ready()) {
    uint8_t byte = (uint8_t)UART_DATA;
    uint32_t next = (rx_head + 1) % RX_RING_BYTES;
    if (next != rx_tail) {
      rx_ring[rx_head] = byte;
      rx_head = next;
    }
  }
}

void systick_handler(void) {
  led ^= 1;
  led_set(led);
}

static void uart_put(uint8_t byte) {
  while (uart_tx_full()) {
  }
  UART_DATA = byte;
}

static void uart_print(const char *text) {
  while (*text) uart_put((uint8_t)*text++);
}

static void uart_print_u32(uint32_t value) {
  char digits[10];
  int n = 0;
  do {
    digits[n++] = (char)('0' + value % 10);
    value /= 10;
  } while (value);
  while (n) uart_put((uint8_t)digits[--n]);
}

/* SysTick counts down from 0xFFFFFF at the processor clock; the loop is 2 instructions per pass. */
static uint32_t marked_loop_ticks(void) {
  uint32_t n = MOTE_LOOP_COUNT;
  uint32_t start = SYST_CVR;
  __asm__ __volatile__("1: subs %0, %0, #1\n\t"
                       "bne 1b\n\t"
                       : "+r"(n)
                       :
                       : "cc");
  uint32_t end = SYST_CVR;
  return (start - end) & 0xFFFFFF;
}

int main(void) {
  board_init();
  SYST_RVR = 0xFFFFFF;
  SYST_CVR = 0;
  SYST_CSR = 5; /* enable, processor clock, no interrupt */
  uart_print("mote blink-echo " BOARD_NAME "\r\n");
  uint32_t ticks = marked_loop_ticks();
  uart_print("mark ticks=");
  uart_print_u32(ticks);
  uart_print(" loops=");
  uart_print_u32(MOTE_LOOP_COUNT);
  uart_print("\r\n");
  uart_enable_rx_irq();
  NVIC_ISER0 = 1u << BOARD_UART_IRQ;
  SYST_CSR = 7; /* enable, interrupt on wrap, processor clock */
  for (;;) {
    /* Check and sleep with interrupts masked: an interrupt pending since the check still ends the WFI. */
    __asm__ __volatile__("cpsid i" ::: "memory");
    if (rx_tail == rx_head) __asm__ __volatile__("wfi");
    __asm__ __volatile__("cpsie i" ::: "memory");
    while (rx_tail != rx_head) {
      uart_put(rx_ring[rx_tail]);
      rx_tail = (rx_tail + 1) % RX_RING_BYTES;
    }
  }
}
