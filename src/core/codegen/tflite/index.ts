/** The .tflite reader and writer (TFLite flatbuffer schema version 3 ↔ `ModelGraph`). */
export { readTflite } from './reader'
export { writeTflite } from './writer'
