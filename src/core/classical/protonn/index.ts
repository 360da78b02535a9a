import { classicalFailure } from '../errors'
import { parseStoredModel } from '../model-json'
import { checkClassLimit } from '../edgeml/c-api'
import { argmax, type LabelledTable, type LearnerDef } from '../learner'
import { standardised } from '../edgeml/optimise'
import { checkTable, classCounts } from '../table'
import { protoNNEmitC } from './emit-c'
import { protoNNScoresFixed } from './fixed'
import { protoNNScoresFloat } from './float'
import { protoNNModelSchema, protoNNParamsSchema, type ProtoNNModel, type ProtoNNParams } from './model'
import { protoNNSize, protoNNTargets } from './size'
import { trainProtoNN } from './train'

/** ProtoNN as a classical learner (docs/classical.md, "ProtoNN"). */

function train(data: LabelledTable, params: ProtoNNParams, seed: number): ProtoNNModel {
  checkTable(data)
  checkClassLimit(data, 'ProtoNN')
  const prototypes = classCounts(data).reduce((m, n) => m + Math.min(n, params.prototypesPerClass), 0)
  const shape = {
    features: data.cols,
    classes: data.classes,
    projection: Math.min(params.projection, data.cols),
    prototypes,
  }
  const targets = protoNNTargets(shape, params)
  if (targets === undefined) {
    throw classicalFailure(
      'ClassicalBudget',
      `A ProtoNN with a ${shape.projection}-dimensional projection and ${prototypes} prototypes needs more than ${params.budgetBytes} bytes (${params.budgetNumeric}) even with one non-zero weight per matrix: raise the budget, or lower the projection or the prototypes per class.`,
    )
  }
  return trainProtoNN(data, standardised(data.x, data.rows, data.cols), params, targets, seed)
}

export const protoNNLearner: LearnerDef<ProtoNNParams, ProtoNNModel> = {
  kind: 'protonn',
  paramsSchema: protoNNParamsSchema,
  train,
  scores: (model, row, numeric) =>
    numeric === 'fixed' ? protoNNScoresFixed(model, row) : protoNNScoresFloat(model, row),
  predict: (model, row, numeric) =>
    argmax(numeric === 'fixed' ? protoNNScoresFixed(model, row) : protoNNScoresFloat(model, row)),
  emitC: protoNNEmitC,
  size: protoNNSize,
  parseModel: (json) => parseStoredModel('protonn', protoNNModelSchema, json),
}
