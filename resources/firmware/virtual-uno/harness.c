/*
 * Mote virtual Uno harness: main loop, resets, cycle markers, real-time pacing.
 *
 * Start-up and options live in main.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <simavr/avr_ioport.h>

#include "harness.h"

#define MCUSR_ADDR 0x54 /* data-space address of MCUSR on the ATmega328P */
#define INSTRUCTIONS_PER_ROUND 2048
#define PACING_SLACK_NS 250000000ull /* further behind than this and we stop trying to catch up */

mote_harness_t harness;

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static const char *cause_name(mote_reset_request_t cause) {
  switch (cause) {
    case MOTE_RESET_POWER_ON:
      return "power-on";
    case MOTE_RESET_PORT_OPEN:
      return "port-open";
    default:
      return "control";
  }
}

/* Wraps the core's reset so that every reset, the watchdog's included, is seen and re-arms our hooks. */
void on_core_reset(struct avr_t *avr) {
  harness.core_reset(avr);
  harness.reset_seen = true;
  harness.marker_started = false;
}

/* Resets like the RESET pin does (EXTRF), or like power-up (PORF). Called between instructions only. */
void harness_request_reset(mote_harness_t *h, mote_reset_request_t cause, int reply_fd) {
  avr_reset(h->avr);
  h->reset_seen = false;
  avr_regbit_set(h->avr, cause == MOTE_RESET_POWER_ON ? h->avr->reset_flags.porf : h->avr->reset_flags.extrf);
  h->avr->pc = UNO_BOOT_START;
  h->avr->state = cpu_Running;
  uart_pty_on_reset(&h->pty);
  signal_feed_rearm(&h->adc, h->avr);
  control_emit(&h->control, "{\"event\":\"reset\",\"cause\":\"%s\",\"mcusr\":%u,\"cycle\":%llu}",
               cause_name(cause), h->avr->data[MCUSR_ADDR], (unsigned long long)h->avr->cycle);
  if (reply_fd >= 0) control_reply(&h->control, reply_fd, "{\"reply\":\"reset\",\"ok\":true,\"cycle\":%llu}",
                                   (unsigned long long)h->avr->cycle);
}

/* A reset the core did by itself (the watchdog): report it once the instruction is over. */
static void report_internal_reset(mote_harness_t *h) {
  if (!h->reset_seen) return;
  h->reset_seen = false;
  uart_pty_on_reset(&h->pty);
  signal_feed_rearm(&h->adc, h->avr);
  control_emit(&h->control, "{\"event\":\"reset\",\"cause\":\"watchdog\",\"mcusr\":%u,\"cycle\":%llu}",
               h->avr->data[MCUSR_ADDR], (unsigned long long)h->avr->cycle);
}

/*
 * GPIOR0 writes: the firmware's cycle markers. The callback runs while the `out`/`sts` executes, before
 * simavr adds that instruction's cycles, so stop - start counts the start instruction and everything up to
 * (not including) the stop instruction: the cycles of the code between the two markers plus one `out`.
 */
void on_marker_write(struct avr_t *avr, avr_io_addr_t addr, uint8_t v, void *param) {
  mote_harness_t *h = param;
  avr->data[addr] = v;
  if (v == MOTE_MARKER_START) {
    h->marker_start_cycle = avr->cycle;
    h->marker_started = true;
  } else if (v == MOTE_MARKER_STOP && h->marker_started) {
    h->marker_started = false;
    h->last_marker_cycles = avr->cycle - h->marker_start_cycle;
    h->marker_count++;
    control_emit(&h->control, "{\"event\":\"marker\",\"cycles\":%llu,\"startCycle\":%llu,\"endCycle\":%llu}",
                 (unsigned long long)h->last_marker_cycles, (unsigned long long)h->marker_start_cycle,
                 (unsigned long long)avr->cycle);
  }
}

/* The Uno's LED is on PB5 (pin 13). */
void on_led(struct avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq;
  mote_harness_t *h = param;
  if ((uint8_t)value == h->led_value) return;
  h->led_value = (uint8_t)value;
  control_emit(&h->control, "{\"event\":\"pin\",\"pin\":\"PB5\",\"value\":%u,\"cycle\":%llu}", value & 1,
               (unsigned long long)h->avr->cycle);
}

/* simavr logs every invalid opcode (an erased flash is 0xFFFF words); keep errors, drop the flood. */
void quiet_logger(struct avr_t *avr, const int level, const char *format, va_list ap) {
  (void)avr;
  static unsigned invalid_opcodes = 0;
  if (level > LOG_ERROR) return;
  if (strstr(format, "Invalid Opcode") && ++invalid_opcodes > 1) return;
  vfprintf(stderr, format, ap);
}

