/**
 * Quantization-aware training, and the graph trainer that QAT, pruning and clustering fine-tune with: a
 * float ModelGraph as a TensorFlow.js function (graph-model.ts), weight providers (plain, masked,
 * clustered), fake quantization with straight-through gradients, and the fine-tuning loop.
 */
export * from './fake-quant'
export * from './weight-provider'
export * from './graph-model'
export * from './fine-tune'
export * from './dropout-plan'
export * from './qat'
