// The ECR client against a loopback server answering raw bodies: what the page reader makes of the bytes on the wire
// (its JSON shortcut for finding pages), and that errors still take the SDK's own path.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { jest } from '@jest/globals'
import fc from 'fast-check'
import { createEcrClient, describeScanFindings, readAllFindings, severityCountMismatch, startImageScan } from '../src/ecr.js'
import { RetryAfterRefusal, TransientError, explainAwsError } from '../src/errors.js'

/** `stall`: send the headers and the first bytes of the body, then nothing more (a stuck proxy or server). */
type Answer = { status: number; body: string; headers?: Record<string, string>; stall?: boolean; onClose?: () => void }
let answer: (op: string, body: Record<string, unknown>) => Answer
let server: Server
const saved = { ...process.env }

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const op = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? ''
      const { status, body, headers, stall, onClose } = answer(op, JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'))
      if (onClose) res.on('close', onClose)
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-1', ...headers })
      if (stall) res.write(body.slice(0, 10))
      else res.end(body)
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
  server.closeAllConnections()
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

test('fields downstream only reads read as absent when their type is wrong', async () => {
  answer = () =>
    ok({
      imageId: 'sha256:abc',
      imageScanStatus: { status: 7, description: ['x'] },
      imageScanFindings: { imageScanCompletedAt: '2026-01-01', findingSeverityCounts: [] }
    })
  const page = await describeScanFindings(client(), target)
  expect(page.imageId).toBeUndefined()
  expect(page.imageScanStatus).toEqual({ status: undefined, description: undefined })
  expect(page.imageScanFindings?.imageScanCompletedAt).toBeUndefined()
  const scan = await readAllFindings(client(), target, page)
  expect(scan.severityCounts).toEqual({})
})

// Read as absent, these would leave findings uncounted or later pages unread: a pass the gate did not earn.
test.each([
  ['findings that are not a list', { imageScanFindings: { findings: 'CVE-2026-1' } }, 'findings is not a list'],
  ['enhanced findings that are an object', { imageScanFindings: { enhancedFindings: { 0: {} } } }, 'enhancedFindings is not a list'],
  ['a finding that is not an object', { imageScanFindings: { findings: [{}, 'CRITICAL'] } }, 'findings holds something that is not a finding'],
  ['a finding that is null', { imageScanFindings: { enhancedFindings: [null] } }, 'enhancedFindings holds something that is not a finding'],
  ['a finding that is a list', { imageScanFindings: { findings: [[]] } }, 'findings holds something that is not a finding'],
  ['a numeric page token', { nextToken: 42, imageScanFindings: { findings: [] } }, 'nextToken is not a string'],
  ['imageScanFindings that is a string', { imageScanFindings: 'none' }, 'imageScanFindings is not an object'],
  ['a body that is not an object at all', [1, 2, 3], 'the answer is not a JSON object']
])('a page with %s is unreadable, not empty', async (_, body, problem) => {
  answer = () => ok(body)
  await expect(describeScanFindings(client(), target)).rejects.toMatchObject({
    name: 'SyntaxError',
    message: expect.stringContaining(`Unexpected page structure: ${problem}`),
    $metadata: expect.objectContaining({ httpStatusCode: 200 })
  })
})

test('a page found unreadable abandons the request for the next one, already on its way, instead of leaving it to retry', async () => {
  const digest = `sha256:${'a'.repeat(64)}`
  const pageOf = (nextToken: string | undefined, scan?: object) =>
    ok({ imageId: { imageDigest: digest }, imageScanStatus: { status: 'COMPLETE' }, nextToken, ...(scan ? { imageScanFindings: scan } : {}) })
  let abandoned = false
  answer = (_, body) => {
    if (body.nextToken === 't1') return pageOf('t2') // a later page with a token but no list of findings
    return { ...pageOf(undefined, { findings: [] }), stall: true, onClose: () => (abandoned = true) }
  }
  const first = { $metadata: {}, imageId: { imageDigest: digest }, imageScanStatus: { status: 'COMPLETE' as const }, imageScanFindings: { findings: [] }, nextToken: 't1' }
  const bounded = createEcrClient({ region: 'us-east-1', requestTimeoutMs: 5_000, retryDeadline: Date.now() + 60_000 })
  await expect(readAllFindings(bounded, target, first)).rejects.toThrow(/page 2 .*no list of findings|imageScanFindings/i)
  // Left to its retries, the stalled request would stay open for its request timeout (5 s) and more.
  for (const until = Date.now() + 2_000; !abandoned && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 10))
  expect(abandoned).toBe(true)
})