void load_flash_image(avr_t *avr, const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return;
  size_t n = fread(avr->flash, 1, avr->flashend + 1, f);
  (void)n;
  fclose(f);
}

void save_flash_image(avr_t *avr, const char *path) {
  char temp[1024];
  snprintf(temp, sizeof temp, "%s.tmp-%d", path, (int)getpid());
  FILE *f = fopen(temp, "wb");
  if (!f) return;
  size_t n = fwrite(avr->flash, 1, avr->flashend + 1, f);
  if (fclose(f) == 0 && n == avr->flashend + 1) rename(temp, path);
  else unlink(temp);
}

/* How long to wait so that simulated time does not run ahead of the wall clock; 0 when behind. */
static int pacing_wait_ns(mote_harness_t *h, struct timespec *wait) {
  if (!h->pacing) return 0;
  uint64_t wall = now_ns() - h->pace_base_ns;
  uint64_t sim = (uint64_t)((double)(h->avr->cycle - h->pace_base_cycle) * 1e9 / h->clock_hz);
  if (wall > sim + PACING_SLACK_NS) {
    h->pace_base_ns = now_ns();
    h->pace_base_cycle = h->avr->cycle;
    return 0;
  }
  if (sim <= wall + 200000) return 0;
  uint64_t ahead = sim - wall;
  if (ahead > 10000000) ahead = 10000000;
  wait->tv_sec = 0;
  wait->tv_nsec = (long)ahead;
  return 1;
}

/*
 * Polls the pty and the control channel, sleeping as long as pacing asks. While no program has the port
 * open the pty master reports POLLHUP without pause, so it is checked with a zero timeout first and only
 * waited on while the port is open.
 */
static void service_io(mote_harness_t *h, int idle) {
  struct pollfd pty = {.fd = h->pty.master_fd, .events = POLLIN};
  if (poll(&pty, 1, 0) >= 0) uart_pty_service(h, pty.revents);
  struct pollfd fds[2 + MOTE_MAX_CLIENTS];
  int count = control_poll_fds(&h->control, fds, 1 + MOTE_MAX_CLIENTS);
  int pty_index = -1;
  if (h->pty.host_open) {
    pty_index = count;
    fds[count++] = (struct pollfd){.fd = h->pty.master_fd, .events = POLLIN};
  }
  struct timespec wait = {0, 0};
  if (idle) wait.tv_nsec = 10000000;
  else pacing_wait_ns(h, &wait);
  if (ppoll(fds, (nfds_t)count, &wait, NULL) < 0) return;
  if (pty_index >= 0 && fds[pty_index].revents) uart_pty_service(h, fds[pty_index].revents);
  control_service(h, fds, pty_index >= 0 ? pty_index : count);
  uart_pty_pump(&h->pty, h->avr);
}

/* True when the next instruction is erased flash (0xFFFF): a real Uno slides through it doing nothing;
 * simavr 1.6 decodes it as a store and scribbles over I/O registers, so the harness halts instead. */
static bool at_erased_flash(const avr_t *avr) {
  return avr->pc < UNO_BOOT_START && avr->flash[avr->pc] == 0xFF && avr->flash[avr->pc + 1] == 0xFF;
}

static const char *halt_reason(const avr_t *avr) {
  if (avr->state == cpu_Crashed) return "crashed";
  if (avr->state == cpu_Done) return "done";
  return "erased-flash";
}

void harness_run(mote_harness_t *h) {
  avr_t *avr = h->avr;
  h->pace_base_ns = now_ns();
  h->pace_base_cycle = avr->cycle;
  bool was_idle = false;
  while (!h->stop) {
    for (int i = 0; i < INSTRUCTIONS_PER_ROUND && (avr->state == cpu_Running || avr->state == cpu_Sleeping); i++) {
      if (at_erased_flash(avr)) {
        avr->state = cpu_Stopped;
        break;
      }
      avr_run(avr);
      if (h->reset_seen) report_internal_reset(h);
      uart_pty_pump(&h->pty, avr);
    }
    bool idle = avr->state != cpu_Running && avr->state != cpu_Sleeping;
    if (idle && !was_idle)
      control_emit(&h->control, "{\"event\":\"state\",\"state\":\"%s\",\"pc\":%u,\"cycle\":%llu}",
                   halt_reason(avr), (unsigned)avr->pc, (unsigned long long)avr->cycle);
    was_idle = idle;
    service_io(h, idle);
  }
}
