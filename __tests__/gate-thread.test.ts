// The worker side of the launcher: a signal passed on from the main thread reaches main.ts's listeners, or, before
// they exist, ends the run as the signal itself would have.
import { afterEach, expect, jest, test } from '@jest/globals'
import { relaySignal } from '../src/gate-thread.js'

afterEach(() => {
  jest.restoreAllMocks()
})

test.each([
  ['SIGINT', 130],
  ['SIGTERM', 143]
] as const)('%s before the gate listens ends the thread with status %i, not ignored', (signal, status) => {
  const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never)
  relaySignal(signal)
  expect(exit).toHaveBeenCalledWith(status)
})

test('a signal once the gate listens goes to its listener and ends nothing', () => {
  const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never)
  const heard: string[] = []
  process.once('SIGTERM', (signal) => heard.push(signal))
  relaySignal('SIGTERM')
  expect(heard).toEqual(['SIGTERM'])
  expect(exit).not.toHaveBeenCalled()
})