test('a successful answer that is not JSON fails the call instead of reading as a page with no findings', async () => {
  answer = () => ({ status: 200, body: '{"imageScanFindings": {"findings": [' })
  await expect(describeScanFindings(client(), target)).rejects.toThrow(SyntaxError)
})

test('an answer whose body stalls after the headers ends in a timeout, not a wait without end', async () => {
  let calls = 0
  answer = () => {
    calls++
    return { ...ok({ imageScanFindings: { findings: [] } }), stall: true }
  }
  // A deadline already passed: the first attempt is the only one.
  const bounded = createEcrClient({ region: 'us-east-1', requestTimeoutMs: 200, retryDeadline: Date.now() })
  await expect(describeScanFindings(bounded, target)).rejects.toMatchObject({ name: 'TimeoutError' })
  expect(calls).toBe(1)
})

test('no retry starts after the retry deadline: a throttled request ends with its last error', async () => {
  let calls = 0
  answer = () => {
    calls++
    return { status: 400, body: JSON.stringify({ __type: 'ThrottlingException', message: 'slow down' }) }
  }
  const bounded = createEcrClient({ region: 'us-east-1', requestTimeoutMs: 5_000, retryDeadline: Date.now() })
  await expect(describeScanFindings(bounded, target)).rejects.toMatchObject({ name: 'ThrottlingException', $metadata: { attempts: 1 } })
  expect(calls).toBe(1)
  // Throttling is retryable: without the deadline the client makes up to 6 attempts.
})

test('a back-off that would sleep past the deadline is cut to it: the last retry runs at the deadline', async () => {
  let calls = 0
  answer = () => {
    calls++
    return { status: 400, body: JSON.stringify({ __type: 'ThrottlingException', message: 'slow down' }) }
  }
  const started = Date.now()
  const bounded = createEcrClient({ region: 'us-east-1', requestTimeoutMs: 5_000, retryDeadline: started + 300 })
  await expect(describeScanFindings(bounded, target)).rejects.toMatchObject({ name: 'ThrottlingException' })
  expect(calls).toBeGreaterThanOrEqual(2)
  expect(Date.now() - started).toBeLessThan(3_000)
})

/** One call answered with this error (a throttle unless said) and Retry-After, 3 s before the deadline: what the gate makes of its error. */
async function refusedAtOnce(retryAfter: string, answered: object = { __type: 'ThrottlingException', message: 'slow down' }): Promise<unknown> {
  let calls = 0
  answer = () => {
    calls++
    return { status: 400, body: JSON.stringify(answered), headers: { 'retry-after': retryAfter } }
  }
  const started = Date.now()
  const bounded = createEcrClient({ region: 'us-east-1', requestTimeoutMs: 5_000, retryDeadline: started + 3_000 })
  const error = await describeScanFindings(bounded, target).catch((caught: unknown) => caught)
  expect(calls).toBe(1)
  expect(Date.now() - started).toBeLessThan(1_000)
  return explainAwsError(error, target, 'DescribeImageScanFindings')
}

test('a Retry-After past the deadline ends the request at once, and the error says why the gate stopped', async () => {
  const explained = await refusedAtOnce('10')
  // Not transient: polling on until wait-timeout would call against ECR's word.
  expect(explained).toBeInstanceOf(RetryAfterRefusal)
  expect(explained).not.toBeInstanceOf(TransientError)
  expect((explained as Error).message).toMatch(/ThrottlingException \(HTTP 400\): slow down, with a Retry-After asking for no new request before \d{4}-.*, after wait-timeout ends/)
})

