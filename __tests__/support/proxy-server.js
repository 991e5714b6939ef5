// A forward proxy on 127.0.0.1 for the tests of a runner behind a proxy: it sends every request, whatever host it
// names, to that port on 127.0.0.1, so a host name that resolves nowhere is reachable through it and only through it.
// It speaks both ways clients use a proxy: CONNECT tunnels and absolute-form requests.
import { createServer, request } from 'node:http'
import { connect } from 'node:net'

/**
 * Starts the proxy; `asked` lists each request as the proxy saw it ("CONNECT host:port", "POST http://host:port/").
 * `refuse: 407` (or any status) answers every request with that status instead; `hang: true` never answers.
 */
export async function startProxyServer(options = {}) {
  const asked = []
  const sockets = new Set()
  const refusal = (status) => `HTTP/1.1 ${status} Refused by the test proxy\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`
  const portOf = (authority) => Number(new URL(`http://${authority}`).port || 80)
  const server = createServer((req, res) => {
    asked.push(`${req.method} ${req.url}`)
    if (options.hang) return
    if (options.refuse) {
      res.writeHead(options.refuse, { connection: 'close' }).end()
      return
    }
    const target = new URL(req.url ?? '/')
    const forward = request(
      { host: '127.0.0.1', port: portOf(target.host), method: req.method, path: `${target.pathname}${target.search}`, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      }
    )
    forward.on('error', () => res.destroy())
    req.pipe(forward)
  })
  server.on('connect', (req, client, head) => {
    asked.push(`CONNECT ${req.url}`)
    client.on('error', () => undefined)
    if (options.hang) return
    if (options.refuse) {
      client.end(refusal(options.refuse))
      return
    }
    const upstream = connect(portOf(req.url ?? ''), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client).pipe(upstream)
    })
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  return {
    url: `http://127.0.0.1:${port}`,
    asked,
    async close() {
      // A tunnel is no HTTP connection of the server's any more: closeAllConnections leaves it.
      for (const socket of sockets) socket.destroy()
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  }
}
