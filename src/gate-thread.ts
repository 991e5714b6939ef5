import { finished } from 'node:stream/promises'
import { Worker, isMainThread, parentPort } from 'node:worker_threads'

// node24's V8 grows the young generation to two 64 MB semi-spaces once enough objects have survived, and 100,000
// findings do: that was some 90 MB of a 280-325 MB peak. No code can pass node flags to an action, and V8 reads its
// heap flags once, at start; a worker's resourceLimits are the one way left to cap it. 16 MB is Node 20's own maximum.
const YOUNG_GENERATION_MB = 16

const CANCEL_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']

/**
 * Runs the action: the gate (main.ts's run) in a worker thread with a capped young generation, the process's exit code
 * being the worker's; `entry` is this bundle's own URL, which the worker loads again to run the gate.
 */
export async function run(entry: string): Promise<void> {
  if (!isMainThread) return runInWorker()
  // A cancelled workflow signals this process, and signals never reach a worker: they go on as messages. Listening
  // starts before the worker does, and lasts until process.exit: a late signal (the runner's SIGTERM after its SIGINT)
  // is then a message to a thread that has ended, where with no listener it would end the step by the signal.
  const gate: { thread?: Worker } = {}
  for (const signal of CANCEL_SIGNALS) process.on(signal, (received: NodeJS.Signals) => gate.thread?.postMessage(received))
  const worker = (gate.thread = new Worker(new URL(entry), { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } }))
  // No 'error' listener: run() reports its own errors, and anything outside it (a chunk of the bundle that would not
  // load) then fails this process as an uncaught error would on the main thread: stack on stderr, exit code 1 (and
  // output a slow reader had not yet taken is lost, as it always was on that path).
  const exitCode = await new Promise<number>((resolve) => worker.once('exit', resolve))
  await flushed(worker)
  // Not by letting the event loop run dry: Node's teardown then closes its signal handles and puts back the default
  // action, and a late signal in that moment would still end the step by the signal. process.exit skips that teardown.
  process.exit(exitCode)
}

/** Resolves once all the gate thread wrote has reached the operating system: process.exit drops what is still queued. */
async function flushed(worker: Worker): Promise<void> {
  await Promise.all([finished(worker.stdout), finished(worker.stderr)])
  // An empty write's callback comes after every write queued before it.
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))))
}

async function runInWorker(): Promise<void> {
  parentPort
    ?.on('message', (message: unknown) => {
      const signal = CANCEL_SIGNALS.find((known) => known === message)
      if (signal) relaySignal(signal)
    })
    .unref()
  const gate = await import('./main.js')
  const running = gate.run()
  // run() listens from its first line: a signal held while the gate loaded now cancels it as any other would, so even
  // a workflow cancelled in the step's first moments gets its "did not decide" summary.
  const held = takeHeldSignal()
  if (held) process.emit(held, held)
  await running
}

let heldSignal: NodeJS.Signals | undefined

/**
 * In the worker, a signal the launcher passed on: to main.ts's listeners on `process`, as on the main thread; before
 * run() listens (the gate still loading), it is held for run() (the first one: the rest say nothing more). After run()
 * has ended and stopped listening, one is held too, and the thread ends as it was about to, with run()'s exit code.
 */
export function relaySignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 0) process.emit(signal, signal)
  else heldSignal ??= signal
}

/** The signal relaySignal held before the gate listened, if any; each is handed over once. */
export function takeHeldSignal(): NodeJS.Signals | undefined {
  const held = heldSignal
  heldSignal = undefined
  return held
}
