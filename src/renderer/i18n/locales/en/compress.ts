import { VARIANT_NAME_WORDS } from '../../../../core/compress/variants/names'

/** English strings of the Compress step (views.compress). */
export const compress = {
  title: 'Compress',
  subtitle: 'Make the model fit the board: int8, pruning, distillation, clustering — side by side.',
  emptyTitle: 'No trained model yet',
  emptyBody: 'Train a model first; each compression then becomes a variant you can compare and choose.',
  emptyAction: 'Go to Train',
  noVariantsTitle: 'No variants yet',
  noVariantsBody:
    'Pick a method and press Compress (Ctrl+Enter). The first run also measures the float32 baseline, so every variant is compared with the model you trained. Start with int8 quantization: it is fast and usually loses almost nothing.',
  staleModel:
    'The design changed after training. Retrain, then compress again so that the variants match the design.',
  staleVariants: 'Greyed variants were made from an older model; they cannot be chosen.',
  running: 'Compressing: {phrase}',
  starting: 'starting the job',
  cancelled: 'The compression was cancelled; nothing of it was kept.',
  form: {
    title: 'New variant',
    method: 'Method',
    run: 'Compress',
    hint: 'Runs as a job (log in the console); Ctrl+Enter starts it. Empty fields use the defaults.',
    methods: {
      ptq: 'int8 quantization (PTQ)',
      qat: 'Quantization-aware training',
      prune: 'Pruning',
      distill: 'Distillation',
      cluster: 'Clustering + Huffman',
    },
    about: {
      ptq: 'Measures activation ranges on training windows and stores weights and activations as 8-bit integers: 4× smaller weights, seconds to run.',
      qat: 'Fine-tunes with the int8 rounding simulated, so the network learns to live with it; use it when int8 PTQ loses accuracy.',
      prune:
        'Removes whole filters or neurons (smaller and faster everywhere) and/or zeros the smallest weights, then fine-tunes. Zeros save flash once clustered and Huffman-coded.',
      distill: 'Trains a smaller student to imitate the trained model (the teacher), then quantizes it.',
      cluster:
        'Shares each layer’s weights among 2^bits values, fine-tunes them, then Huffman-codes the indices: the smallest weights in flash. Start from a pruned variant for the most.',
    },
    calibration: 'Calibration',
    calibrationMinmax: 'min / max',
    calibrationPercentile: 'percentile',
    percentile: 'Percentile kept (%)',
    perChannelDense: 'Per-neuron scales in dense layers',
    epochs: 'Fine-tuning epochs',
    learningRate: 'Learning rate',
    sparsity: 'Zero weights (share)',
    filters: 'Filters removed (share)',
    studentPreset: 'Student',
    studentSame: 'Same architecture as the teacher',
    width: 'Student width',
    temperature: 'Temperature',
    alpha: 'Teacher weight α',
    bits: 'Bits per weight',
    from: 'Start from',
    fromModel: 'The trained model',
    defaultValue: 'default',
  },
  tflite: {
    importTflite: 'Import .tflite…',
    imported:
      'Imported {file} as a variant. It is not evaluated on this project’s test split: its input need not be the project’s features.',
    exportTflite: 'Export .tflite',
    exportTitle: 'Export {name} as .tflite',
    exportHint:
      'A whole path on the computer running Mote. The file is what TensorFlow Lite and TFLite Micro load.',
    exportRun: 'Export',
    exported: 'Wrote {path} ({bytes} bytes).',
  },
  table: {
    title: 'Variants',
    variant: 'Variant',
    accuracy: 'Test accuracy',
    accuracyHint:
      'Test split, run on the int8 reference interpreter (the float32 one for the baseline): what the board computes.',
    change: 'vs float',
    params: 'Parameters',
    flash: 'Weights flash',
    ram: 'Peak RAM',
    ramHint: 'Activation arena: the static memory plan’s peak, what the firmware allocates.',
    macs: 'MACs',
    use: 'Use this variant',
    chosen: 'Chosen for deployment',
    remove: 'Remove',
    stale: 'older model',
    smaller: '{ratio}× smaller',
    notes: 'Details',
    measured: '{n} test windows',
    notEvaluated: 'imported, not evaluated',
  },
  // Default variant names: the English wording is core's, the one the CLI prints and variants are stored with.
  names: VARIANT_NAME_WORDS,
  chart: {
    title: 'Accuracy vs size',
    accuracy: 'Test accuracy (%)',
    size: 'Weights in flash (bytes, log scale)',
  },
} as const
