// What a large scan's SARIF file leaves is collected before the JSON report is made.
import { expect, test } from '@jest/globals'
import { collectAfterSarif } from '../src/heap.js'

// Made in a function of its own: nothing but the WeakRef is left pointing at the object once it returns.
function unreferenced(): WeakRef<object> {
  return new WeakRef({ rows: new Array(10_000).fill('dead') })
}

test('a scan of 50,000 findings or more gets a full collection; a smaller one is left to V8', async () => {
  const ref = unreferenced()
  // A WeakRef keeps its object alive until the job that made it ends.
  await new Promise(setImmediate)
  collectAfterSarif(49_999)
  expect(ref.deref()).toBeDefined()
  // deref() too keeps the object until the job ends.
  await new Promise(setImmediate)
  collectAfterSarif(50_000)
  expect(ref.deref()).toBeUndefined()
})
