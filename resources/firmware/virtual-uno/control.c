/*
 * The harness's control channel: line commands on stdin and on an optional Unix socket; JSON events, one per
 * line, on the original stdout and on every connected socket client. simavr prints its own chatter with
 * printf, so stdout is moved to stderr at start and events go to a private duplicate of the old stdout.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "harness.h"

static void write_all(int fd, const char *text, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, text, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return; /* a client that stopped reading loses events; the simulation never blocks */
    text += n;
    len -= (size_t)n;
  }
}

/* Copies `in` into `out` as the inside of a JSON string (quotes, backslashes and controls escaped). */
void json_escape(const char *in, char *out, size_t size) {
  size_t n = 0;
  for (; *in && n + 7 < size; in++) {
    unsigned char ch = (unsigned char)*in;
    if (ch == '"' || ch == '\\') {
      out[n++] = '\\';
      out[n++] = (char)ch;
    } else if (ch < 0x20) {
      n += (size_t)snprintf(out + n, size - n, "\\u%04x", ch);
    } else {
      out[n++] = (char)ch;
    }
  }
  out[n] = 0;
}

static void set_nonblocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

int control_open(mote_control_t *c) {
  c->events_fd = dup(STDOUT_FILENO);
  if (c->events_fd < 0) return -1;
  dup2(STDERR_FILENO, STDOUT_FILENO);
  c->stdin_reader.fd = STDIN_FILENO;
  c->stdin_reader.len = 0;
  c->stdin_open = true;
  set_nonblocking(STDIN_FILENO);
  for (int i = 0; i < MOTE_MAX_CLIENTS; i++) c->clients[i].fd = -1;
  c->listen_fd = -1;
  c->socket_path[0] = 0;
  return 0;
}

int control_open_socket(mote_control_t *c, const char *socket_path) {
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (strlen(socket_path) >= sizeof(addr.sun_path)) return -1;
  strcpy(addr.sun_path, socket_path);
  unlink(socket_path);
  c->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (c->listen_fd < 0) return -1;
  if (bind(c->listen_fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(c->listen_fd, 4) < 0) return -1;
  set_nonblocking(c->listen_fd);
  snprintf(c->socket_path, sizeof c->socket_path, "%s", socket_path);
  return 0;
}

void control_close(mote_control_t *c) {
  for (int i = 0; i < MOTE_MAX_CLIENTS; i++)
    if (c->clients[i].fd >= 0) close(c->clients[i].fd);
  if (c->listen_fd >= 0) {
    close(c->listen_fd);
    unlink(c->socket_path);
  }
}

static int format_line(char *out, size_t size, const char *format, va_list ap) {
  int n = vsnprintf(out, size - 1, format, ap);
  if (n < 0) return 0;
  if ((size_t)n > size - 2) n = (int)size - 2;
  out[n++] = '\n';
  out[n] = 0;
  return n;
}

void control_emit(mote_control_t *c, const char *format, ...) {
  char line[2048];
  va_list ap;
  va_start(ap, format);
  int n = format_line(line, sizeof line, format, ap);
  va_end(ap);
  write_all(c->events_fd, line, (size_t)n);
  for (int i = 0; i < MOTE_MAX_CLIENTS; i++)
    if (c->clients[i].fd >= 0) write_all(c->clients[i].fd, line, (size_t)n);
}

void control_reply(mote_control_t *c, int fd, const char *format, ...) {
  char line[2048];
  va_list ap;
  va_start(ap, format);
  int n = format_line(line, sizeof line, format, ap);
  va_end(ap);
  write_all(fd == STDIN_FILENO ? c->events_fd : fd, line, (size_t)n);
}

/* Fills `fds` with stdin, the listening socket and the clients; returns how many. */
int control_poll_fds(mote_control_t *c, struct pollfd *fds, int max) {
  int n = 0;
  if (c->stdin_open && n < max) fds[n++] = (struct pollfd){.fd = STDIN_FILENO, .events = POLLIN};
  if (c->listen_fd >= 0 && n < max) fds[n++] = (struct pollfd){.fd = c->listen_fd, .events = POLLIN};
  for (int i = 0; i < MOTE_MAX_CLIENTS && n < max; i++)
    if (c->clients[i].fd >= 0) fds[n++] = (struct pollfd){.fd = c->clients[i].fd, .events = POLLIN};
  return n;
}

static void accept_client(mote_control_t *c) {
  int fd = accept4(c->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
  if (fd < 0) return;
  for (int i = 0; i < MOTE_MAX_CLIENTS; i++) {
    if (c->clients[i].fd < 0) {
      c->clients[i].fd = fd;
      c->clients[i].len = 0;
      return;
    }
  }
  write_all(fd, "{\"reply\":\"error\",\"message\":\"too many control clients\"}\n", 55);
  close(fd);
}

/* Reads what is there and runs each complete line; returns false at end of file. */
static bool read_lines(mote_harness_t *h, mote_line_reader_t *r) {
  char buf[512];
  ssize_t n = read(r->fd, buf, sizeof buf);
  if (n == 0) return false;
  if (n < 0) return errno == EAGAIN || errno == EINTR;
  for (ssize_t i = 0; i < n; i++) {
    if (buf[i] == '\n' || buf[i] == '\r') {
      r->line[r->len] = 0;
      if (r->len > 0) commands_run(h, r->fd, r->line);
      r->len = 0;
    } else if (r->len < MOTE_LINE_BYTES - 1) {
      r->line[r->len++] = buf[i];
    }
  }
  return true;
}

void control_service(mote_harness_t *h, const struct pollfd *fds, int count) {
  mote_control_t *c = &h->control;
  for (int i = 0; i < count; i++) {
    if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    if (fds[i].fd == STDIN_FILENO) {
      /* The owner closed our stdin: it is gone, so stop rather than run on as an orphan. */
      if (!read_lines(h, &c->stdin_reader)) {
        c->stdin_open = false;
        h->stop = 1;
      }
    } else if (fds[i].fd == c->listen_fd) {
      accept_client(c);
    } else {
      for (int k = 0; k < MOTE_MAX_CLIENTS; k++) {
        if (c->clients[k].fd != fds[i].fd) continue;
        if (!read_lines(h, &c->clients[k])) {
          close(c->clients[k].fd);
          c->clients[k].fd = -1;
        }
      }
    }
  }
}
