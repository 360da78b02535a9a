/*
 * On-device learning of "normal" (docs/anomaly.md, "Learning on the board"): a diagonal Gaussian learnt
 * from the next N feature windows by Welford's running mean and variance in integer arithmetic, kept in
 * EEPROM, then an anomaly score per window. No computer is needed after flashing.
 *
 * Features come in as int16 in a fixed unit chosen at build time (the on-device input scale; the studio
 * uses 64 counts per feature unit). Every step is integer and its rounding is specified, so the TypeScript
 * model (src/core/anomaly/on-device.ts) gives the same numbers bit for bit:
 *   learn:  n += 1; d = 256·q − mean; mean += d / n (C division, toward zero);
 *           m2 += floor(d · (256·q − mean) / 65536)          (int64)
 *   finish: var = max(1, m2 / n)                              (q units², toward zero)
 *   score:  Σ floor((256·q − mean)² / var), saturating at 2³² − 1 (z² in Q16 summed: ≈ 65536 · Σ z²)
 * The caller owns every buffer; nothing allocates. MOTE_AL_FEATURES sets the feature count (default 63).
 */
#ifndef MOTE_ANOMALY_LEARN_H
#define MOTE_ANOMALY_LEARN_H
#include <stdint.h>

#ifndef MOTE_AL_FEATURES
#define MOTE_AL_FEATURES 63
#endif

/** While learning: windows seen, running mean (Q8 of the input unit) and sum of squared deviations. */
typedef struct {
  uint16_t count;
  int32_t mean[MOTE_AL_FEATURES];
  int64_t m2[MOTE_AL_FEATURES];
} mote_al_state;

/** What is kept (in EEPROM) and scored with: mean (Q8) and variance (input units²) per feature. */
typedef struct {
  uint16_t count;
  int32_t mean[MOTE_AL_FEATURES];
  uint32_t var[MOTE_AL_FEATURES];
} mote_al_model;

void mote_al_reset(mote_al_state *state);
/** Adds one window; returns 0, or -1 once 4096 windows were learnt (the sums' range). */
int mote_al_learn(mote_al_state *state, const int16_t *q);
/** The model of what was learnt; returns -1 (model untouched) when fewer than 2 windows were learnt. */
int mote_al_finish(const mote_al_state *state, mote_al_model *model);
uint32_t mote_al_score(const mote_al_model *model, const int16_t *q);

/** EEPROM image: magic "MAL1", feature count, the model; 4 + 2 + sizeof(mote_al_model) bytes at offset 0. */
#define MOTE_AL_MAGIC 0x314C414DUL
void mote_al_save(const mote_al_model *model);
/** Returns 0 and fills `model` when the EEPROM holds a model of this feature count, else -1. */
int mote_al_load(mote_al_model *model);
#endif
