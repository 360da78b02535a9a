#include "mote_anomaly_learn.h"
#include <string.h>

#define MAX_WINDOWS 4096u

void mote_al_reset(mote_al_state *state) { memset(state, 0, sizeof *state); }

int mote_al_learn(mote_al_state *state, const int16_t *q) {
  uint16_t j;
  if (state->count >= MAX_WINDOWS) return -1;
  state->count++;
  for (j = 0; j < MOTE_AL_FEATURES; j++) {
    int32_t x = (int32_t)q[j] * 256;
    int32_t d = x - state->mean[j];
    int64_t product;
    state->mean[j] += d / (int32_t)state->count;
    product = (int64_t)d * (int64_t)(x - state->mean[j]);
    /* floor(product / 65536), written without shifting a negative number */
    state->m2[j] += product >= 0 ? product / 65536 : -((-product + 65535) / 65536);
  }
  return 0;
}

int mote_al_finish(const mote_al_state *state, mote_al_model *model) {
  uint16_t j;
  if (state->count < 2) return -1;
  model->count = state->count;
  for (j = 0; j < MOTE_AL_FEATURES; j++) {
    int64_t var = state->m2[j] / (int64_t)state->count;
    model->mean[j] = state->mean[j];
    model->var[j] = var < 1 ? 1u : var > 0xFFFFFFFFLL ? 0xFFFFFFFFu : (uint32_t)var;
  }
  return 0;
}

uint32_t mote_al_score(const mote_al_model *model, const int16_t *q) {
  uint32_t score = 0;
  uint16_t j;
  for (j = 0; j < MOTE_AL_FEATURES; j++) {
    int64_t d = (int64_t)q[j] * 256 - model->mean[j];
    uint64_t term = (uint64_t)(d * d) / model->var[j];
    score = term > 0xFFFFFFFFull - score ? 0xFFFFFFFFu : score + (uint32_t)term;
  }
  return score;
}
