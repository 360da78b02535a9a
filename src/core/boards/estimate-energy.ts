import type { Board, PowerFigures } from './types'

/**
 * Energy per inference, average current at a duty cycle and battery life (docs/estimate.md "Energy"):
 *   E = V · I_active · t (model + features), at the board's supply voltage;
 *   awake share d = rate · t + samples/s · SAMPLE_ISR_CYCLES / clock (each sample wakes the core briefly);
 *   I_avg = I_sleep + (I_active − I_sleep) · min(d, 1);  life = capacity / I_avg.
 * Currents are the MCU's alone (docs/boards.md); sensors, regulators and LEDs come on top.
 */

export interface Battery {
  readonly id: 'cr2032' | 'aa2' | 'lipo500'
  readonly name: string
  readonly capacityMilliampHours: number
  readonly volts: number
  readonly source: string
}

/** The cells the issue names; capacities are the makers' nominal figures (docs/estimate.md, sources). */
export const BATTERIES: readonly Battery[] = [
  { id: 'cr2032', name: 'CR2032', capacityMilliampHours: 225, volts: 3, source: 'energizer-cr2032' },
  { id: 'aa2', name: '2×AA alkaline', capacityMilliampHours: 2500, volts: 3, source: 'energizer-e91' },
  { id: 'lipo500', name: 'LiPo 500 mAh', capacityMilliampHours: 500, volts: 3.7, source: 'lipo-nominal' },
]

/** Cycles the core stays awake per input sample (an ADC or sensor interrupt storing one value). */
export const SAMPLE_ISR_CYCLES = 200

export interface BatteryLife {
  readonly battery: Battery['id']
  readonly hours: number
  /** The cell's voltage is below the MCU's minimum at this clock: it needs a boost converter, not counted. */
  readonly needsBoost: boolean
}

export interface EnergyEstimate {
  readonly microjoulesPerInference: number
  readonly modelMicrojoules: number
  readonly dspMicrojoules: number
  readonly averageAmps: number
  /** Share of the time awake; above 1 the board cannot keep up with the rate. */
  readonly awakeShare: number
  readonly keepsUp: boolean
  readonly batteries: readonly BatteryLife[]
}

export interface EnergyInput {
  readonly modelMs: number
  readonly dspMs: number
  readonly inferencesPerSecond: number
  readonly samplesPerSecond: number
}

export function estimateEnergy(board: Board, power: PowerFigures, input: EnergyInput): EnergyEstimate {
  const joules = (ms: number) => board.supplyVolts * power.activeAmps * (ms / 1000)
  const activeS = (input.modelMs + input.dspMs) / 1000
  const awakeShare =
    input.inferencesPerSecond * activeS + (input.samplesPerSecond * SAMPLE_ISR_CYCLES) / board.clockHz
  const averageAmps = power.sleepAmps + (power.activeAmps - power.sleepAmps) * Math.min(awakeShare, 1)
  return {
    microjoulesPerInference: joules(input.modelMs + input.dspMs) * 1e6,
    modelMicrojoules: joules(input.modelMs) * 1e6,
    dspMicrojoules: joules(input.dspMs) * 1e6,
    averageAmps,
    awakeShare,
    keepsUp: awakeShare <= 1,
    batteries: BATTERIES.map((b) => ({
      battery: b.id,
      hours: b.capacityMilliampHours / (averageAmps * 1000),
      needsBoost: b.volts < power.minVolts,
    })),
  }
}
