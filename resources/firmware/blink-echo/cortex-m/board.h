/*
 * The two QEMU machines' UART and LED, selected with -DMOTE_BOARD_MPS2_AN386 or -DMOTE_BOARD_LM3S6965.
 *   MPS2 AN386 (Cortex-M4): CMSDK APB UART0 at 0x40004000 (ARM DDI 0479C, 4.3), FPGA IO LEDs at 0x40028000.
 *   LM3S6965 (Cortex-M3): PL011-compatible UART0 at 0x4000C000, user LED on GPIO port F bit 0.
 */
#ifndef MOTE_BLINK_ECHO_BOARD_H
#define MOTE_BLINK_ECHO_BOARD_H
#include <stdint.h>

#define REG(addr) (*(volatile uint32_t *)(addr))

#if defined(MOTE_BOARD_MPS2_AN386)
#define BOARD_NAME "m4"
#define BOARD_UART_IRQ 0 /* QEMU hw/arm/mps2.c: UART0 RX is IRQ 0, TX IRQ 1 */
#define UART_DATA REG(0x40004000)
#define UART_STATE REG(0x40004004)
#define UART_CTRL REG(0x40004008)
#define UART_INTCLEAR REG(0x4000400C)
#define UART_BAUDDIV REG(0x40004010)
#define LED_REG REG(0x40028000)
static inline void board_init(void) {
  UART_BAUDDIV = 217; /* 25 MHz / 115200; QEMU ignores it but wants it >= 16 */
  UART_CTRL = 3;      /* TX and RX enable */
}
static inline int uart_tx_full(void) { return UART_STATE & 1; }
static inline int uart_rx_ready(void) { return (UART_STATE & 2) != 0; }
static inline void led_set(uint32_t on) { LED_REG = on; }
static inline void uart_enable_rx_irq(void) { UART_CTRL |= 1u << 3; }
static inline void uart_clear_rx_irq(void) { UART_INTCLEAR = 2; }
#elif defined(MOTE_BOARD_LM3S6965)
#define BOARD_NAME "m3"
#define BOARD_UART_IRQ 5 /* LM3S6965 datasheet, interrupt table: UART0 is interrupt 5 */
#define UART_DATA REG(0x4000C000)
#define UART_FR REG(0x4000C018)
#define UART_IBRD REG(0x4000C024)
#define UART_FBRD REG(0x4000C028)
#define UART_LCRH REG(0x4000C02C)
#define UART_CTL REG(0x4000C030)
#define UART_IM REG(0x4000C038)
#define UART_ICR REG(0x4000C044)
#define SYSCTL_RCGC1 REG(0x400FE104)
#define SYSCTL_RCGC2 REG(0x400FE108)
#define GPIOF_DIR REG(0x40025400)
#define GPIOF_DEN REG(0x4002551C)
#define GPIOF_DATA_BIT0 REG(0x40025004) /* address-masked data: bit 0 only */
static inline void board_init(void) {
  SYSCTL_RCGC1 |= 1;      /* UART0 clock */
  SYSCTL_RCGC2 |= 1 << 5; /* GPIO port F clock */
  UART_IBRD = 6;          /* 12 MHz / (16 * 115200) = 6.51 */
  UART_FBRD = 33;
  UART_LCRH = 3 << 5; /* 8N1 */
  UART_CTL = 0x301;   /* UARTEN, TXE, RXE */
  GPIOF_DIR |= 1;
  GPIOF_DEN |= 1;
}
static inline int uart_tx_full(void) { return (UART_FR & (1 << 5)) != 0; }
static inline int uart_rx_ready(void) { return (UART_FR & (1 << 4)) == 0; }
static inline void led_set(uint32_t on) { GPIOF_DATA_BIT0 = on & 1; }
static inline void uart_enable_rx_irq(void) { UART_IM |= 1u << 4; }
static inline void uart_clear_rx_irq(void) { UART_ICR = 1u << 4; }
#else
#error "define MOTE_BOARD_MPS2_AN386 or MOTE_BOARD_LM3S6965"
#endif

#endif
