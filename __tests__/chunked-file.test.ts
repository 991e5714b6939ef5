import { execFileSync } from 'node:child_process'
import { createReadStream } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { writeChunkedFile } from '../src/chunked-file.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chunked-file-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

// Several megabytes in pieces of many sizes, with multi-byte characters (é, 😀) falling on every kind of boundary.
function pieces(): string[] {
  const out: string[] = []
  for (let i = 0; i < 3000; i++) out.push(`{"id":"CVE-2026-${i}","text":"${'é😀a'.repeat(i % 97)}${'x'.repeat((i * 37) % 4000)}"},`)
  return out
}

test('writes exactly the concatenated pieces, across batch boundaries and multi-byte characters', async () => {
  const path = join(dir, 'pieces.json')
  const all = pieces()
  const size = await writeChunkedFile(path, all)
  const expected = Buffer.from(all.join(''))
  expect(expected.length).toBeGreaterThan(3 << 20)
  expect((await readFile(path)).equals(expected)).toBe(true)
  expect(size).toEqual({ bytes: expected.length })
})

test('a piece larger than a whole batch is written whole', async () => {
  const path = join(dir, 'large.txt')
  const all = ['head,', 'ü'.repeat(3 << 20), ',tail']
  await writeChunkedFile(path, all)
  expect(await readFile(path, 'utf8')).toBe(all.join(''))
})

test('no pieces make an empty file', async () => {
  const path = join(dir, 'empty.txt')
  expect(await writeChunkedFile(path, [], { measureGzip: true })).toEqual({ bytes: 0, gzipBytes: expect.any(Number) })
  expect(await readFile(path, 'utf8')).toBe('')
})

test('the measured gzip size is at least what gzip at the default level makes of the file, and close to it', async () => {
  const path = join(dir, 'measured.json')
  const all = pieces()
  const { bytes, gzipBytes } = await writeChunkedFile(path, all, { measureGzip: true })
  const actual = gzipSync(await readFile(path)).length
  expect(bytes).toBe(Buffer.byteLength(all.join('')))
  expect(gzipBytes).toBeGreaterThanOrEqual(actual)
  expect(gzipBytes).toBeLessThan(actual * 2)
})

test('a pipe gets the pieces in order too (report-file: /dev/stdout)', async () => {
  const fifo = join(dir, 'pipe')
  execFileSync('mkfifo', [fifo])
  const received: Buffer[] = []
  const reader = new Promise<void>((resolve, reject) => {
    createReadStream(fifo)
      .on('data', (data) => received.push(data as Buffer))
      .on('end', resolve)
      .on('error', reject)
  })
  const all = pieces()
  await writeChunkedFile(fifo, all, { measureGzip: true })
  await reader
  expect(Buffer.concat(received).equals(Buffer.from(all.join('')))).toBe(true)
})

test('a file that cannot be written rejects with the reason', async () => {
  await expect(writeChunkedFile(dir, ['x'])).rejects.toMatchObject({ code: 'EISDIR' })
  await expect(writeChunkedFile(join(dir, 'missing', 'x.json'), ['x'])).rejects.toMatchObject({ code: 'ENOENT' })
})

test('a piece that fails to be made stops the write with that error', async () => {
  const path = join(dir, 'failing.txt')
  function* failing(): Generator<string> {
    yield 'a'.repeat(2 << 20)
    throw new Error('renderer bug')
  }
  await expect(writeChunkedFile(path, failing(), { measureGzip: true })).rejects.toThrow('renderer bug')
})
