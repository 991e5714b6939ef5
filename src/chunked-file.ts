import { type FileHandle, open } from 'node:fs/promises'
import { finished } from 'node:stream/promises'
import { type DeflateRaw, createDeflateRaw } from 'node:zlib'

// Enough that the disk and zlib see a few dozen tasks for a 40 MB file; two of them are all the memory writing takes.
const BATCH_BYTES = 1 << 20
// Typical SARIF shrinks ten times, so one output buffer holds what a batch deflates to.
const DEFLATE_OUTPUT_BYTES = 256 << 10
// Gzip's header and trailer around the deflate stream.
const GZIP_FRAME_BYTES = 18

export interface ChunkedFileOptions {
  /** Also measure the file gzipped at zlib's fastest level: larger than the default level makes of text, in practice. */
  measureGzip?: boolean
}

export interface ChunkedFileSize {
  bytes: number
  /** Set when measureGzip was asked for. */
  gzipBytes?: number
}

/**
 * Writes text made piece by piece (tens of megabytes never become one string) and returns its size. Pieces are
 * encoded into one of two reused megabyte buffers; while the disk (and zlib, when measuring) take one on libuv's
 * threads, the next is filled here, so the file is written about as fast as its text is made, in constant memory.
 */
export async function writeChunkedFile(
  path: string,
  chunks: Iterable<string>,
  options: ChunkedFileOptions = {}
): Promise<ChunkedFileSize> {
  const handle = await open(path, 'w')
  // zlib hands back one output buffer per chunkSize bytes, each on a turn of this thread, which is busy making text:
  // with the default 16 KiB a batch took several turns, and the thread then sat waiting for them.
  const deflate = options.measureGzip ? createDeflateRaw({ level: 1, chunkSize: DEFLATE_OUTPUT_BYTES }) : undefined
  let gzipBytes = GZIP_FRAME_BYTES
  deflate?.on('data', (data: Buffer) => void (gzipBytes += data.length))
  const deflated = deflate ? finished(deflate) : Promise.resolve()
  // Awaited at the end; a failed write must not leave it as an unhandled rejection meanwhile.
  deflated.catch(() => undefined)
  const buffers = [Buffer.allocUnsafe(BATCH_BYTES), Buffer.allocUnsafe(BATCH_BYTES)]
  // What still reads each buffer: its file write and its deflate.
  const inUse: Promise<unknown>[] = [Promise.resolve(), Promise.resolve()]
  let current = 0
  let used = 0
  let bytes = 0
  // The last write handed to the disk. Each write starts when the one before has finished: libuv would not keep two
  // in order, and offsets would not work for a pipe (report-file: /dev/stdout).
  let written: Promise<void> = Promise.resolve()
  const flush = async (): Promise<void> => {
    const data = (buffers[current] as Buffer).subarray(0, used)
    bytes += used
    written = written.then(() => writeAll(handle, data))
    const reading = Promise.all([written, deflate ? deflateWrite(deflate, data) : undefined])
    reading.catch(() => undefined)
    inUse[current] = reading
    current = 1 - current
    used = 0
    await inUse[current]
  }
  try {
    for (const chunk of chunks) {
      const size = Buffer.byteLength(chunk)
      if (used + size > (buffers[current] as Buffer).length) {
        if (used > 0) await flush()
        // A single piece larger than a batch (a chunk of findings with huge texts) gets a buffer of its own size.
        if (size > (buffers[current] as Buffer).length) buffers[current] = Buffer.allocUnsafe(size)
      }
      used += (buffers[current] as Buffer).write(chunk, used)
    }
    if (used > 0) await flush()
    await Promise.all(inUse)
    deflate?.end()
    await deflated
  } finally {
    deflate?.destroy()
    await handle.close()
  }
  return options.measureGzip ? { bytes, gzipBytes } : { bytes }
}

async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  for (let at = 0; at < data.length; ) {
    const { bytesWritten } = await handle.write(data, at, data.length - at)
    at += bytesWritten
  }
}

// Resolves once zlib has consumed the data, so its buffer may be filled again.
function deflateWrite(deflate: DeflateRaw, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    deflate.write(data, (error) => (error ? reject(error) : resolve()))
  })
}