test('a Retry-After beside an error no retry follows (a ValidationException) is not taken for a throttle', async () => {
  const explained = await refusedAtOnce('3600', { __type: 'ValidationException', message: 'bad request' })
  expect(explained).not.toBeInstanceOf(RetryAfterRefusal)
  expect((explained as Error).message).toMatch(/ValidationException \(HTTP 400\): bad request\.$/)
})

test('a redirect (a proxy) whose body looks like a page is an error, never read as one', async () => {
  answer = () => ({ status: 302, body: JSON.stringify({ imageScanStatus: { status: 'COMPLETE' }, imageScanFindings: { findings: [] } }), headers: { location: 'http://elsewhere.test/' } })
  await expect(describeScanFindings(client(), target)).rejects.toMatchObject({ $metadata: expect.objectContaining({ httpStatusCode: 302 }) })
})

test('a Retry-After too large for a date is past any deadline: the request ends at once and says why', async () => {
  const explained = await refusedAtOnce('99999999999999999999')
  expect(explained).toBeInstanceOf(RetryAfterRefusal)
  expect((explained as Error).message).toContain('asking for no new request before a time too far off to read, after wait-timeout ends')
})

test('a Retry-After within the deadline holds the retry and the next request of the client until it has passed', async () => {
  const times: number[] = []
  answer = () => {
    times.push(Date.now())
    return times.length === 1
      ? { status: 400, body: JSON.stringify({ __type: 'ThrottlingException', message: 'slow down' }), headers: { 'retry-after': '1' } }
      : ok({ imageScanStatus: { status: 'IN_PROGRESS' } })
  }
  const bounded = createEcrClient({ region: 'us-east-1', requestTimeoutMs: 5_000, retryDeadline: Date.now() + 10_000 })
  await describeScanFindings(bounded, target)
  expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(990)
  // The next request of the same client is not held: the Retry-After has passed.
  await describeScanFindings(bounded, target)
  expect(times[2]! - times[1]!).toBeLessThan(500)
})

