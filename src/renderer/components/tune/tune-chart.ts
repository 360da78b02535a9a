import type { TuneObjective, TuneRow } from '../../../shared/api/tune'
import { axisText, colorAt, themedAxis } from '../../charts/chart-theme'

/**
 * The ECharts option of the tuner's Pareto chart: one scatter series per model family (its colour), the
 * front as a line through its points, accuracy against the objective's cost; hover names the candidate.
 */
export interface TuneChartText {
  readonly costAxis: string
  readonly accuracyAxis: string
  readonly front: string
  readonly describe: (row: TuneRow) => string
}

export function costOf(row: TuneRow, objective: TuneObjective): number {
  return objective === 'ram' || objective === 'flash' ? row.cost / 1024 : row.cost
}

export function tuneChartOption(
  rows: readonly TuneRow[],
  objective: TuneObjective,
  dark: boolean,
  text: TuneChartText,
): Record<string, unknown> {
  const families = [...new Set(rows.map((r) => r.family))].sort()
  const point = (r: TuneRow) => ({ value: [costOf(r, objective), r.accuracy * 100], id: r.id })
  const byId = new Map(rows.map((r) => [r.id, r]))
  const front = rows.filter((r) => r.onFront).sort((a, b) => a.cost - b.cost)
  return {
    animation: false,
    grid: { left: 36, right: 16, top: 30, bottom: 30, containLabel: true },
    legend: { top: 0, textStyle: { color: axisText(dark), fontSize: 11 } },
    tooltip: {
      trigger: 'item',
      formatter: (p: { data?: { id?: string } }) => {
        const row = p.data?.id === undefined ? undefined : byId.get(p.data.id)
        return row ? text.describe(row) : ''
      },
    },
    xAxis: themedAxis(dark, {
      type: 'value',
      name: text.costAxis,
      nameLocation: 'middle',
      nameGap: 24,
      scale: true,
      axisLabel: { fontSize: 10 },
    }),
    yAxis: themedAxis(dark, {
      type: 'value',
      name: text.accuracyAxis,
      nameLocation: 'middle',
      nameGap: 34,
      scale: true,
      max: 100,
      axisLabel: { fontSize: 10 },
    }),
    series: [
      ...families.map((family, k) => ({
        name: family,
        type: 'scatter',
        symbolSize: 9,
        color: colorAt(k),
        data: rows.filter((r) => r.family === family && r.error === undefined).map(point),
      })),
      {
        name: text.front,
        type: 'line',
        step: 'end',
        symbol: 'none',
        lineStyle: { type: 'dashed', width: 1 },
        color: '#888',
        data: front.map(point),
      },
    ],
  }
}
