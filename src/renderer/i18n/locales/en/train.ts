/** English strings of the Train step (views.train). */
export const train = {
  title: 'Train',
  subtitle: 'Train the model on this computer and see how well it does.',
  emptyTitle: 'No model to train',
  emptyBody: 'Design the features and the model first; training then takes one click.',
  emptyAction: 'Go to Design',
} as const
