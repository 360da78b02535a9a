import { CompressErrorCode } from '../../../shared/api/compress'
import type { CompressMethod, CompressOptions } from '../../../shared/api/compress'
import { MoteFailure } from '../../../shared/errors'
import { withDefaults } from './defaults'

/**
 * The checks on a request that need no model: the service runs them before starting a job, so that an
 * impossible setting is refused at once, where it was typed. Checks that depend on the layers (a sparsity
 * that would empty a small layer, more clusters than weights) run in the job and name the layer.
 */
export function checkCompressOptions(method: CompressMethod, o: CompressOptions): void {
  if (method !== 'prune') return
  if (o.sparsity !== undefined && !(o.sparsity >= 0 && o.sparsity < 1))
    throw new MoteFailure(
      CompressErrorCode.BadSparsity,
      `Sparsity must be at least 0 and below 1 (1 would remove every weight), not ${o.sparsity}.`,
    )
  if (o.filters !== undefined && !(o.filters >= 0 && o.filters < 1))
    throw new MoteFailure(
      CompressErrorCode.BadFilterFraction,
      `The share of filters to remove must be at least 0 and below 1 (every layer keeps one), not ${o.filters}.`,
    )
  if (o.sparsity === 0 && withDefaults(o).filters === 0)
    throw new MoteFailure(
      CompressErrorCode.BadSparsity,
      'Pruning with 0 sparsity and 0 filters removes nothing. Set --sparsity or --filters above 0.',
    )
}
