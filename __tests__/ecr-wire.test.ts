// The ECR client against a loopback server answering raw bodies: what the page reader makes of the bytes on the wire
// (its JSON shortcut for finding pages), and that errors still take the SDK's own path.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import fc from 'fast-check'
import { createEcrClient, describeScanFindings, readAllFindings } from '../src/ecr.js'

type Answer = { status: number; body: string; headers?: Record<string, string> }
let answer: (op: string, body: Record<string, unknown>) => Answer
let server: Server
const saved = { ...process.env }

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const op = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? ''
      const { status, body, headers } = answer(op, JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'))
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-1', ...headers })
      res.end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_ECR: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    AWS_ACCESS_KEY_ID: 'AKIDWIRETEST',
    AWS_SECRET_ACCESS_KEY: 'wire-secret-not-real'
  })
})

afterAll(async () => {
  process.env = saved
  await new Promise((resolve) => server.close(resolve))
})

const target = { repositoryName: 'app', imageTag: 'v1', region: 'us-east-1' }
const client = () => createEcrClient({ region: 'us-east-1', requestTimeoutMs: 5_000 })
const ok = (page: unknown): Answer => ({ status: 200, body: JSON.stringify(page) })

test('a page keeps every finding field as sent and turns the scan timestamps (epoch seconds) into Dates', async () => {
  const finding = { name: 'CVE-2026-1', severity: 'HIGH', uri: 'https://x.test/1', attributes: [{ key: 'package_name', value: 'openssl' }] }
  answer = () =>
    ok({
      imageId: { imageDigest: 'sha256:abc', imageTag: 'v1' },
      imageScanStatus: { status: 'COMPLETE', description: 'done' },
      imageScanFindings: {
        imageScanCompletedAt: 1767222000.5,
        vulnerabilitySourceUpdatedAt: 1767220000,
        findingSeverityCounts: { HIGH: 1 },
        findings: [finding]
      }
    })
  const page = await describeScanFindings(client(), target)
  expect(page.imageScanStatus).toEqual({ status: 'COMPLETE', description: 'done' })
  expect(page.imageId?.imageDigest).toBe('sha256:abc')
  expect(page.imageScanFindings?.imageScanCompletedAt).toEqual(new Date('2025-12-31T23:00:00.500Z'))
  expect(page.imageScanFindings?.vulnerabilitySourceUpdatedAt).toEqual(new Date(1767220000 * 1000))
  expect(page.imageScanFindings?.findings).toEqual([finding])
  expect(page.$metadata.requestId).toBe('req-1')
  expect(page.$metadata.httpStatusCode).toBe(200)
})

test('containers of the wrong type read as absent: no junk findings from a string, no request with a numeric token', async () => {
  const requests: Record<string, unknown>[] = []
  answer = (_op, body) => {
    requests.push(body)
    return ok({
      nextToken: 42,
      imageId: 'sha256:abc',
      imageScanStatus: { status: 7, description: ['x'] },
      imageScanFindings: { findings: 'CVE-2026-1', enhancedFindings: { 0: {} }, imageScanCompletedAt: '2026-01-01', findingSeverityCounts: [] }
    })
  }
  const page = await describeScanFindings(client(), target)
  expect(page.nextToken).toBeUndefined()
  expect(page.imageId).toBeUndefined()
  expect(page.imageScanStatus).toEqual({ status: undefined, description: undefined })
  expect(page.imageScanFindings?.imageScanCompletedAt).toBeUndefined()
  const scan = await readAllFindings(client(), target, page)
  expect(scan.findings).toEqual([])
  expect(scan.pages).toBe(1)
  expect(scan.severityCounts).toEqual({})
  expect(requests).toHaveLength(1)
})

test('a body that is not an object at all reads as an empty page', async () => {
  answer = () => ok([1, 2, 3])
  const page = await describeScanFindings(client(), target)
  expect(page.imageScanFindings).toBeUndefined()
  expect(page.nextToken).toBeUndefined()
})

test('a successful answer that is not JSON fails the call instead of reading as a page with no findings', async () => {
  answer = () => ({ status: 200, body: '{"imageScanFindings": {"findings": [' })
  await expect(describeScanFindings(client(), target)).rejects.toThrow(SyntaxError)
})

test('error answers still become the SDK’s typed exceptions', async () => {
  answer = () => ({
    status: 400,
    body: JSON.stringify({ __type: 'ScanNotFoundException', message: 'no scan' }),
    headers: { 'x-amzn-errortype': 'ScanNotFoundException' }
  })
  await expect(describeScanFindings(client(), target)).rejects.toMatchObject({ name: 'ScanNotFoundException', message: 'no scan' })
})

// Pages shaped like ECR's, with any JSON at every key: the shortcut must hand on only what the code downstream can walk.
const anyJson = fc.jsonValue({ maxDepth: 3 })
const hostilePage = fc.record(
  {
    nextToken: anyJson,
    imageId: fc.oneof(anyJson, fc.record({ imageDigest: anyJson, imageTag: anyJson })),
    imageScanStatus: fc.oneof(anyJson, fc.record({ status: anyJson, description: anyJson })),
    imageScanFindings: fc.oneof(
      anyJson,
      fc.record(
        {
          findings: fc.oneof(anyJson, fc.array(anyJson, { maxLength: 5 })),
          enhancedFindings: fc.oneof(anyJson, fc.array(anyJson, { maxLength: 5 })),
          findingSeverityCounts: anyJson,
          imageScanCompletedAt: fc.oneof(anyJson, fc.double()),
          vulnerabilitySourceUpdatedAt: fc.oneof(anyJson, fc.integer())
        },
        { requiredKeys: [] }
      )
    )
  },
  { requiredKeys: [] }
)
const isValidDateOrAbsent = (value: unknown): boolean =>
  value === undefined || (value instanceof Date && Number.isFinite(value.getTime()))

test('any JSON in a page reads as a well-typed page, and reading its findings never throws', async () => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(hostilePage, anyJson), async (body) => {
      answer = () => ok(body)
      const page = await describeScanFindings(client(), target)
      expect(page.nextToken === undefined || typeof page.nextToken === 'string').toBe(true)
      expect(['undefined', 'string']).toContain(typeof page.imageScanStatus?.status)
      expect(['undefined', 'string']).toContain(typeof page.imageId?.imageDigest)
      const scan = page.imageScanFindings
      expect(scan?.findings === undefined || Array.isArray(scan.findings)).toBe(true)
      expect(scan?.enhancedFindings === undefined || Array.isArray(scan.enhancedFindings)).toBe(true)
      expect(isValidDateOrAbsent(scan?.imageScanCompletedAt)).toBe(true)
      expect(isValidDateOrAbsent(scan?.vulnerabilitySourceUpdatedAt)).toBe(true)
      // The walk itself, without following a token to another page of the same answer.
      const read = await readAllFindings(client(), target, { ...page, nextToken: undefined })
      expect(read.findings).toHaveLength((scan?.findings?.length ?? 0) + (scan?.enhancedFindings?.length ?? 0))
      expect(typeof read.severityCounts).toBe('object')
    }),
    { numRuns: 150 }
  )
})
