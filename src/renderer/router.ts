import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'
import { PIPELINE } from './pipeline'

/**
 * Hash history: the same URLs work from file:// in Electron and from `mote serve`. Views are loaded on
 * demand so that the shell starts fast.
 */
const views: Record<string, () => Promise<unknown>> = {
  devices: () => import('./views/DevicesView.vue'),
  capture: () => import('./views/CaptureView.vue'),
  dataset: () => import('./views/DatasetView.vue'),
  design: () => import('./views/DesignView.vue'),
  train: () => import('./views/TrainView.vue'),
  compress: () => import('./views/CompressView.vue'),
  deploy: () => import('./views/DeployView.vue'),
}

const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/devices' },
  { path: '/project', name: 'project', component: () => import('./views/ProjectView.vue') },
  ...PIPELINE.map((step) => ({
    path: step.path,
    name: step.id,
    component: views[step.id] as () => Promise<never>,
  })),
  { path: '/:pathMatch(.*)*', redirect: '/devices' },
]

export function createMoteRouter() {
  return createRouter({ history: createWebHashHistory(), routes })
}
