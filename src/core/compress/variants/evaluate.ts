import type { CancellationToken } from '../../../shared/api/jobs'
import type { ModelGraph } from '../../model/graph'
import type { WindowSet } from '../../train/data-pipeline'
import { evaluatePredictions, type Evaluation } from '../../train/evaluate'
import { graphScores } from '../ptq/run-int8'

/**
 * A variant's test metrics from its own graph on the reference interpreter: int8 graphs run with TFLM's
 * integer arithmetic on quantized features (so the accuracy is the board's, not the float model's), float
 * graphs on the float32 reference.
 */
export function evaluateGraph(
  graph: ModelGraph,
  test: WindowSet,
  labels: readonly string[],
  cancellation?: CancellationToken,
  onProgress?: (done: number, total: number) => void,
): Evaluation {
  const scores = graphScores(graph, test, {
    ...(cancellation ? { cancellation } : {}),
    ...(onProgress ? { onProgress } : {}),
  })
  return evaluatePredictions(scores, test.labels, labels, test.refs)
}
