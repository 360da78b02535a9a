/** English strings of the Deploy step (views.deploy). */
export const deploy = {
  title: 'Deploy',
  subtitle: 'Build, flash and test on the board in one go, and watch it classify live.',
  emptyTitle: 'Nothing to deploy yet',
  emptyBody: 'Choose a model variant on the Compress step and a board in the top bar.',
  emptyAction: 'Go to Compress',
} as const
