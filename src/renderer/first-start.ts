/**
 * Where the app opens: on a first start (no project open, none ever opened) the Projects view, which offers
 * the demo projects; otherwise wherever the URL points. Kept pure so that it is tested without a router.
 */
export function startRoute(state: {
  readonly hasProject: boolean
  readonly recentCount: number
  readonly currentPath: string
}): string | null {
  const atDefault = state.currentPath === '/' || state.currentPath === '/devices'
  return !state.hasProject && state.recentCount === 0 && atDefault ? '/project' : null
}