test('a request made while a Retry-After is pending waits it out before calling', async () => {
  const times: number[] = []
  const abandon = new AbortController()
  answer = () => {
    times.push(Date.now())
    if (times.length > 1) return ok({ imageScanStatus: { status: 'IN_PROGRESS' } })
    // Abandoned while its retry waits out the Retry-After (as at a cancellation): a second for the answer to arrive, a
    // second before the retry would be made.
    setTimeout(() => abandon.abort(), 1_000)
    return { status: 503, body: JSON.stringify({ __type: 'ServiceUnavailableException', message: 'busy' }), headers: { 'retry-after': '2' } }
  }
  const bounded = createEcrClient({ region: 'us-east-1', requestTimeoutMs: 5_000, retryDeadline: Date.now() + 10_000 })
  await expect(describeScanFindings(bounded, target, undefined, abandon.signal)).rejects.toBeDefined()
  // The Retry-After still stands for the client's next request.
  await describeScanFindings(bounded, target)
  expect(times).toHaveLength(2)
  expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1_990)
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

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
const isPresent = (value: unknown): boolean => value !== undefined && value !== null
const badList = (value: unknown): boolean => isPresent(value) && (!Array.isArray(value) || !value.every(isObject))

/** The structures whose loss would hide findings or pages: the reader must refuse them rather than read around them. */
function isUnreadable(body: unknown): boolean {
  if (!isObject(body)) return true
  if (isPresent(body.nextToken) && typeof body.nextToken !== 'string') return true
  const scan = body.imageScanFindings
  if (!isPresent(scan)) return false
  return !isObject(scan) || badList(scan.findings) || badList(scan.enhancedFindings)
}

test('any JSON in a page reads as a well-typed page, or is refused as unreadable exactly when it would hide findings', async () => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(hostilePage, anyJson), async (body) => {
      answer = () => ok(body)
      const outcome = await describeScanFindings(client(), target).then(
        (page) => ({ page }),
        (error: unknown) => ({ error })
      )
      if ('error' in outcome) {
        expect(outcome.error).toMatchObject({ name: 'SyntaxError', message: expect.stringMatching(/^Unexpected page structure: /) })
        expect(isUnreadable(body)).toBe(true)
        return
      }
      expect(isUnreadable(body)).toBe(false)
      const page = outcome.page
      expect(page.nextToken === undefined || typeof page.nextToken === 'string').toBe(true)
      expect(['undefined', 'string']).toContain(typeof page.imageScanStatus?.status)
      expect(['undefined', 'string']).toContain(typeof page.imageId?.imageDigest)
      const scan = page.imageScanFindings
      expect(scan?.findings === undefined || Array.isArray(scan.findings)).toBe(true)
      expect(scan?.enhancedFindings === undefined || Array.isArray(scan.enhancedFindings)).toBe(true)
      expect(isValidDateOrAbsent(scan?.imageScanCompletedAt)).toBe(true)
      expect(isValidDateOrAbsent(scan?.vulnerabilitySourceUpdatedAt)).toBe(true)
      // The walk itself, without following a token to another page of the same answer. A done scan without its
      // imageScanFindings (a bare status from something on the way) is unreadable, never a clean image.
      if (!scan) {
        await expect(readAllFindings(client(), target, { ...page, nextToken: undefined })).rejects.toThrow(/holds no imageScanFindings/)
        return
      }
      // Refused too: an answer naming no real digest, and one with no list while ECR counts findings.
      const digest = page.imageId?.imageDigest
      const listed = (scan.findings?.length ?? 0) + (scan.enhancedFindings?.length ?? 0)
      const counted = Object.values(scan.findingSeverityCounts ?? {}).reduce<number>((sum, n) => sum + (typeof n === 'number' && n > 0 ? n : 0), 0)
      const noList = !Array.isArray(scan.findings) && !Array.isArray(scan.enhancedFindings)
      if ((digest && !/^sha256:[a-f0-9]{64}$/.test(digest)) || (noList && counted > 0)) {
        await expect(readAllFindings(client(), target, { ...page, nextToken: undefined })).rejects.toThrow(/Unexpected page structure: /)
        return
      }
      const read = await readAllFindings(client(), target, { ...page, nextToken: undefined })
      expect(read.findings).toHaveLength(listed)
      expect(typeof read.severityCounts).toBe('object')
    }),
    { numRuns: 150 }
  )
})

// The page token is read ahead of the page when it opens or closes the body, so the next request leaves before the
// page is parsed. Wherever ECR puts it, and whatever decoys the findings hold, every page is read once, in order.
const findingNamed = (name: string, decoy: boolean): Record<string, unknown> => ({
  name,
  severity: 'HIGH',
  // Not ECR's shape, but a nested key of the same name must never be taken for the page's token.
  ...(decoy ? { nextToken: 'decoy', description: '"nextToken": "decoy" }' } : {})
})

function pageBody(page: Record<string, unknown>, token: string | undefined, place: 'first' | 'middle' | 'last', space: string): string {
  const members = Object.entries(page).map(([key, value]) => `${JSON.stringify(key)}:${space}${JSON.stringify(value)}`)
  const member = `"nextToken"${space}:${space}${JSON.stringify(token)}`
  if (token !== undefined) {
    if (place === 'first') members.unshift(member)
    else if (place === 'last') members.push(member)
    else members.splice(1, 0, member)
  }
  return `${space}{${space}${members.join(`,${space}`)}${space}}${space}`
}

