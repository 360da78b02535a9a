// Vitest setup for every tier: a test that reads outside the repository fails (see read-guard.ts).
import { afterAll, afterEach, expect } from 'vitest'
import { READ_OUTSIDE_HINT, installReadGuard } from './read-guard'

const guard = installReadGuard()
const check = () => expect(guard.take(), READ_OUTSIDE_HINT).toEqual([])
afterEach(check)
afterAll(check)
