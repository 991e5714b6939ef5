// The writer keeps up to two batches in flight; the disk may finish them in any order. This makes the first write of
// every file the slowest, so a writer that relied on the file position would put the second batch first.
import { jest } from '@jest/globals'
import * as fsPromises from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const realOpen = fsPromises.open
jest.unstable_mockModule('node:fs/promises', () => ({
  ...fsPromises,
  open: async (...args: Parameters<typeof realOpen>) => {
    const handle = await realOpen(...args)
    const write = handle.write.bind(handle) as (...a: unknown[]) => Promise<unknown>
    let first = true
    return new Proxy(handle, {
      get(target, name) {
        if (name !== 'write') return Reflect.get(target, name, target)
        return async (...a: unknown[]) => {
          if (first) {
            first = false
            await new Promise((resolve) => setTimeout(resolve, 50))
          }
          return write(...a)
        }
      }
    })
  }
}))
const { writeChunkedFile } = await import('../src/chunked-file.js')

test('batches land at their own offsets whatever order the disk finishes them in', async () => {
  const dir = await fsPromises.mkdtemp(join(tmpdir(), 'chunked-order-'))
  try {
    const path = join(dir, 'ordered.txt')
    // Three batches of about a megabyte: the first is still being written when the second is handed over.
    const pieces = Array.from({ length: 3000 }, (_, i) => `${String(i).padStart(6, '0')}:${'x'.repeat(1000)}\n`)
    await writeChunkedFile(path, pieces)
    expect(await fsPromises.readFile(path, 'utf8')).toBe(pieces.join(''))
  } finally {
    await fsPromises.rm(dir, { recursive: true, force: true })
  }
})
