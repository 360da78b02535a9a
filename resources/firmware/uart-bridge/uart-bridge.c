/*
 * mote-uart-bridge: a stable pseudo-terminal for a virtual board's UART, bridged to a QEMU chardev socket.
 *
 * Why not QEMU's own `-serial pty`: QEMU discards output while no program has the pty open, so a board's
 * first lines are gone before the studio opens the port. Why not socat's PTY: the port would disappear each
 * time QEMU restarts (every "flash"), and the opener's tcflush() still wipes what socat wrote early.
 *
 * What this does instead:
 *   - owns one pty for the board's whole life (QEMU restarts reconnect behind it: `connect <socket>`);
 *   - QEMU runs with `-chardev socket,server=on,wait=on`, so the guest starts only once we are connected:
 *     not one byte of its output is produced before there is a reader;
 *   - output produced while no program has the port open, from the guest's start until the first program
 *     opens it, is kept (up to 64 KiB) and handed over once that program has set the port up. Packet mode
 *     (TIOCPKT) tells us when the opener flushes its input (serialport, avrdude and pyserial all flush on
 *     open): the backlog is written after that flush, or after --hold-ms when no flush comes;
 *   - after that first reader, output while the port is closed is dropped, as an unconnected USB-serial
 *     bridge does, so a later reader never gets a stale stream.
 *
 * usage: mote-uart-bridge [--pty-link path] [--hold-ms 100]
 * stdin commands: connect <unix-socket-path> | disconnect | status | quit
 * stdout: one JSON event per line: ready, port, connected, disconnected, status, error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define BUFFER_BYTES 65536

typedef struct {
  uint8_t bytes[BUFFER_BYTES];
  size_t len;
} buffer_t;

static struct {
  int master_fd, guest_fd;
  char slave_path[128], link_path[512];
  bool host_open, settled, backlog_armed;
  uint64_t settle_deadline_ms, dropped;
  unsigned hold_ms;
  buffer_t to_host, to_guest;
  char line[1024];
  size_t line_len;
  volatile sig_atomic_t stop;
} b = {.master_fd = -1, .guest_fd = -1, .hold_ms = 100};

static uint64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void emit(const char *format, ...) {
  char text[1024];
  va_list ap;
  va_start(ap, format);
  int n = vsnprintf(text, sizeof text - 1, format, ap);
  va_end(ap);
  if (n < 0) return;
  if (n > (int)sizeof text - 2) n = (int)sizeof text - 2;
  text[n++] = '\n';
  if (write(STDOUT_FILENO, text, (size_t)n) < 0) b.stop = 1;
}

static void consume(buffer_t *buf, size_t n) {
  memmove(buf->bytes, buf->bytes + n, buf->len - n);
  buf->len -= n;
}

static int open_pty(const char *link_path) {
  b.master_fd = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (b.master_fd < 0 || grantpt(b.master_fd) || unlockpt(b.master_fd)) return -1;
  if (ptsname_r(b.master_fd, b.slave_path, sizeof b.slave_path)) return -1;
  struct termios t;
  if (tcgetattr(b.master_fd, &t) == 0) {
    cfmakeraw(&t);
    cfsetspeed(&t, B115200);
    tcsetattr(b.master_fd, TCSANOW, &t);
  }
  int one = 1;
  if (ioctl(b.master_fd, TIOCPKT, &one) < 0) return -1;
  /* POLLHUP only reads "closed" once the slave has been opened and closed. */
  int slave = open(b.slave_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave < 0) return -1;
  close(slave);
  if (link_path) {
    unlink(link_path);
    if (symlink(b.slave_path, link_path)) return -1;
    snprintf(b.link_path, sizeof b.link_path, "%s", link_path);
  }
  return 0;
}

static void disconnect_guest(void) {
  if (b.guest_fd < 0) return;
  close(b.guest_fd);
  b.guest_fd = -1;
  b.to_guest.len = 0;
  emit("{\"event\":\"disconnected\"}");
}

/* QEMU may still be creating its socket: retry for up to two seconds. */
static void connect_guest(const char *path) {
  disconnect_guest();
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof addr.sun_path) {
    emit("{\"event\":\"error\",\"message\":\"socket path too long\"}");
    return;
  }
  strcpy(addr.sun_path, path);
  for (int attempt = 0; attempt < 200; attempt++) {
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0) {
      fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
      b.guest_fd = fd;
      b.to_host.len = 0;
      b.backlog_armed = !b.host_open; /* a reader that is already there gets everything live */
      emit("{\"event\":\"connected\"}");
      return;
    }
    close(fd);
    usleep(10000);
  }
  emit("{\"event\":\"error\",\"message\":\"cannot connect to the guest's UART socket\"}");
}

static void run_command(char *line) {
  if (strncmp(line, "connect ", 8) == 0) connect_guest(line + 8);
  else if (strcmp(line, "disconnect") == 0) disconnect_guest();
  else if (strcmp(line, "quit") == 0) b.stop = 1;
  else if (strcmp(line, "status") == 0)
    emit("{\"event\":\"status\",\"portOpen\":%s,\"connected\":%s,\"backlogBytes\":%zu,\"dropped\":%llu}",
         b.host_open ? "true" : "false", b.guest_fd >= 0 ? "true" : "false", b.to_host.len,
         (unsigned long long)b.dropped);
  else emit("{\"event\":\"error\",\"message\":\"unknown command\"}");
}

