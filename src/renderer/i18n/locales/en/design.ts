/** English strings of the Design step (views.design). */
export const design = {
  title: 'Design',
  subtitle: 'Input window, feature block and model, with a live estimate for every board.',
  emptyTitle: 'Nothing to design yet',
  emptyBody: 'The design starts from your data: add samples first, so the window and features fit them.',
  emptyAction: 'Go to Dataset',
} as const