test('pages are all read, in order, wherever the page token sits in the body and whatever the findings hold', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.constantFrom('first', 'middle', 'last'), { minLength: 1, maxLength: 5 }),
      fc.constantFrom('', ' ', '\n  '),
      fc.boolean(),
      fc.constantFrom('t/1', 'a "quoted" token', 'slash\\and\u00e9'),
      async (places, space, decoy, tokenText) => {
        const requests: (string | undefined)[] = []
        answer = (_, body) => {
          const token = body.nextToken as string | undefined
          requests.push(token)
          const index = token === undefined ? 0 : Number(token.split('#')[1])
          const next = index + 1 < places.length ? `${tokenText}#${index + 1}` : undefined
          const page = {
            imageScanStatus: { status: 'COMPLETE' },
            imageScanFindings: { findings: [findingNamed(`CVE-2026-${index}`, decoy)] }
          }
          return { status: 200, body: pageBody(page, next, places[index] as 'first', space) }
        }
        const first = await describeScanFindings(client(), target)
        const read = await readAllFindings(client(), target, first)
        expect(read.findings.map((finding) => finding.id)).toEqual(places.map((_, i) => `CVE-2026-${i}`))
        expect(read.pages).toBe(places.length)
        expect(requests).toEqual([undefined, ...places.slice(1).map((_, i) => `${tokenText}#${i + 1}`)])
      }
    ),
    { numRuns: 60 }
  )
})

test.each<[string, string, string, unknown[]?]>([
  ['an empty body', '', 'the page holds no imageScanFindings'],
  ['{}', '{}', 'the page holds no imageScanFindings'],
  ['findings: null', '{"imageScanStatus":{"status":"COMPLETE"},"imageScanFindings":{"findings":null}}', 'the page holds no findings list'],
  // Page one paged through basic findings: an empty enhanced list on page 2 is not its page.
  ['only the other, empty list', '{"imageScanStatus":{"status":"COMPLETE"},"imageScanFindings":{"enhancedFindings":[]}}', 'the page holds no findings list'],
  ['no list at all after an empty page one', '{"imageScanStatus":{"status":"COMPLETE"},"imageScanFindings":{}}', 'the page holds no list of findings', []]
])('a later page with %s is unreadable, not an empty last page', async (_, laterBody, problem, firstFindings = [findingNamed('CVE-2026-1', false)]) => {
  answer = (_, body) =>
    body.nextToken === undefined
      ? ok({ imageScanStatus: { status: 'COMPLETE' }, nextToken: 'p2', imageScanFindings: { findings: firstFindings } })
      : { status: 200, body: laterBody }
  const first = await describeScanFindings(client(), target)
  await expect(readAllFindings(client(), target, first)).rejects.toThrow(`Unexpected page structure: ${problem}`)
})

test('a scan whose page one holds both kinds reads on through pages that hold only one of them', async () => {
  const enhanced = { findingArn: 'arn:aws:inspector2:us-east-1:123456789012:finding/e1', severity: 'HIGH', type: 'PACKAGE_VULNERABILITY', packageVulnerabilityDetails: { vulnerabilityId: 'CVE-2026-9' } }
  answer = (_, body) =>
    body.nextToken === undefined
      ? ok({ imageScanStatus: { status: 'COMPLETE' }, nextToken: 'p2', imageScanFindings: { findings: [findingNamed('CVE-2026-1', false)], enhancedFindings: [enhanced] } })
      : body.nextToken === 'p2'
        ? ok({ imageScanStatus: { status: 'COMPLETE' }, nextToken: 'p3', imageScanFindings: { enhancedFindings: [{ ...enhanced, findingArn: `${enhanced.findingArn}2` }] } })
        : ok({ imageScanStatus: { status: 'COMPLETE' }, imageScanFindings: { findings: [findingNamed('CVE-2026-3', false)] } })
  const first = await describeScanFindings(client(), target)
  const read = await readAllFindings(client(), target, first)
  expect(read.pages).toBe(3)
  expect(read.findings.map((f) => `${f.kind} ${f.id}`)).toEqual(['basic CVE-2026-1', 'enhanced CVE-2026-9', 'enhanced CVE-2026-9', 'basic CVE-2026-3'])
})

test.each(['first', 'last'] as const)('an empty page token (%s in the body) ends the list, as the SDK paginators read it', async (place) => {
  const requests: unknown[] = []
  answer = (_, body) => {
    requests.push(body.nextToken)
    return { status: 200, body: pageBody({ imageScanStatus: { status: 'COMPLETE' }, imageScanFindings: { findings: [findingNamed('CVE-2026-1', false)] } }, '', place, '') }
  }
  const first = await describeScanFindings(client(), target)
  const read = await readAllFindings(client(), target, first)
  expect(read.findings.map((f) => f.id)).toEqual(['CVE-2026-1'])
  expect(read.pages).toBe(1)
  expect(requests).toEqual([undefined])
})

