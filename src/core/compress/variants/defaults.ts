import {
  COMPRESS_DEFAULTS,
  FINE_TUNE_DEFAULTS,
  type CompressMethod,
  type CompressOptions,
} from '../../../shared/api/compress'
import type { TrainSettings } from '../../train/settings'
import type { FineTuneSettings } from '../qat/fine-tune'

/** Every option of a request with its default filled in (`COMPRESS_DEFAULTS`); name and start point as given. */
export type ResolvedCompressOptions = Required<Pick<CompressOptions, keyof typeof COMPRESS_DEFAULTS>> &
  Pick<CompressOptions, 'name' | 'studentPreset' | 'from' | 'epochs' | 'learningRate'>

/** The options a run uses: the request's, else the defaults (no magnitude pruning when only filters go). */
export function withDefaults(o: CompressOptions): ResolvedCompressOptions {
  const d = COMPRESS_DEFAULTS
  const filters = o.filters ?? d.filters
  return {
    ...o,
    calibration: o.calibration ?? d.calibration,
    percentile: o.percentile ?? d.percentile,
    perChannelDense: o.perChannelDense ?? d.perChannelDense,
    sparsity: o.sparsity ?? (filters > 0 ? 0 : d.sparsity),
    filters,
    temperature: o.temperature ?? d.temperature,
    alpha: o.alpha ?? d.alpha,
    width: o.width ?? d.width,
    bits: o.bits ?? d.bits,
  }
}

/** The fine-tuning settings a run uses: the options, else the method's defaults from the design's. */
export function settingsFor(method: CompressMethod, o: CompressOptions, t: TrainSettings): FineTuneSettings {
  const defaults = FINE_TUNE_DEFAULTS[method]
  return {
    epochs: o.epochs ?? (defaults.epochs || t.epochs),
    batchSize: t.batchSize,
    learningRate: o.learningRate ?? t.learningRate * defaults.learningRateShare,
    seed: t.seed,
  }
}
