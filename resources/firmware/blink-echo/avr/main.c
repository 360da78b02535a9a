/*
 * Blink-and-echo for the Arduino Uno (ATmega328P, 16 MHz), no Arduino core.
 *
 * - UART0 at 115200 8N1 (U2X, UBRR0 = 16, as optiboot uses); prints one banner line at start:
 *     "mote blink-echo avr adc0=<0..1023>\r\n"   (A0 read once, so a virtual board's signal file shows up)
 *   then echoes every received byte unchanged.
 * - LED on PB5 (pin 13) toggles every 500 ms (Timer1 in CTC mode, polled: no interrupts anywhere).
 * - Around a known loop, the cycle markers in GPIOR0 (1 = start, 2 = stop) that the virtual Uno times;
 *   the loop runs once after the banner and at every LED toggle. Its length in cycles is exactly
 *   4 * MOTE_LOOP_COUNT (see marked_loop), which test/main/services/virtual-boards checks.
 */
#include <avr/io.h>
#include <stdint.h>

#ifndef MOTE_LOOP_COUNT
#define MOTE_LOOP_COUNT 1000
#endif

#define BAUD_UBRR 16 /* (F_CPU / (8 * 115200)) - 1, rounded: 117647 baud, 2.1% fast, as optiboot */

static void uart_init(void) {
  UCSR0A = _BV(U2X0);
  UBRR0H = 0;
  UBRR0L = BAUD_UBRR;
  UCSR0C = _BV(UCSZ01) | _BV(UCSZ00);
  UCSR0B = _BV(RXEN0) | _BV(TXEN0);
}

static void uart_put(uint8_t byte) {
  while (!(UCSR0A & _BV(UDRE0))) {
  }
  UDR0 = byte;
}

static void uart_print(const char *text) {
  while (*text) uart_put((uint8_t)*text++);
}

static void uart_print_u16(uint16_t value) {
  char digits[6];
  uint8_t n = 0;
  do {
    digits[n++] = (char)('0' + value % 10);
    value /= 10;
  } while (value);
  while (n) uart_put((uint8_t)digits[--n]);
}

static uint16_t adc_read_a0(void) {
  ADMUX = _BV(REFS0); /* AVCC reference, channel 0 */
  ADCSRA = _BV(ADEN) | _BV(ADSC) | _BV(ADPS2) | _BV(ADPS1) | _BV(ADPS0);
  while (ADCSRA & _BV(ADSC)) {
  }
  return ADC;
}

/*
 * Cycle count between the markers, from the ATmega328P instruction set timings (Atmel doc 0856):
 *   out GPIOR0, start   1            counted: the harness timestamps each marker write as it starts
 *   sbiw r24, 1         2 x N
 *   brne 1b             2 x (N - 1) taken + 1 not taken
 *   out GPIOR0, stop    not counted
 * total = 1 + 2N + 2(N - 1) + 1 = 4N. The counter is loaded before the first marker.
 */
static void marked_loop(void) {
  uint16_t n = MOTE_LOOP_COUNT;
  __asm__ __volatile__(
      "out %[gpior], %[start]\n\t"
      "1: sbiw %[n], 1\n\t"
      "brne 1b\n\t"
      "out %[gpior], %[stop]\n\t"
      : [n] "+w"(n)
      : [gpior] "I"(_SFR_IO_ADDR(GPIOR0)), [start] "r"((uint8_t)1), [stop] "r"((uint8_t)2));
}

static void timer_init(void) {
  TCCR1A = 0;
  OCR1A = 31249; /* 16 MHz / 256 / 31250 = 2 Hz */
  TCCR1B = _BV(WGM12) | _BV(CS12);
}

int main(void) {
  DDRB |= _BV(DDB5);
  uart_init();
  timer_init();
  uart_print("mote blink-echo avr adc0=");
  uart_print_u16(adc_read_a0());
  uart_print("\r\n");
  marked_loop();
  for (;;) {
    if (UCSR0A & _BV(RXC0)) uart_put(UDR0);
    if (TIFR1 & _BV(OCF1A)) {
      TIFR1 = _BV(OCF1A);
      PINB = _BV(PINB5); /* writing 1 to PINx toggles the pin */
      marked_loop();
    }
  }
}
