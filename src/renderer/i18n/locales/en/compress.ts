/** English strings of the Compress step (views.compress). */
export const compress = {
  title: 'Compress',
  subtitle: 'Make the model fit the board: int8, pruning, distillation, clustering — side by side.',
  emptyTitle: 'No trained model yet',
  emptyBody: 'Train a model first; each compression then becomes a variant you can compare and choose.',
  emptyAction: 'Go to Train',
} as const
