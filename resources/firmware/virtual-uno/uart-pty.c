/*
 * UART0 on a pseudo-terminal.
 *
 * A pty has no modem lines: TIOCMGET/TIOCMSET on the slave fail with ENOTTY, so a program cannot toggle DTR
 * the way it does on a USB-serial adapter. What a pty does tell the master is whether any program has the
 * slave open: poll() on the master reports POLLHUP while the slave is closed. On a real Uno, opening the
 * port asserts DTR (Linux raises DTR and RTS on open) and the 100 nF capacitor between DTR and RESET turns
 * that edge into a reset pulse; so "the slave went from closed to open" is the pty's honest equivalent of
 * DTR going active, and the harness resets the AVR with EXTRF set at that moment (see harness.c). avrdude
 * -c arduino opens the port, tries TIOCMSET (it fails, avrdude prints an error and carries on), waits
 * 300 ms and sends STK_GET_SYNC: optiboot, started at the open, is still inside its 1 s window.
 *
 * Bytes from the AVR while no program has the port open are dropped, as an unconnected USB-serial bridge
 * does; bytes from the host are held until the AVR's receiver is enabled and its FIFO has room.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <simavr/avr_uart.h>

#include "harness.h"

static void ring_push(mote_ring_t *r, uint8_t b) {
  if (r->len == MOTE_RING_BYTES) return;
  r->bytes[(r->head + r->len) % MOTE_RING_BYTES] = b;
  r->len++;
}

static uint8_t ring_pop(mote_ring_t *r) {
  uint8_t b = r->bytes[r->head];
  r->head = (r->head + 1) % MOTE_RING_BYTES;
  r->len--;
  return b;
}

static void on_uart_output(struct avr_irq_t *irq, uint32_t value, void *param) {
  (void)irq;
  mote_uart_pty_t *p = param;
  if (!p->host_open || p->to_host.len == MOTE_RING_BYTES) {
    p->dropped_to_host++;
    return;
  }
  ring_push(&p->to_host, (uint8_t)value);
}

static avr_uart_t *find_uart0(avr_t *avr) {
  for (avr_io_t *io = avr->io_port; io; io = io->next)
    if (io->kind && strcmp(io->kind, "uart") == 0 && ((avr_uart_t *)io)->name == '0') return (avr_uart_t *)io;
  return NULL;
}

int uart_pty_open(mote_uart_pty_t *p, avr_t *avr, const char *link_path) {
  memset(p, 0, sizeof *p);
  p->master_fd = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (p->master_fd < 0 || grantpt(p->master_fd) < 0 || unlockpt(p->master_fd) < 0) return -1;
  if (ptsname_r(p->master_fd, p->slave_path, sizeof p->slave_path) != 0) return -1;
  /* termios ioctls on the master act on the slave: make it raw so the line discipline never echoes bytes
   * back to the host or rewrites CR/LF before the program that opens it sets its own mode. */
  struct termios t;
  if (tcgetattr(p->master_fd, &t) == 0) {
    cfmakeraw(&t);
    cfsetspeed(&t, B115200);
    tcsetattr(p->master_fd, TCSANOW, &t);
  }
  /* A master whose slave was never opened does not report POLLHUP; open and close the slave once so
   * that "closed" reads as closed until a program opens the port. */
  int slave = open(p->slave_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave < 0) return -1;
  close(slave);
  if (link_path) {
    unlink(link_path);
    if (symlink(p->slave_path, link_path) != 0) return -1;
    snprintf(p->link_path, sizeof p->link_path, "%s", link_path);
  }
  p->uart = find_uart0(avr);
  uint32_t flags = 0; /* no stdio echo of UART lines, no usleep when the firmware polls */
  avr_ioctl(avr, AVR_IOCTL_UART_SET_FLAGS('0'), &flags);
  p->input_irq = avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_INPUT);
  avr_irq_register_notify(avr_io_getirq(avr, AVR_IOCTL_UART_GETIRQ('0'), UART_IRQ_OUTPUT), on_uart_output, p);
  return p->uart && p->input_irq ? 0 : -1;
}

void uart_pty_close(mote_uart_pty_t *p) {
  if (p->link_path[0]) unlink(p->link_path);
  if (p->master_fd >= 0) close(p->master_fd);
}

void uart_pty_on_reset(mote_uart_pty_t *p) {
  /* Bytes the host sent before the reset belong to the program that is gone. */
  p->to_avr.len = 0;
}

static bool uart_fifo_full(avr_uart_t *u) {
  return ((u->input.write + 1) & (uart_fifo_fifo_size - 1)) == u->input.read;
}

/* Moves host bytes into the AVR's receive FIFO while the receiver is on and the FIFO has room. */
void uart_pty_pump(mote_uart_pty_t *p, avr_t *avr) {
  avr_uart_t *u = p->uart;
  while (p->to_avr.len > 0 && avr_regbit_get(avr, u->rxen) && !uart_fifo_full(u))
    avr_raise_irq(p->input_irq, ring_pop(&p->to_avr));
}

static void flush_to_host(mote_uart_pty_t *p) {
  while (p->to_host.len > 0) {
    uint32_t run = p->to_host.len;
    if (p->to_host.head + run > MOTE_RING_BYTES) run = MOTE_RING_BYTES - p->to_host.head;
    ssize_t n = write(p->master_fd, p->to_host.bytes + p->to_host.head, run);
    if (n <= 0) return; /* the reader is slow: keep the rest for the next round */
    p->to_host.head = (p->to_host.head + (uint32_t)n) % MOTE_RING_BYTES;
    p->to_host.len -= (uint32_t)n;
  }
}

static void read_from_host(mote_uart_pty_t *p) {
  uint8_t buf[512];
  uint32_t room = MOTE_RING_BYTES - p->to_avr.len;
  if (room == 0) return; /* leave it in the kernel: the host's writes block, like USB flow control */
  ssize_t n = read(p->master_fd, buf, room < sizeof buf ? room : sizeof buf);
  for (ssize_t i = 0; i < n; i++) ring_push(&p->to_avr, buf[i]);
}

/* Called after poll() on the master with its revents. */
void uart_pty_service(mote_harness_t *h, short revents) {
  mote_uart_pty_t *p = &h->pty;
  bool open_now = !(revents & POLLHUP);
  if (open_now != p->host_open) {
    p->host_open = open_now;
    p->to_host.len = 0;
    control_emit(&h->control, "{\"event\":\"port\",\"open\":%s,\"cycle\":%llu}", open_now ? "true" : "false",
                 (unsigned long long)h->avr->cycle);
    if (open_now && h->reset_on_open) harness_request_reset(h, MOTE_RESET_PORT_OPEN, -1);
  }
  if (!p->host_open) return;
  if (revents & POLLIN) read_from_host(p);
  flush_to_host(p);
}
