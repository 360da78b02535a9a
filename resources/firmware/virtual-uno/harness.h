/*
 * Mote virtual Uno: an ATmega328P at 16 MHz in libsimavr, with optiboot in the boot section and UART0 on a
 * pseudo-terminal. See docs/virtual-boards.md for the protocol on stdout/stdin and the control socket.
 */
#ifndef MOTE_VIRTUAL_UNO_HARNESS_H
#define MOTE_VIRTUAL_UNO_HARNESS_H

#include <signal.h>
#include <stdarg.h>
#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <simavr/sim_avr.h>
#include <simavr/sim_irq.h>

/* The harness protocol version, printed in the ready event; bump it when events or commands change. */
#define MOTE_HARNESS_PROTOCOL 1

/* GPIOR0 (I/O 0x1E, data 0x3E) carries the firmware's cycle markers: 1 starts, 2 stops. */
#define MOTE_MARKER_ADDR 0x3E
#define MOTE_MARKER_START 1
#define MOTE_MARKER_STOP 2

#define MOTE_RING_BYTES 4096

typedef struct {
  uint8_t bytes[MOTE_RING_BYTES];
  uint32_t head;
  uint32_t len;
} mote_ring_t;

/* UART0 <-> pseudo-terminal. `host_open` follows the slave side: a program has the port open. */
typedef struct {
  int master_fd;
  char slave_path[128];
  char link_path[512];
  bool host_open;
  mote_ring_t to_avr;
  mote_ring_t to_host;
  avr_irq_t *input_irq;
  void *uart; /* avr_uart_t of UART0, to check its receive FIFO */
  uint64_t dropped_to_host;
} mote_uart_pty_t;

#define MOTE_MAX_CHANNELS 8

/* ADC inputs fed from a signal file: rows of (time, millivolts per channel), held between rows. */
typedef struct {
  bool active;
  bool loop;
  uint32_t rows;
  uint8_t channel_count;
  uint8_t channels[MOTE_MAX_CHANNELS];
  double *time_s;
  double *millivolts; /* rows x channel_count */
  uint64_t start_cycle;
  uint32_t next_row;
  avr_irq_t *adc_irq;
} mote_signal_feed_t;

#define MOTE_MAX_CLIENTS 8
#define MOTE_LINE_BYTES 1024

typedef struct {
  int fd;
  char line[MOTE_LINE_BYTES];
  uint32_t len;
} mote_line_reader_t;

typedef struct {
  int events_fd;
  mote_line_reader_t stdin_reader;
  bool stdin_open;
  int listen_fd;
  char socket_path[512];
  mote_line_reader_t clients[MOTE_MAX_CLIENTS];
} mote_control_t;

typedef enum {
  MOTE_RESET_NONE = 0,
  MOTE_RESET_POWER_ON,
  MOTE_RESET_CONTROL,
  MOTE_RESET_PORT_OPEN,
} mote_reset_request_t;

typedef struct {
  avr_t *avr;
  uint32_t clock_hz;
  bool pacing;
  bool reset_on_open;
  volatile sig_atomic_t stop;
  bool reset_seen;    /* set by the core's reset hook, reported from the main loop */
  void (*core_reset)(struct avr_t *avr);
  uint64_t marker_start_cycle;
  bool marker_started;
  uint64_t marker_count;
  uint64_t last_marker_cycles;
  uint8_t led_value;
  mote_uart_pty_t pty;
  mote_signal_feed_t adc;
  mote_control_t control;
  const char *flash_image_path;
  uint64_t pace_base_cycle;
  uint64_t pace_base_ns;
} mote_harness_t;

/* control.c */
int control_open(mote_control_t *c);
int control_open_socket(mote_control_t *c, const char *socket_path);
void control_close(mote_control_t *c);
void control_emit(mote_control_t *c, const char *format, ...) __attribute__((format(printf, 2, 3)));
void control_reply(mote_control_t *c, int fd, const char *format, ...) __attribute__((format(printf, 3, 4)));
void json_escape(const char *in, char *out, size_t size);
int control_poll_fds(mote_control_t *c, struct pollfd *fds, int max);
void control_service(mote_harness_t *h, const struct pollfd *fds, int count);

/* commands.c */
void commands_run(mote_harness_t *h, int reply_fd, char *line);

/* uart-pty.c */
int uart_pty_open(mote_uart_pty_t *p, avr_t *avr, const char *link_path);
void uart_pty_close(mote_uart_pty_t *p);
void uart_pty_service(mote_harness_t *h, short revents);
void uart_pty_pump(mote_uart_pty_t *p, avr_t *avr);
void uart_pty_on_reset(mote_uart_pty_t *p);

/* signal-feed.c */
int signal_feed_load(mote_signal_feed_t *f, avr_t *avr, const char *path, bool loop, char *error, int error_len);
void signal_feed_clear(mote_signal_feed_t *f, avr_t *avr);
void signal_feed_rearm(mote_signal_feed_t *f, avr_t *avr);

/* harness.c */
extern mote_harness_t harness;
#define UNO_CLOCK_HZ 16000000u
#define UNO_BOOT_START 0x7E00u /* BOOTRST programmed, BOOTSZ = 256 words: hfuse 0xDE */
void harness_request_reset(mote_harness_t *h, mote_reset_request_t cause, int reply_fd);
void harness_run(mote_harness_t *h);
void on_core_reset(struct avr_t *avr);
void on_marker_write(struct avr_t *avr, avr_io_addr_t addr, uint8_t v, void *param);
void on_led(struct avr_irq_t *irq, uint32_t value, void *param);
void quiet_logger(struct avr_t *avr, const int level, const char *format, va_list ap);
int load_hex(avr_t *avr, const char *path);
void load_flash_image(avr_t *avr, const char *path);
void save_flash_image(avr_t *avr, const char *path);

#endif
