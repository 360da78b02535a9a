/*
 * ADC inputs fed from a signal file, so that capture firmware can sample a known signal.
 *
 * Format (text, comma separated): lines starting with '#' are comments; the first other line is the header
 * `time_s,A0,A1,...` naming the ADC channels (A0..A7) of the columns that follow; every next line is a time
 * in seconds from the moment the file is loaded, then one value per channel in millivolts (0..5000 with
 * AVCC = AREF = 5 V). Times never decrease. Each row's values hold until the next row (zero-order hold);
 * after the last row they hold for good, or the file starts again when loaded with `loop` (the period is
 * the last time plus the last row spacing). The schedule runs on simulated time, so sampling is exact and
 * independent of how fast the host runs the simulation.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <simavr/avr_adc.h>
#include <simavr/sim_cycle_timers.h>

#include "harness.h"

static void apply_row(mote_signal_feed_t *f, uint32_t row) {
  for (uint8_t c = 0; c < f->channel_count; c++) {
    double mv = f->millivolts[row * f->channel_count + c];
    avr_raise_irq(f->adc_irq + ADC_IRQ_ADC0 + f->channels[c], (uint32_t)(mv < 0 ? 0 : mv + 0.5));
  }
}

static double period_s(const mote_signal_feed_t *f) {
  double last = f->time_s[f->rows - 1];
  return f->rows > 1 ? last + (last - f->time_s[f->rows - 2]) : last + 0.001;
}

static uint64_t row_cycle(const mote_signal_feed_t *f, avr_t *avr, uint32_t row) {
  return f->start_cycle + (uint64_t)(f->time_s[row] * avr->frequency + 0.5);
}

static avr_cycle_count_t on_row_due(avr_t *avr, avr_cycle_count_t when, void *param) {
  (void)when;
  mote_signal_feed_t *f = param;
  if (!f->active) return 0;
  while (f->next_row < f->rows && row_cycle(f, avr, f->next_row) <= avr->cycle) apply_row(f, f->next_row++);
  if (f->next_row == f->rows) {
    if (!f->loop) return 0;
    f->start_cycle += (uint64_t)(period_s(f) * avr->frequency + 0.5);
    f->next_row = 0;
  }
  return row_cycle(f, avr, f->next_row);
}

static int parse_header(mote_signal_feed_t *f, char *line, char *error, int error_len) {
  char *field = strtok(line, ",\r\n");
  if (!field || strcmp(field, "time_s") != 0) {
    snprintf(error, (size_t)error_len, "the header must start with time_s");
    return -1;
  }
  f->channel_count = 0;
  while ((field = strtok(NULL, ",\r\n")) != NULL) {
    int ch = -1;
    if (sscanf(field, " A%d", &ch) != 1 || ch < 0 || ch >= MOTE_MAX_CHANNELS || f->channel_count == 8) {
      snprintf(error, (size_t)error_len, "header column %s is not an ADC channel A0..A7", field);
      return -1;
    }
    f->channels[f->channel_count++] = (uint8_t)ch;
  }
  if (f->channel_count == 0) snprintf(error, (size_t)error_len, "the header names no channel");
  return f->channel_count ? 0 : -1;
}

static int parse_row(mote_signal_feed_t *f, char *line, uint32_t *capacity, char *error, int error_len) {
  if (f->rows == *capacity) {
    *capacity = *capacity ? *capacity * 2 : 1024;
    f->time_s = realloc(f->time_s, *capacity * sizeof(double));
    f->millivolts = realloc(f->millivolts, (size_t)*capacity * f->channel_count * sizeof(double));
  }
  char *end = line;
  double t = strtod(line, &end);
  if (end == line || (f->rows > 0 && t < f->time_s[f->rows - 1])) {
    snprintf(error, (size_t)error_len, "row %u: time missing or going backwards", f->rows + 1);
    return -1;
  }
  f->time_s[f->rows] = t;
  for (uint8_t c = 0; c < f->channel_count; c++) {
    char *start = end + strspn(end, ", \t");
    f->millivolts[f->rows * f->channel_count + c] = strtod(start, &end);
    if (end == start) {
      snprintf(error, (size_t)error_len, "row %u: expected %u values", f->rows + 1, f->channel_count);
      return -1;
    }
  }
  f->rows++;
  return 0;
}

void signal_feed_clear(mote_signal_feed_t *f, avr_t *avr) {
  if (f->active) avr_cycle_timer_cancel(avr, on_row_due, f);
  free(f->time_s);
  free(f->millivolts);
  f->time_s = f->millivolts = NULL;
  f->rows = 0;
  f->active = false;
}

int signal_feed_load(mote_signal_feed_t *f, avr_t *avr, const char *path, bool loop, char *error, int error_len) {
  FILE *file = fopen(path, "r");
  if (!file) {
    snprintf(error, (size_t)error_len, "cannot open the signal file");
    return -1;
  }
  signal_feed_clear(f, avr);
  f->adc_irq = avr_io_getirq(avr, AVR_IOCTL_ADC_GETIRQ, 0);
  char line[4096];
  uint32_t capacity = 0;
  bool header = false;
  int rc = 0;
  while (rc == 0 && fgets(line, sizeof line, file)) {
    if (line[0] == '#' || line[strspn(line, " \t\r\n")] == 0) continue;
    rc = header ? parse_row(f, line, &capacity, error, error_len) : parse_header(f, line, error, error_len);
    header = true;
  }
  fclose(file);
  if (rc == 0 && f->rows == 0) {
    snprintf(error, (size_t)error_len, "the signal file has no rows");
    rc = -1;
  }
  if (rc != 0 || !f->adc_irq) {
    signal_feed_clear(f, avr);
    return -1;
  }
  f->loop = loop;
  f->active = true;
  f->start_cycle = avr->cycle;
  f->next_row = 0;
  signal_feed_rearm(f, avr);
  return 0;
}

/* After a reset (which cancels every cycle timer) or a load: apply the current row, schedule the next. */
void signal_feed_rearm(mote_signal_feed_t *f, avr_t *avr) {
  if (!f->active) return;
  if (f->next_row > 0) apply_row(f, f->next_row - 1);
  avr_cycle_count_t next = on_row_due(avr, avr->cycle, f);
  if (next) avr_cycle_timer_register(avr, next > avr->cycle ? next - avr->cycle : 1, on_row_due, f);
}
