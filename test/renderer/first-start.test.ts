import { describe, expect, it } from 'vitest'
import { startRoute } from '../../src/renderer/first-start'

describe('the route the app opens on', () => {
  it('is the Projects view, with the demos, on a first start', () => {
    expect(startRoute({ hasProject: false, recentCount: 0, currentPath: '/devices' })).toBe('/project')
    expect(startRoute({ hasProject: false, recentCount: 0, currentPath: '/' })).toBe('/project')
  })

  it('stays where it is once the user has a project, has opened one before, or followed a link', () => {
    expect(startRoute({ hasProject: true, recentCount: 0, currentPath: '/devices' })).toBeNull()
    expect(startRoute({ hasProject: false, recentCount: 2, currentPath: '/devices' })).toBeNull()
    expect(startRoute({ hasProject: false, recentCount: 0, currentPath: '/dataset' })).toBeNull()
  })
})
