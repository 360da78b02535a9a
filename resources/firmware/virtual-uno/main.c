/*
 * usage: mote-virtual-uno --bootloader optiboot.hex [--flash-image flash.bin] [--load app.hex]
 *                         [--pty-link path] [--control path.sock] [--adc signal.csv] [--no-pacing]
 *
 * --bootloader   optiboot built for the 512-byte boot section (0x7E00); required
 * --flash-image  a 32 KiB binary that holds the flash between runs: read at start, written at exit
 * --load         an application .hex written straight into flash (bypasses the bootloader)
 * --pty-link     a symlink to create that points at the pseudo-terminal (a stable port name)
 * --control      a Unix socket path that accepts the same commands as stdin, for other processes
 * --adc          a signal file fed to the ADC inputs from the start (see signal-feed.c)
 * --no-pacing    run as fast as the host allows instead of at 16 MHz of wall-clock time
 *
 * The first line on stdout is {"event":"ready","pty":...}; every later line is one JSON event or reply.
 * SIGTERM, SIGINT, `quit` or the end of stdin stop the board.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <simavr/avr_ioport.h>

#include "harness.h"

typedef struct {
  const char *bootloader, *flash_image, *load, *pty_link, *control, *adc;
  bool pacing;
} options_t;

static void on_signal(int sig) {
  (void)sig;
  harness.stop = 1;
}

static int parse_options(int argc, char **argv, options_t *o) {
  static const struct option long_options[] = {
      {"bootloader", required_argument, 0, 'b'}, {"flash-image", required_argument, 0, 'f'},
      {"load", required_argument, 0, 'l'},       {"pty-link", required_argument, 0, 'p'},
      {"control", required_argument, 0, 'c'},    {"adc", required_argument, 0, 'a'},
      {"no-pacing", no_argument, 0, 'n'},        {0, 0, 0, 0}};
  *o = (options_t){.pacing = true};
  int opt;
  while ((opt = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
    switch (opt) {
      case 'b': o->bootloader = optarg; break;
      case 'f': o->flash_image = optarg; break;
      case 'l': o->load = optarg; break;
      case 'p': o->pty_link = optarg; break;
      case 'c': o->control = optarg; break;
      case 'a': o->adc = optarg; break;
      case 'n': o->pacing = false; break;
      default: return -1;
    }
  }
  return o->bootloader ? 0 : -1;
}

static void fail(const char *message) {
  char escaped[512];
  json_escape(message, escaped, sizeof escaped);
  control_emit(&harness.control, "{\"event\":\"error\",\"message\":\"%s\"}", escaped);
  exit(2);
}

static void sleep_none(struct avr_t *avr, avr_cycle_count_t how_long) {
  (void)avr;
  (void)how_long; /* the main loop paces simulated time against the wall clock */
}

static void setup_avr(mote_harness_t *h, const options_t *o) {
  avr_global_logger_set(quiet_logger);
  avr_t *avr = avr_make_mcu_by_name("atmega328p");
  if (!avr) fail("simavr does not know the atmega328p");
  avr_init(avr);
  avr->frequency = UNO_CLOCK_HZ;
  avr->vcc = avr->avcc = avr->aref = 5000;
  avr->reset_pc = UNO_BOOT_START;
  avr->sleep = sleep_none;
  h->avr = avr;
  h->clock_hz = UNO_CLOCK_HZ;
  if (o->flash_image) load_flash_image(avr, o->flash_image);
  if (o->load && load_hex(avr, o->load) != 0) fail("cannot read the --load hex file");
  if (load_hex(avr, o->bootloader) != 0) fail("cannot read the bootloader hex file");
  h->core_reset = avr->reset;
  avr->reset = on_core_reset;
  avr_register_io_write(avr, MOTE_MARKER_ADDR, on_marker_write, h);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_IOPORT_GETIRQ('B'), IOPORT_IRQ_PIN5), on_led, h);
}

int main(int argc, char **argv) {
  options_t o;
  mote_harness_t *h = &harness;
  if (control_open(&h->control) != 0) return 2;
  if (parse_options(argc, argv, &o) != 0) fail("usage: mote-virtual-uno --bootloader optiboot.hex [options]");
  if (o.control && control_open_socket(&h->control, o.control) != 0) fail("cannot listen on the control socket");
  signal(SIGTERM, on_signal);
  signal(SIGINT, on_signal);
  signal(SIGPIPE, SIG_IGN);
  h->pacing = o.pacing;
  h->reset_on_open = true;
  h->flash_image_path = o.flash_image;
  setup_avr(h, &o);
  if (uart_pty_open(&h->pty, h->avr, o.pty_link) != 0) fail("cannot open a pseudo-terminal for UART0");
  char adc_error[256] = "";
  if (o.adc && signal_feed_load(&h->adc, h->avr, o.adc, false, adc_error, sizeof adc_error) != 0) fail(adc_error);
  char pty[256], link[1024], control[1024];
  json_escape(h->pty.slave_path, pty, sizeof pty);
  json_escape(h->pty.link_path, link, sizeof link);
  json_escape(h->control.socket_path, control, sizeof control);
  control_emit(&h->control,
               "{\"event\":\"ready\",\"protocol\":%d,\"pty\":\"%s\",\"link\":\"%s\",\"control\":\"%s\","
               "\"mcu\":\"atmega328p\",\"clockHz\":%u,\"bootStart\":%u,\"pid\":%d}",
               MOTE_HARNESS_PROTOCOL, pty, link, control, h->clock_hz, UNO_BOOT_START, (int)getpid());
  harness_request_reset(h, MOTE_RESET_POWER_ON, -1);
  harness_run(h);
  if (h->flash_image_path) save_flash_image(h->avr, h->flash_image_path);
  control_emit(&h->control, "{\"event\":\"stopped\",\"cycle\":%llu}", (unsigned long long)h->avr->cycle);
  uart_pty_close(&h->pty);
  control_close(&h->control);
  return 0;
}
