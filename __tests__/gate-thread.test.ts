// The worker side of the launcher: a signal passed on from the main thread reaches main.ts's listeners, or, before
// they exist, is held until they do.
import { afterEach, expect, jest, test } from '@jest/globals'
import { relaySignal, takeHeldSignal } from '../src/gate-thread.js'

afterEach(() => {
  jest.restoreAllMocks()
})

test.each(['SIGINT', 'SIGTERM'] as const)('%s before the gate listens is held for it, not lost, and ends nothing yet', (signal) => {
  const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never)
  relaySignal(signal)
  relaySignal('SIGTERM')
  expect(exit).not.toHaveBeenCalled()
  // The first one is what the gate hears once it listens.
  expect(takeHeldSignal()).toBe(signal)
  expect(takeHeldSignal()).toBeUndefined()
})

test('a signal once the gate listens goes to its listener and ends nothing', () => {
  const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never)
  const heard: string[] = []
  process.once('SIGTERM', (signal) => heard.push(signal))
  relaySignal('SIGTERM')
  expect(heard).toEqual(['SIGTERM'])
  expect(exit).not.toHaveBeenCalled()
})