const DIGEST_A = `sha256:${'a'.repeat(64)}`
const DIGEST_B = `sha256:${'b'.repeat(64)}`

test.each([
  ['ECR counts findings and sends no list', { imageScanFindings: { findingSeverityCounts: { CRITICAL: 3 } } }, target, 'the page holds no list of findings, though findingSeverityCounts counts 3'],
  ['ECR counts a single finding and sends no list', { imageScanFindings: { findingSeverityCounts: { CRITICAL: 1 } } }, target, 'the page holds no list of findings, though findingSeverityCounts counts 1'],
  // Junk counts cannot cancel real ones.
  ['ECR counts findings, beside negative junk, and sends no list', { imageScanFindings: { findingSeverityCounts: { HIGH: 5, JUNK: -5 } } }, target, 'the page holds no list of findings, though findingSeverityCounts counts 5'],
  [
    'the answer names no digest, and its findings name another image than asked',
    { imageScanFindings: { enhancedFindings: [{ findingArn: 'a', severity: 'LOW', resources: [{ details: { awsEcrContainerImage: { imageHash: DIGEST_B } } }] }] } },
    { ...target, imageDigest: DIGEST_A },
    `it is the answer for image ${DIGEST_B}, not for ${DIGEST_A} as asked`
  ],
  ['the answer is for another digest than asked', { imageId: { imageDigest: DIGEST_B }, imageScanFindings: { findings: [] } }, { ...target, imageDigest: DIGEST_A }, `it is the answer for image ${DIGEST_B}, not for ${DIGEST_A} as asked`],
  ['the answer names no real digest', { imageId: { imageDigest: 'x\n::error::y' }, imageScanFindings: { findings: [] } }, target, 'imageId.imageDigest is not an image digest (x ::error::y)']
])('page one is unreadable when %s', async (_, page, asked, problem) => {
  answer = () => ok({ imageScanStatus: { status: 'COMPLETE' }, ...page })
  const first = await describeScanFindings(client(), asked)
  await expect(readAllFindings(client(), asked, first)).rejects.toThrow(`Unexpected page structure: ${problem}`)
})

test('page one with an empty list beside counts reads as empty: the disagreement is a warning (issue 2), not a refusal', async () => {
  answer = () => ok({ imageScanStatus: { status: 'ACTIVE' }, imageScanFindings: { enhancedFindings: [], findingSeverityCounts: { HIGH: 2 } } })
  const first = await describeScanFindings(client(), target)
  const read = await readAllFindings(client(), target, first)
  expect(read.findings).toEqual([])
  expect(severityCountMismatch(read)).toMatch(/HIGH: read 0, ECR counts 2/)
})

test("an empty imageDigest is no digest: the findings' image names it", async () => {
  answer = () => ok({ imageScanStatus: { status: 'ACTIVE' }, imageId: { imageDigest: '' }, imageScanFindings: { enhancedFindings: [{ findingArn: 'a', severity: 'LOW', resources: [{ details: { awsEcrContainerImage: { imageHash: DIGEST_B } } }] }] } })
  const first = await describeScanFindings(client(), target)
  expect((await readAllFindings(client(), target, first)).imageDigest).toBe(DIGEST_B)
})

test('page one with no list and no counts is an empty scan (settling decides whether it is premature)', async () => {
  answer = () => ok({ imageScanStatus: { status: 'COMPLETE' }, imageId: { imageDigest: DIGEST_A }, imageScanFindings: { findingSeverityCounts: {} } })
  const first = await describeScanFindings(client(), { ...target, imageDigest: DIGEST_A })
  const read = await readAllFindings(client(), { ...target, imageDigest: DIGEST_A }, first)
  expect(read.findings).toEqual([])
  expect(read.imageDigest).toBe(DIGEST_A)
})

