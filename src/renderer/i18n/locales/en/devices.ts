/** English strings of the Devices step (views.devices). */
export const devices = {
  title: 'Devices',
  subtitle: 'Boards plugged into this computer, and virtual boards to try things without hardware.',
  emptyTitle: 'No board found',
  emptyBody: 'Plug in a board with a USB cable, or start a virtual board to try everything without hardware.',
  emptyAction: 'Check tools',
  toolsTitle: 'Tools on this computer',
  toolFound: 'Found',
  toolMissing: 'Missing',
  toolNeededFor: 'Needed for {what}',
  checking: 'Checking tools…',
} as const
