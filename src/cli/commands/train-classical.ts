import type { ClassicalMetrics } from '../../core/classical/train-design'

/** The classical learner's figures in a finished train job's result, if it trained one (backend 'classical'). */
export function classicalResultOf(result: unknown): ClassicalMetrics | undefined {
  if (typeof result !== 'object' || result === null) return undefined
  const r = result as { backend?: unknown; classical?: unknown }
  return r.backend === 'classical' && typeof r.classical === 'object' && r.classical !== null
    ? (r.classical as ClassicalMetrics)
    : undefined
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`

/** The human report of a trained classical model: accuracy in both numeric modes and sizes. */
export function describeClassical(m: ClassicalMetrics): string {
  return [
    `model      classical/${m.kind} (${m.kind}; C in classical/${m.kind}/${m.kind}_fixed.c and _float.c)`,
    `test       accuracy ${pct(m.testAccuracy.fixed)} fixed point, ${pct(m.testAccuracy.float)} float, ${m.testWindows} windows`,
    `size       fixed: ${m.size.fixed.flashBytes} B model data, ${m.size.fixed.ramBytes} B RAM; float: ${m.size.float.flashBytes} B, ${m.size.float.ramBytes} B RAM`,
    `training   ${m.trainWindows} windows, ${m.seconds.toFixed(1)} s`,
  ].join('\n')
}
