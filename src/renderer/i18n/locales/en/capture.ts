/** English strings of the Capture step (views.capture). */
export const capture = {
  title: 'Capture',
  subtitle: 'Record labelled sensor data from a board or from this computer.',
  emptyTitle: 'No board to record from',
  emptyBody: 'Connect a board on the Devices step, then pick its sensor, a label and a length here.',
  emptyAction: 'Go to Devices',
} as const
