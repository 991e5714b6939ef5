import { runGateThread } from './gate-thread.js'

await runGateThread(import.meta.url)