test('a later page with an empty list is an empty last page', async () => {
  answer = (_, body) =>
    body.nextToken === undefined
      ? ok({ imageScanStatus: { status: 'COMPLETE' }, nextToken: 'p2', imageScanFindings: { findings: [findingNamed('CVE-2026-1', false)] } })
      : ok({ imageScanStatus: { status: 'COMPLETE' }, imageScanFindings: { findings: [] } })
  const first = await describeScanFindings(client(), target)
  expect((await readAllFindings(client(), target, first)).findings.map((f) => f.id)).toEqual(['CVE-2026-1'])
})

test('a later page that breaks off after its token is unreadable, not the last page', async () => {
  answer = (_, body) =>
    body.nextToken === undefined
      ? ok({ imageScanStatus: { status: 'COMPLETE' }, nextToken: 'p2', imageScanFindings: { findings: [] } })
      : { status: 200, body: '{"imageScanFindings": {"findings": [{"name": "CVE-2026-9"}, {"na", "nextToken": "p3"}' }
  const first = await describeScanFindings(client(), target)
  await expect(readAllFindings(client(), target, first)).rejects.toThrow(
    /^ECR's answer to ecr:DescribeImageScanFindings for app:v1 .*could not be read \(HTTP 200: /
  )
})

test('the one-scan-a-day quota (LimitExceededException) is not retried, though the SDK counts it as throttling', async () => {
  let calls = 0
  answer = (op) => {
    if (op === 'StartImageScan') calls++
    return { status: 400, body: JSON.stringify({ __type: 'LimitExceededException', message: 'The scan quota per image has been exceeded.' }) }
  }
  await expect(startImageScan(client(), target)).rejects.toMatchObject({ name: 'LimitExceededException' })
  expect(calls).toBe(1)
})

test('a throttled request is retried no later than the deadline, then given up', async () => {
  // The largest jitter: uncut, the throttling backoffs (doubling from 500 ms) take some 31 s; cut at the deadline, the
  // request ends near 1 s.
  const random = jest.spyOn(Math, 'random').mockReturnValue(0.999)
  let calls = 0
  answer = () => {
    calls++
    return { status: 400, body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }) }
  }
  const started = Date.now()
  const throttled = createEcrClient({ region: 'us-east-1', requestTimeoutMs: 5_000, retryDeadline: started + 1_000 })
  await expect(describeScanFindings(throttled, target)).rejects.toMatchObject({ name: 'ThrottlingException' }).finally(() => random.mockRestore())
  expect(Date.now() - started).toBeLessThan(2_000)
  expect(calls).toBeGreaterThanOrEqual(2)
})

test('a 5xx burst of five is ridden out: six attempts in all, more than the SDK default of three', async () => {
  const random = jest.spyOn(Math, 'random').mockReturnValue(0)
  let calls = 0
  answer = (op) => {
    if (op !== 'DescribeImageScanFindings') return { status: 400, body: '{}' }
    calls++
    return calls <= 5
      ? { status: 500, body: JSON.stringify({ __type: 'ServerException', message: 'Internal error' }) }
      : ok({ imageScanStatus: { status: 'COMPLETE' }, imageScanFindings: { findings: [] } })
  }
  const page = await describeScanFindings(client(), target).finally(() => random.mockRestore())
  expect(page.imageScanStatus?.status).toBe('COMPLETE')
  expect(calls).toBe(6)
})

test('a later page whose two nextToken members disagree is unreadable, not paged on from either', async () => {
  answer = (_, body) =>
    body.nextToken === undefined
      ? ok({ imageScanStatus: { status: 'COMPLETE' }, nextToken: 'p2', imageScanFindings: { findings: [findingNamed('CVE-2026-1', false)] } })
      : {
          status: 200,
          body: `{"nextToken":"p3","imageScanStatus":{"status":"COMPLETE"},"imageScanFindings":{"findings":[]},"nextToken":"p4"}`
        }
  const first = await describeScanFindings(client(), target)
  await expect(readAllFindings(client(), target, first)).rejects.toThrow(/Unexpected page structure: the page token could not be read/)
})
