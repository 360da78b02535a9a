import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { chooseBridge, createApi } from './api'
import { API_KEY, setApi } from './api/provide'
import { createMoteI18n, preferredLocale } from './i18n'
import { createMoteRouter } from './router'
import { useAppStore } from './stores/app'
import type { MoteBridge } from '../shared/rpc/bridge'
import './styles.css'

declare global {
  interface Window {
    mote?: MoteBridge
  }
}

const pinia = createPinia()
const app = createApp(App)
app.use(pinia)

// Chosen once at start: IPC inside Electron, the WebSocket of `mote serve` in a browser.
let onConnectionChange = (_connected: boolean): void => undefined
const api = createApi(chooseBridge(window, (connected) => onConnectionChange(connected)))
setApi(api)
app.provide(API_KEY, api)
const appStore = useAppStore()
onConnectionChange = (connected) => {
  appStore.connected = connected
}

app.use(createMoteI18n(preferredLocale(navigator.languages)))
app.use(createMoteRouter())
app.mount('#app')
