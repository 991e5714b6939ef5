// A cancelled workflow signals the step: the first signal decides what the reports say, and the step exits non-zero
// only once they are written.
import { afterEach, beforeEach, expect, jest, test } from '@jest/globals'
import { listenForCancellation } from '../src/cancellation.js'
import type { GateReport } from '../src/report.js'
import { captureStdout, makeReport } from './support/fixtures.js'

let stdout: string[]
let exit: jest.SpiedFunction<typeof process.exit>
const stops: (() => void)[] = []

beforeEach(() => {
  stdout = captureStdout()
  exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never)
})

afterEach(() => {
  for (const stop of stops.splice(0)) stop()
  jest.restoreAllMocks()
  process.exitCode = undefined
})

/** Listens for the report; `written()` ends the reports' writing, which finish() is waiting on. */
function listen(report: GateReport) {
  let written: () => void = () => undefined
  const finish = jest.fn(() => new Promise<void>((resolve) => (written = resolve)))
  const cancellation = listenForCancellation(report, finish)
  stops.push(cancellation.stop)
  return { finish, cancellation, written: () => written() }
}

const undecided = (): GateReport => ({ imageDigest: '', scanStatus: 'IN_PROGRESS', warnings: [] })
const turn = () => new Promise(setImmediate)

test('a signal before the verdict says the gate did not decide, and the step exits 1 once the reports are written', async () => {
  const report = undecided()
  const { finish, cancellation, written } = listen(report)
  process.emit('SIGTERM', 'SIGTERM')
  expect(cancellation.signal.aborted).toBe(true)
  expect(report.error).toBe('the run was cancelled (SIGTERM) before the verdict, so the gate did not decide.')
  expect(stdout.join('')).toBe(`::error::ecr-scan-gate did not decide: ${report.error}\n`)
  expect(finish).toHaveBeenCalledTimes(1)
  await turn()
  expect(exit).not.toHaveBeenCalled()
  written()
  await turn()
  expect(exit).toHaveBeenCalledWith(1)
})

test('a signal after the verdict leaves the verdict standing and says only the reports were cut short', async () => {
  const report = makeReport([])
  const verdict = report.verdict
  const { finish } = listen(report)
  process.emit('SIGINT', 'SIGINT')
  expect(report.verdict).toBe(verdict)
  expect(report.error).toBeUndefined()
  expect(stdout.join('')).toBe('::error::ecr-scan-gate was cancelled (SIGINT) while writing its reports.\n')
  expect(finish).toHaveBeenCalledTimes(1)
})

test('an error already reported is kept: the cancellation adds no second failure', () => {
  const report = { ...undecided(), error: 'Input image-tag is required.' }
  const { finish } = listen(report)
  process.emit('SIGTERM', 'SIGTERM')
  expect(report.error).toBe('Input image-tag is required.')
  expect(stdout.join('')).toBe('')
  expect(finish).toHaveBeenCalledTimes(1)
})

test("the runner's SIGINT then SIGTERM: the first one decides, and the reports are written once", () => {
  const report = undecided()
  const { finish } = listen(report)
  process.emit('SIGINT', 'SIGINT')
  process.emit('SIGTERM', 'SIGTERM')
  expect(report.error).toMatch(/cancelled \(SIGINT\)/)
  expect(stdout.filter((line) => line.startsWith('::error::'))).toHaveLength(1)
  expect(finish).toHaveBeenCalledTimes(1)
})

test('stop() ends the listening: a signal after the run is not taken for a cancellation', () => {
  const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]
  const report = undecided()
  const { finish, cancellation } = listen(report)
  expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before.map((n) => n + 1))
  cancellation.stop()
  expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before)
  process.emit('SIGTERM', 'SIGTERM')
  expect(finish).not.toHaveBeenCalled()
  expect(report.error).toBeUndefined()
  expect(cancellation.signal.aborted).toBe(false)
})
