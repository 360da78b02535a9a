import { JOB_REGISTRY } from './job-registry'
import { runJobWorker } from './worker-runtime'

// The job worker's entry point: bundled by electron-vite as out/main/job-worker.js, run through tsx elsewhere.
void runJobWorker(JOB_REGISTRY)
