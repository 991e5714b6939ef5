// The bundle's stand-in for undici: nothing of undici until loadUndici, then undici's own ProxyAgent and fetch.
import { createServer } from 'node:http'
import { expect, test } from '@jest/globals'
// The real undici: in type checks the bare name is the stand-in (tsconfig paths), as in the bundle.
import * as realUndici from 'undici/index.js'
import { ProxyAgent, fetch, loadUndici } from '../src/undici-on-demand.js'

// Order matters: the module's state is the point, and jest gives this file its own copy of it.
test('before loadUndici, a ProxyAgent or a fetch is a bug that says so, not a half-made agent', () => {
  expect(() => new ProxyAgent({ uri: 'http://127.0.0.1:9' })).toThrow('undici was used before loadUndici() loaded it')
  expect(() => fetch('http://127.0.0.1:9/')).toThrow('undici was used before loadUndici() loaded it')
})

test("after loadUndici, ProxyAgent makes undici's own agent and fetch is undici's", async () => {
  await loadUndici()
  const agent: unknown = new ProxyAgent({ uri: 'http://127.0.0.1:9' })
  expect(agent).toBeInstanceOf(realUndici.ProxyAgent)
  await (agent as InstanceType<typeof realUndici.ProxyAgent>).close()
  const server = createServer((_req, res) => res.end('through undici'))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const { port } = server.address() as { port: number }
    const dispatcher = new realUndici.Agent()
    // Only undici's fetch takes a dispatcher; passing one to Node's global fetch from another undici copy fails.
    const response = await fetch(`http://127.0.0.1:${port}/`, { dispatcher })
    expect(await response.text()).toBe('through undici')
    await dispatcher.close()
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
})
