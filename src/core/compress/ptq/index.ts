/** Post-training int8 quantization: calibration, graph quantization, running int8 graphs on features. */
export * from './calibrate'
export * from './calibration-set'
export * from './quantize-graph'
export * from './run-int8'
export * from './ptq'
