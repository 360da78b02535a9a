/** int8 quantization following the TFLite spec and TFLite Micro's fixed-point arithmetic. */
export * from './fixed-point'
export * from './fixed-point-math'
export * from './params'
export * from './quantize-multiplier'
