/* Vector table and reset handler: copy .data, clear .bss, run main. No C library. */
#include <stdint.h>

#include "board.h"

extern uint32_t __data_start, __data_end, __data_load, __bss_start, __bss_end, __stack_top;
int main(void);
void systick_handler(void);
void uart_irq_handler(void);

void reset_handler(void) {
  uint32_t *src = &__data_load;
  for (uint32_t *dst = &__data_start; dst < &__data_end;) *dst++ = *src++;
  for (uint32_t *dst = &__bss_start; dst < &__bss_end;) *dst++ = 0;
  main();
  for (;;) {
  }
}

static void default_handler(void) {
  for (;;) {
  }
}

/* External interrupt n: the UART's own handler, the default (spin) for the others. */
#define IRQ(n) ((n) == BOARD_UART_IRQ ? uart_irq_handler : default_handler)

__attribute__((section(".vectors"), used)) static void (*const vectors[24])(void) = {
    (void (*)(void))(&__stack_top), reset_handler, default_handler, default_handler,
    default_handler, default_handler, default_handler, 0, 0, 0, 0, default_handler, default_handler, 0,
    default_handler, systick_handler, IRQ(0), IRQ(1), IRQ(2), IRQ(3), IRQ(4), IRQ(5), IRQ(6), IRQ(7),
};
