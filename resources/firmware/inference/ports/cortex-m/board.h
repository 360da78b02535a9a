/*
 * The Cortex-M boards of the inference firmware, selected with one -D:
 *   MOTE_BOARD_MPS2_AN386     QEMU mps2-an386 (virtual-m4): CMSDK APB UART0 at 0x40004000, RX IRQ 0.
 *   MOTE_BOARD_LM3S6965       QEMU lm3s6965evb (virtual-m3): PL011 UART0 at 0x4000C000, IRQ 5.
 *   MOTE_BOARD_NUCLEO_L4R5ZI  ST Nucleo-L4R5ZI: LPUART1 on PG7/PG8 (the ST-LINK's virtual COM port, UM2179
 *                             6.9), IRQ 70; the core runs on the 4 MHz MSI clock out of reset (RM0432 6.2.3).
 *   MOTE_BOARD_MICROBIT_V2    BBC micro:bit v2 (nRF52833): UART0 on P0.06 (TX) / P1.08 (RX), the DAPLink's
 *                             virtual COM port; IRQ 2; 64 MHz.
 * QEMU has no DWT cycle counter: SysTick counts there (see port_cortex_m.c); the real boards use DWT CYCCNT.
 * Untested on the two real boards (no hardware on the build machines); they build and link.
 */
#ifndef MOTE_CORTEX_M_BOARD_H
#define MOTE_CORTEX_M_BOARD_H
#include <stdint.h>

#define REG(addr) (*(volatile uint32_t *)(addr))

#if defined(MOTE_BOARD_MPS2_AN386)
#define BOARD_UART_IRQ 0
#define BOARD_QEMU 1
#define BOARD_SYSTICK_HZ 25000000u /* docs/virtual-boards.md: SysTick at 25 MHz of virtual time */
static inline void board_uart_init(void) {
  REG(0x40004010) = 217; /* BAUDDIV: QEMU ignores it but wants it >= 16 */
  REG(0x40004008) = 3u | (1u << 3); /* TX and RX enable, RX interrupt */
}
static inline int board_tx_full(void) { return REG(0x40004004) & 1u; }
static inline void board_tx(uint8_t b) { REG(0x40004000) = b; }
static inline int board_rx_ready(void) { return (REG(0x40004004) & 2u) != 0; }
static inline uint8_t board_rx(void) { return (uint8_t)REG(0x40004000); }
static inline void board_rx_clear(void) { REG(0x4000400C) = 2; }

#elif defined(MOTE_BOARD_LM3S6965)
#define BOARD_UART_IRQ 5
#define BOARD_QEMU 1
#define BOARD_SYSTICK_HZ 12500000u /* QEMU's LM3S6965 clock out of reset (docs/virtual-boards.md) */
static inline void board_uart_init(void) {
  REG(0x400FE104) |= 1; /* RCGC1: UART0 clock */
  REG(0x4000C024) = 6;  /* IBRD, FBRD: 12.5 MHz / (16 · 115200) */
  REG(0x4000C028) = 50;
  REG(0x4000C02C) = 3u << 5;  /* LCRH: 8N1 */
  REG(0x4000C030) = 0x301;    /* CTL: UARTEN, TXE, RXE */
  REG(0x4000C038) |= 1u << 4; /* IM: RX interrupt */
}
static inline int board_tx_full(void) { return (REG(0x4000C018) & (1u << 5)) != 0; }
static inline void board_tx(uint8_t b) { REG(0x4000C000) = b; }
static inline int board_rx_ready(void) { return (REG(0x4000C018) & (1u << 4)) == 0; }
static inline uint8_t board_rx(void) { return (uint8_t)REG(0x4000C000); }
static inline void board_rx_clear(void) { REG(0x4000C044) = 1u << 4; }

#elif defined(MOTE_BOARD_NUCLEO_L4R5ZI)
#define BOARD_UART_IRQ 70
#define BOARD_QEMU 0
#define LPUART1 0x40008000u
static inline void board_uart_init(void) {
  REG(0x40021058) |= 1u << 28;                                       /* APB1ENR1: PWR */
  REG(0x40007004) |= 1u << 9;                                        /* PWR_CR2.IOSV: VDDIO2 for port G */
  REG(0x4002104C) |= 1u << 6;                                        /* AHB2ENR: GPIOG */
  REG(0x4002105C) |= 1u;                                             /* APB1ENR2: LPUART1 */
  REG(0x48001800) = (REG(0x48001800) & ~(0xFu << 14)) | (0xAu << 14); /* PG7, PG8 alternate function */
  REG(0x48001820) = (REG(0x48001820) & ~(0xFu << 28)) | (8u << 28);  /* AFRL: PG7 AF8 */
  REG(0x48001824) = (REG(0x48001824) & ~0xFu) | 8u;                  /* AFRH: PG8 AF8 */
  REG(LPUART1 + 0x0C) = 8889;                                        /* BRR: 256 · 4 MHz / 115200 */
  REG(LPUART1 + 0x00) = (1u << 0) | (1u << 2) | (1u << 3) | (1u << 5); /* UE, RE, TE, RXNEIE */
}
static inline int board_tx_full(void) { return (REG(LPUART1 + 0x1C) & (1u << 7)) == 0; }
static inline void board_tx(uint8_t b) { REG(LPUART1 + 0x28) = b; }
static inline int board_rx_ready(void) { return (REG(LPUART1 + 0x1C) & (1u << 5)) != 0; }
static inline uint8_t board_rx(void) { return (uint8_t)REG(LPUART1 + 0x24); }
static inline void board_rx_clear(void) { REG(LPUART1 + 0x20) = 1u << 3; /* ICR: ORECF */ }

#elif defined(MOTE_BOARD_MICROBIT_V2)
#define BOARD_UART_IRQ 2
#define BOARD_QEMU 0
#define UART0 0x40002000u
static inline void board_uart_init(void) {
  REG(UART0 + 0x50C) = 6;               /* PSEL.TXD: P0.06 */
  REG(UART0 + 0x514) = 32u + 8u;        /* PSEL.RXD: P1.08 */
  REG(UART0 + 0x524) = 0x01D7E000u;     /* BAUDRATE: 115200 */
  REG(UART0 + 0x500) = 4;               /* ENABLE: UART */
  REG(UART0 + 0x304) = 1u << 2;         /* INTENSET: RXDRDY */
  REG(UART0 + 0x000) = 1;               /* TASKS_STARTRX */
  REG(UART0 + 0x008) = 1;               /* TASKS_STARTTX */
  REG(UART0 + 0x11C) = 1;               /* EVENTS_TXDRDY set: the first byte may go */
}
static inline int board_tx_full(void) { return REG(UART0 + 0x11C) == 0; }
static inline void board_tx(uint8_t b) {
  REG(UART0 + 0x11C) = 0;
  REG(UART0 + 0x51C) = b;
}
static inline int board_rx_ready(void) { return REG(UART0 + 0x108) != 0; }
static inline uint8_t board_rx(void) {
  REG(UART0 + 0x108) = 0;
  return (uint8_t)REG(UART0 + 0x518);
}
static inline void board_rx_clear(void) {}

#else
#error "define one MOTE_BOARD_* (see board.h)"
#endif

#endif
