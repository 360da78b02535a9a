/** English strings of the Dataset step (views.dataset). */
export const dataset = {
  title: 'Dataset',
  subtitle: 'Your samples by label and split, with a plot of each.',
  emptyTitle: 'No data yet',
  emptyBody: 'Record samples on the Capture step, or import CSV, WAV or image files.',
  emptyAction: 'Go to Capture',
} as const
