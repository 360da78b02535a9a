/*
 * Host harness for a generated EdgeML model (prefix `model`): reads FEATURES-float rows (little-endian
 * float32) from the file in argv[1] and prints, per row, the class `predict` returns, then the scores —
 * integers in the fixed build (-DHOST_FIXED), float bits as hex in the float build, so that the comparison
 * with the TypeScript reference is exact.
 */
#include <stdio.h>
#include <string.h>

#include "model.h"

int main(int argc, char **argv) {
  float x[MODEL_FEATURES];
  FILE *in;
  if (argc != 2) return 2;
  in = fopen(argv[1], "rb");
  if (in == NULL) return 3;
  while (fread(x, sizeof x, 1, in) == 1) {
    int i, cls;
#ifdef HOST_FIXED
    int16_t q[MODEL_FEATURES];
    int32_t scores[MODEL_CLASSES];
    model_quantize(x, q);
    model_scores(x, scores);
    cls = model_predict(x);
    if (cls != model_predict_q(q)) return 4;
    printf("%d", cls);
    for (i = 0; i < MODEL_CLASSES; i++) printf(" %ld", (long)scores[i]);
#else
    float scores[MODEL_CLASSES];
    model_scores(x, scores);
    cls = model_predict(x);
    printf("%d", cls);
    for (i = 0; i < MODEL_CLASSES; i++) {
      unsigned long bits;
      uint32_t u;
      memcpy(&u, &scores[i], sizeof u);
      bits = u;
      printf(" %08lx", bits);
    }
#endif
    printf("\n");
  }
  fclose(in);
  return 0;
}
