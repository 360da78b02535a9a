import { hasInjectionContext, inject, type InjectionKey } from 'vue'
import type { MoteApi } from './index'

/**
 * The API client reaches stores through Vue's provide/inject (set once in main.ts), so tests give stores a
 * client over a fake bridge and nothing touches `window.mote` directly (DESIGN.md §7.8).
 */
export const API_KEY: InjectionKey<MoteApi> = Symbol('mote-api')

let fallback: MoteApi | undefined

/** Also usable outside components (stores): the app calls `setApi` at start. */
export function setApi(api: MoteApi): void {
  fallback = api
}

export function useApi(): MoteApi {
  const injected = hasInjectionContext() ? inject(API_KEY, undefined) : undefined
  const api = injected ?? fallback
  if (api === undefined) throw new Error('The Mote API client was not set up (call setApi in main.ts)')
  return api
}
