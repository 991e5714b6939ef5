// What the loopback ECR and GitHub servers share: an HTTP server on 127.0.0.1 that reads each request whole, answers
// after a fixed latency, and closes with no timer or connection left behind.
import { createServer } from 'node:http'
import { performance } from 'node:perf_hooks'
import { setImmediate } from 'node:timers'

/**
 * Starts the server (port 0: any free one) and resolves once it listens. handle(req, res, body) gets each request
 * with its whole body as a Buffer.
 */
export async function startLoopback(handle, port = 0) {
  const timers = new Set()
  let closed = false
  const http = createServer((req, res) => {
    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => handle(req, res, Buffer.concat(chunks)))
  })
  // Clients keep connections alive; a short keep-alive would race their reuse and surface as ECONNRESET.
  http.keepAliveTimeout = 30_000
  await new Promise((resolve, reject) => {
    http.once('error', reject)
    http.listen(port, '127.0.0.1', () => {
      http.off('error', reject)
      resolve()
    })
  })
  const actualPort = http.address().port
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    /**
     * Calls send latencyMs after arrivedAt (a performance.now() reading, so work done since counts toward the
     * latency), unless the server has closed or the client has gone by then. Timers fire up to a millisecond or two
     * late, which a benchmark would charge to the client at every call: the last stretch is waited out with
     * setImmediate, so the answer leaves within a fraction of a millisecond of its time.
     */
    answerAfter(res, arrivedAt, latencyMs, send) {
      const due = arrivedAt + latencyMs
      const fire = () => {
        const left = due - performance.now()
        if (left <= 0) {
          if (!closed && !res.destroyed) send()
        } else if (left <= 2) {
          setImmediate(fire)
        } else {
          const timer = setTimeout(() => {
            timers.delete(timer)
            fire()
          }, left - 2)
          timers.add(timer)
        }
      }
      fire()
    },
    async close() {
      if (closed) return
      closed = true
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      const done = new Promise((resolve) => http.close(() => resolve()))
      http.closeAllConnections()
      await done
    }
  }
}
