import { run } from './gate-thread.js'

await run(import.meta.url)
