import { MoteFailure } from '../../shared/errors'

/** Training error codes: block 13xxx (docs/architecture.md). Every message says what to change. */
export const TrainErrorCode = {
  /** The stored design is malformed (a missing field, an unknown setting). */
  InvalidDesign: 13001,
  /** No samples, or none usable for training. */
  NoData: 13002,
  /** A sample has an empty label, or a label the design does not list. */
  BadLabel: 13003,
  /** A class has fewer training windows than training needs. */
  TooFewWindows: 13004,
  /** A class has no sample in the test split. */
  MissingTestClass: 13005,
  /** Samples whose kind, rate or axes differ from the design's input. */
  InputMismatch: 13006,
  /** The window is longer than a sample. */
  WindowTooLong: 13007,
  /** The loss became NaN or infinite. */
  NonFiniteLoss: 13008,
  /** Features with NaN or infinite values. */
  NonFiniteFeatures: 13009,
  /** The model's output does not match the labels (units ≠ label count, not softmax). */
  OutputMismatch: 13010,
  /** No trained model in the project (eval before train). */
  NoModel: 13011,
  /** A stored model is damaged. */
  ModelDamaged: 13012,
  /** A training job is already running for this project. */
  AlreadyTraining: 13013,
  /** A demo project could not be created (missing espeak-ng/sox, folder not empty). */
  DemoFailed: 13014,
} as const
export type TrainErrorCodeName = keyof typeof TrainErrorCode

export function trainFailure(code: TrainErrorCodeName, message: string, detail?: string): MoteFailure {
  return new MoteFailure(TrainErrorCode[code], message, detail)
}