static void read_stdin(void) {
  char buf[256];
  ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
  if (n == 0) b.stop = 1; /* our owner is gone */
  for (ssize_t i = 0; i < n; i++) {
    if (buf[i] == '\n') {
      b.line[b.line_len] = 0;
      if (b.line_len) run_command(b.line);
      b.line_len = 0;
    } else if (b.line_len < sizeof b.line - 1) {
      b.line[b.line_len++] = buf[i];
    }
  }
}

/* Packet mode: every read starts with a status byte; 0 means data follows. */
static void read_master(void) {
  uint8_t buf[4097];
  size_t room = BUFFER_BYTES - b.to_guest.len;
  if (room == 0) return;
  ssize_t n = read(b.master_fd, buf, (room < 4096 ? room : 4096) + 1);
  if (n <= 0) return;
  if (buf[0] != TIOCPKT_DATA) {
    if (buf[0] & TIOCPKT_FLUSHREAD) b.settled = true;
    return;
  }
  b.settled = true; /* the program writes: it has set the port up */
  memcpy(b.to_guest.bytes + b.to_guest.len, buf + 1, (size_t)n - 1);
  b.to_guest.len += (size_t)n - 1;
}

static void read_guest(void) {
  size_t room = BUFFER_BYTES - b.to_host.len;
  uint8_t buf[4096];
  ssize_t n = read(b.guest_fd, buf, sizeof buf);
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
    disconnect_guest();
    return;
  }
  if (n < 0) return;
  bool keep = b.host_open || b.backlog_armed;
  size_t kept = !keep ? 0 : ((size_t)n < room ? (size_t)n : room);
  memcpy(b.to_host.bytes + b.to_host.len, buf, kept);
  b.to_host.len += kept;
  b.dropped += (uint64_t)n - kept;
}

static void flush_to(int fd, buffer_t *buf) {
  if (fd < 0 || buf->len == 0) return;
  ssize_t n = write(fd, buf->bytes, buf->len);
  if (n > 0) consume(buf, (size_t)n);
}

static void on_port_change(bool open) {
  b.host_open = open;
  emit("{\"event\":\"port\",\"open\":%s}", open ? "true" : "false");
  if (open) {
    b.settled = false;
    b.settle_deadline_ms = now_ms() + b.hold_ms;
  } else {
    uint8_t scratch[4097];
    while (read(b.master_fd, scratch, sizeof scratch) > 0) {
    } /* forget the closing program's status bytes */
    b.backlog_armed = false;
    b.to_guest.len = 0;
  }
}

static void loop(void) {
  while (!b.stop) {
    struct pollfd fds[3] = {{.fd = b.master_fd, .events = POLLIN},
                            {.fd = STDIN_FILENO, .events = POLLIN},
                            {.fd = b.guest_fd, .events = POLLIN}};
    if (b.to_host.len && b.host_open && b.settled) fds[0].events |= POLLOUT;
    if (b.to_guest.len) fds[2].events |= POLLOUT;
    if (b.host_open && b.to_host.len >= BUFFER_BYTES) fds[2].events &= (short)~POLLIN; /* slow reader */
    int timeout = b.host_open && !b.settled ? 5 : 200;
    if (poll(fds, b.guest_fd >= 0 ? 3 : 2, timeout) < 0 && errno != EINTR) break;
    bool open = !(fds[0].revents & POLLHUP);
    if (open != b.host_open) on_port_change(open);
    if (b.host_open && !b.settled && now_ms() >= b.settle_deadline_ms) b.settled = true;
    if (fds[1].revents & (POLLIN | POLLHUP)) read_stdin();
    if (b.host_open && (fds[0].revents & POLLIN)) read_master();
    if (b.guest_fd >= 0 && (fds[2].revents & (POLLIN | POLLHUP))) read_guest();
    if (b.host_open && b.settled) {
      flush_to(b.master_fd, &b.to_host);
      if (b.to_host.len == 0) b.backlog_armed = false;
    }
    flush_to(b.guest_fd, &b.to_guest);
  }
}

static void on_signal(int sig) {
  (void)sig;
  b.stop = 1;
}

int main(int argc, char **argv) {
  static const struct option options[] = {
      {"pty-link", required_argument, 0, 'p'}, {"hold-ms", required_argument, 0, 'h'}, {0, 0, 0, 0}};
  const char *link_path = NULL;
  int opt;
  while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
    if (opt == 'p') link_path = optarg;
    else if (opt == 'h') b.hold_ms = (unsigned)atoi(optarg);
    else return 2;
  }
  if (link_path && strpbrk(link_path, "\"\\")) return 2; /* printed in JSON unescaped */
  signal(SIGTERM, on_signal);
  signal(SIGINT, on_signal);
  signal(SIGPIPE, SIG_IGN);
  fcntl(STDIN_FILENO, F_SETFL, fcntl(STDIN_FILENO, F_GETFL) | O_NONBLOCK);
  if (open_pty(link_path) != 0) {
    emit("{\"event\":\"error\",\"message\":\"cannot open a pseudo-terminal\"}");
    return 2;
  }
  emit("{\"event\":\"ready\",\"pty\":\"%s\",\"link\":\"%s\",\"pid\":%d}", b.slave_path, b.link_path, (int)getpid());
  loop();
  disconnect_guest();
  if (b.link_path[0]) unlink(b.link_path);
  emit("{\"event\":\"stopped\"}");
  return 0;
}
