import { classicalFailure } from '../errors'
import { parseStoredModel } from '../model-json'
import { checkClassLimit } from '../edgeml/c-api'
import { argmax, type LabelledTable, type LearnerDef } from '../learner'
import { standardised } from '../edgeml/optimise'
import { checkTable } from '../table'
import { bonsaiEmitC } from './emit-c'
import { bonsaiScoresFixed } from './fixed'
import { bonsaiScoresFloat } from './float'
import { bonsaiModelSchema, bonsaiParamsSchema, type BonsaiModel, type BonsaiParams } from './model'
import { bonsaiSize, bonsaiTargets } from './size'
import { trainBonsai } from './train'

/** Bonsai as a classical learner (docs/classical.md, "Bonsai"). */

function train(data: LabelledTable, params: BonsaiParams, seed: number): BonsaiModel {
  checkTable(data)
  checkClassLimit(data, 'Bonsai')
  const shape = {
    features: data.cols,
    classes: data.classes,
    projection: Math.min(params.projection, data.cols),
    depth: params.depth,
  }
  const targets = bonsaiTargets(shape, params)
  if (targets === undefined) {
    throw classicalFailure(
      'ClassicalBudget',
      `A Bonsai tree of depth ${shape.depth} on a ${shape.projection}-dimensional projection needs more than ${params.budgetBytes} bytes (${params.budgetNumeric}) even with one non-zero weight per matrix: raise the budget, or lower the depth or the projection.`,
    )
  }
  return trainBonsai(data, standardised(data.x, data.rows, data.cols), params, targets, seed)
}

function scores(
  model: BonsaiModel,
  row: Float32Array,
  numeric: 'float' | 'fixed',
): Float32Array | Int32Array {
  return numeric === 'fixed' ? bonsaiScoresFixed(model, row) : bonsaiScoresFloat(model, row)
}

export const bonsaiLearner: LearnerDef<BonsaiParams, BonsaiModel> = {
  kind: 'bonsai',
  paramsSchema: bonsaiParamsSchema,
  train,
  scores,
  predict: (model, row, numeric) => argmax(scores(model, row, numeric)),
  emitC: bonsaiEmitC,
  size: bonsaiSize,
  parseModel: (json) => parseStoredModel('bonsai', bonsaiModelSchema, json),
}
