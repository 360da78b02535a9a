/* Vector table and reset handler: copy .data, clear .bss, enable the FPU when built for it, run main. */
#include <stdint.h>

#include "board.h"

extern uint32_t __data_start, __data_end, __data_load, __bss_start, __bss_end, __stack_top;
int main(void);
void port_systick_handler(void);
void port_uart_handler(void);

void reset_handler(void) {
  uint32_t *src = &__data_load;
  for (uint32_t *dst = &__data_start; dst < &__data_end;) *dst++ = *src++;
  for (uint32_t *dst = &__bss_start; dst < &__bss_end;) *dst++ = 0;
#if defined(__ARM_FP)
  REG(0xE000ED88) |= 0xFu << 20; /* CPACR: CP10 and CP11 full access */
  __asm__ volatile("dsb\n isb");
#endif
  main();
  for (;;) {
  }
}

static void default_handler(void) {
  for (;;) {
  }
}

#define IRQ(n) ((n) == BOARD_UART_IRQ ? port_uart_handler : default_handler)
#define IRQ8(n) IRQ(n), IRQ(n + 1), IRQ(n + 2), IRQ(n + 3), IRQ(n + 4), IRQ(n + 5), IRQ(n + 6), IRQ(n + 7)

/* 16 system vectors, then 80 external interrupts (the Nucleo's LPUART1 is number 70). */
__attribute__((section(".vectors"), used)) static void (*const vectors[16 + 80])(void) = {
    (void (*)(void))(&__stack_top), reset_handler, default_handler, default_handler, default_handler,
    default_handler, default_handler, 0, 0, 0, 0, default_handler, default_handler, 0, default_handler,
    port_systick_handler, IRQ8(0), IRQ8(8), IRQ8(16), IRQ8(24), IRQ8(32), IRQ8(40), IRQ8(48), IRQ8(56),
    IRQ8(64), IRQ8(72),
};
