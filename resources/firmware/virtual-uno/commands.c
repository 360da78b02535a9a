/*
 * Control commands, one per line (stdin or the control socket). Each command gets exactly one reply line
 * {"reply":"<command>","ok":true|false,...}; a reset's reply is sent once the reset has happened.
 *
 *   reset                 external reset (EXTRF), as the DTR auto-reset circuit of a real Uno does
 *   status                state, cycle counter, port state, last marker
 *   adc <path> [loop]     feed the ADC inputs from a signal file (see signal-feed.c)
 *   adc off               stop feeding; inputs keep their last values
 *   reset-on-open on|off  whether a program opening the port resets the board (default on)
 *   quit                  stop the harness (same as SIGTERM)
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "harness.h"

static const char *state_name(int state) {
  switch (state) {
    case cpu_Running:
      return "running";
    case cpu_Sleeping:
      return "sleeping";
    case cpu_Done:
      return "done";
    case cpu_Crashed:
      return "crashed";
    default:
      return "stopped";
  }
}

static void reply_status(mote_harness_t *h, int fd) {
  control_reply(&h->control, fd,
                "{\"reply\":\"status\",\"ok\":true,\"state\":\"%s\",\"cycle\":%llu,\"pc\":%u,\"portOpen\":%s,"
                "\"resetOnOpen\":%s,\"markers\":%llu,\"lastMarkerCycles\":%llu,\"droppedToHost\":%llu}",
                state_name(h->avr->state), (unsigned long long)h->avr->cycle, (unsigned)h->avr->pc,
                h->pty.host_open ? "true" : "false", h->reset_on_open ? "true" : "false",
                (unsigned long long)h->marker_count, (unsigned long long)h->last_marker_cycles,
                (unsigned long long)h->pty.dropped_to_host);
}

static void run_adc(mote_harness_t *h, int fd, char *args) {
  char *path = strtok(args, " ");
  char *mode = strtok(NULL, " ");
  if (!path) {
    control_reply(&h->control, fd, "{\"reply\":\"adc\",\"ok\":false,\"message\":\"adc needs a file path or off\"}");
    return;
  }
  if (strcmp(path, "off") == 0) {
    signal_feed_clear(&h->adc, h->avr);
    control_reply(&h->control, fd, "{\"reply\":\"adc\",\"ok\":true,\"active\":false}");
    return;
  }
  char error[256] = "";
  bool loop = mode && strcmp(mode, "loop") == 0;
  if (signal_feed_load(&h->adc, h->avr, path, loop, error, sizeof error) != 0) {
    char escaped[512];
    json_escape(error, escaped, sizeof escaped);
    control_reply(&h->control, fd, "{\"reply\":\"adc\",\"ok\":false,\"message\":\"%s\"}", escaped);
    return;
  }
  control_reply(&h->control, fd, "{\"reply\":\"adc\",\"ok\":true,\"active\":true,\"rows\":%u,\"channels\":%u}",
                h->adc.rows, h->adc.channel_count);
}

void commands_run(mote_harness_t *h, int fd, char *line) {
  char *args = strchr(line, ' ');
  if (args) *args++ = 0;
  if (strcmp(line, "reset") == 0) {
    harness_request_reset(h, MOTE_RESET_CONTROL, fd);
  } else if (strcmp(line, "status") == 0) {
    reply_status(h, fd);
  } else if (strcmp(line, "adc") == 0) {
    run_adc(h, fd, args ? args : (char *)"");
  } else if (strcmp(line, "reset-on-open") == 0 && args && (!strcmp(args, "on") || !strcmp(args, "off"))) {
    h->reset_on_open = strcmp(args, "on") == 0;
    control_reply(&h->control, fd, "{\"reply\":\"reset-on-open\",\"ok\":true,\"resetOnOpen\":%s}",
                  h->reset_on_open ? "true" : "false");
  } else if (strcmp(line, "quit") == 0) {
    control_reply(&h->control, fd, "{\"reply\":\"quit\",\"ok\":true}");
    h->stop = 1;
  } else {
    control_reply(&h->control, fd, "{\"reply\":\"error\",\"ok\":false,\"message\":\"unknown command\"}");
  }
}
