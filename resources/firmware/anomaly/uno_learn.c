/*
 * The on-device learning firmware for the Uno (docs/anomaly.md, "The learning firmware"): learns "normal"
 * from the next N feature windows, keeps the model in EEPROM across resets, then answers each window with
 * its anomaly score. Line protocol at 115200 8N1 (U2X, UBRR0 = 16, as optiboot), one reply per line; the
 * host waits for the reply before sending the next line (the UART holds two bytes, learning takes ~4 ms):
 *   board, at start:  "mote anomaly-learn 1 features=<d> model=<windows learnt|none>"
 *   "L <n>"           learn the next n windows (2…4096)       -> "ok learn <n>"
 *   "W <q1> … <qd>"   one window, d int16 features             -> learning: "learned <k>", the n-th
 *                                                                 "saved <n>"; else "score <s>"
 *   anything wrong                                             -> "error <what>"
 */
#include <avr/io.h>
#include <stdlib.h>
#include "mote_anomaly_learn.h"

#define BAUD_UBRR 16

static mote_al_state state;
static mote_al_model model;
static int16_t window[MOTE_AL_FEATURES];
static uint8_t have_model;
static uint16_t learn_target;

static void uart_init(void) {
  UCSR0A = _BV(U2X0);
  UBRR0H = 0;
  UBRR0L = BAUD_UBRR;
  UCSR0C = _BV(UCSZ01) | _BV(UCSZ00);
  UCSR0B = _BV(RXEN0) | _BV(TXEN0);
}

static void put(char c) {
  while (!(UCSR0A & _BV(UDRE0))) {
  }
  UDR0 = c;
}

static void puts_(const char *s) {
  while (*s) put(*s++);
}

static void put_u32(uint32_t v) {
  char digits[11];
  ultoa(v, digits, 10);
  puts_(digits);
}

static void reply(const char *what, uint32_t v) {
  puts_(what);
  put_u32(v);
  put('\n');
}

/* The line being received: its command letter, numbers parsed as they arrive (no line buffer). */
static char command;
static uint16_t values;
static int32_t number;
static uint8_t negative, in_number, bad;

static void end_number(void) {
  if (!in_number) return;
  if (negative) number = -number;
  if (command == 'W' && values < MOTE_AL_FEATURES) window[values] = (int16_t)number;
  if (command == 'L' && values == 0) learn_target = number > 4096 ? 0 : (uint16_t)number;
  values++;
  number = 0;
  negative = in_number = 0;
}

static void on_window(void) {
  if (values != MOTE_AL_FEATURES) {
    puts_("error features\n");
  } else if (learn_target > 0) {
    mote_al_learn(&state, window);
    if (state.count < learn_target) {
      reply("learned ", state.count);
    } else {
      mote_al_finish(&state, &model);
      mote_al_save(&model);
      have_model = 1;
      learn_target = 0;
      reply("saved ", model.count);
    }
  } else if (!have_model) {
    puts_("error no-model\n");
  } else {
    reply("score ", mote_al_score(&model, window));
  }
}

static void on_line(void) {
  end_number();
  if (bad) puts_("error syntax\n");
  else if (command == 'W') on_window();
  else if (command == 'L' && values == 1 && learn_target >= 2) {
    mote_al_reset(&state);
    reply("ok learn ", learn_target);
  } else if (command != 0) {
    learn_target = 0;
    puts_("error command\n");
  }
  command = 0;
  values = 0;
  bad = 0;
}

static void on_char(char c) {
  if (c == '\r') {
  } else if (c == '\n') {
    on_line();
  } else if (command == 0) {
    command = c;
  } else if (c == ' ') {
    end_number();
  } else if (c == '-' && !in_number) {
    negative = in_number = 1;
  } else if (c < '0' || c > '9' || number > 3276) {
    bad = 1; /* not a digit, or the number would pass 32767 (or 4096 for L) by far */
  } else {
    number = number * 10 + (c - '0');
    in_number = 1;
    if (number > 32767) bad = 1;
  }
}

int main(void) {
  uart_init();
  have_model = mote_al_load(&model) == 0;
  puts_("mote anomaly-learn 1 features=");
  put_u32(MOTE_AL_FEATURES);
  if (have_model) reply(" model=", model.count);
  else puts_(" model=none\n");
  for (;;) {
    if (UCSR0A & _BV(RXC0)) on_char((char)UDR0);
  }
}
