// Faults, end to end: dist/index.js run as the runner runs it, against a loopback ECR that throttles, fails, resets,
// hangs, revokes credentials and gets cancelled. Every fault must end in the verdict a clean run reaches, or in a clear
// error that names what failed; never a stack trace, never a pass that was not earned.
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { type EcrServer, type FaultSpec, type RecordedRequest, makeBasicFindings, startEcrServer } from './support/ecr-server.js'
import { type GitHubServer, startGitHubServer } from './support/github-server.js'
import { type ActionRun, type RunOptions, runAction } from './support/run-action.js'

const DIGEST = `sha256:${'f'.repeat(64)}`
// request-timeout is short so a hung request costs half a second; wait-timeout is long enough never to be what ends a
// case unless the case is about it.
const FAST = { 'poll-interval': '0.05', 'wait-timeout': '30', 'request-timeout': '0.5', 'settle-window': '0' }
// 2,500 findings: three pages, so there is a paging phase for faults to land in.
const FINDINGS = makeBasicFindings(2500, { seed: 5 })
const DESCRIBE = 'DescribeImageScanFindings'

let server: EcrServer
let clean: ActionRun

function image(repositoryName: string): void {
  server.addRepository(repositoryName)
  server.setImage({
    repositoryName,
    imageTag: 'v1',
    imageDigest: DIGEST,
    // One unfinished poll first, so a fault can land during the wait as well as during paging.
    scan: [{ status: 'IN_PROGRESS' }, { status: 'COMPLETE', findings: FINDINGS }]
  })
}

function gate(repositoryName: string, withInputs: Record<string, string> = {}, options: RunOptions = {}): Promise<ActionRun> {
  return runAction(
    { 'repository-name': repositoryName, 'image-tag': 'v1', ...FAST, ...withInputs },
    { ...options, env: { AWS_ENDPOINT_URL_ECR: server.url, ...options.env } }
  )
}

function describes(): RecordedRequest[] {
  return server.requests.filter((r) => r.op === DESCRIBE)
}

/** Arms a fault for the first request matching `when` (checked as each request arrives, before faults apply). */
function failWhen(when: (request: RecordedRequest) => boolean, n: number, spec: FaultSpec): void {
  let armed = false
  server.onRequest = (request) => {
    if (armed || !when(request)) return
    armed = true
    server.failNext(n, spec)
  }
}

const isPage = (request: RecordedRequest): boolean => request.op === DESCRIBE && Boolean(request.body?.nextToken)
const isSecondPoll = (): boolean => describes().length === 2

// A failed step prints ::error:: with the message; a stack trace shows "    at " frames, escaped (%0A) or not.
function expectNoStack(run: ActionRun): void {
  for (const text of [run.stdout, run.stderr, run.summary]) {
    expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
    expect(text).not.toMatch(/%0A\s+at /)
  }
}

/** The verdict a clean run reached: every count output, same exit code. */
function expectCleanVerdict(run: ActionRun): void {
  expect(run.code).toBe(clean.code)
  const { 'scan-status': _status, ...counts } = clean.outputs
  expect(run.outputs).toMatchObject(counts)
  expectNoStack(run)
}

/** The gate could not decide: it fails the step, never passes, says what failed, and the summary says so too. */
function expectUndecided(run: ActionRun, error: RegExp): void {
  expect(run.code).toBe(1)
  expect(run.signal).toBeNull()
  expect(run.outputs.result).toBe('fail')
  expect(run.outputs.total).toBeUndefined()
  expect(run.stdout).toMatch(new RegExp(`^::error::${error.source}`, 'm'))
  expect(run.summary).toMatch(/could not decide/i)
  expectNoStack(run)
}

beforeAll(async () => {
  server = await startEcrServer()
  image('clean')
  clean = await gate('clean')
})
afterAll(() => server.close())
beforeEach(() => {
  server.clearFaults()
  server.onRequest = undefined
  server.requests.length = 0
})

test('the clean run these cases compare with: 2,500 findings over 3 pages after one unfinished poll', () => {
  expect(clean.code).toBe(1)
  expect(clean.outputs).toMatchObject({ result: 'fail', total: '2500', 'scan-status': 'COMPLETE' })
  expect(Number(clean.outputs.blocking)).toBeGreaterThan(0)
  expectNoStack(clean)
})

describe('throttling', () => {
  test.each([
    ['the wait', isSecondPoll],
    ['paging', isPage]
  ])('a throttling burst during %s is ridden out: same verdict, one extra call per throttled attempt', async (phase, when) => {
    const name = `throttled-${phase.replace(' ', '-')}`
    image(name)
    failWhen(when, 2, { type: 'ThrottlingException', message: 'Rate exceeded' })
    const run = await gate(name)
    expectCleanVerdict(run)
    expect(describes()).toHaveLength(1 + 3 + 2)
  })

  test('Retry-After is honoured even past the SDK’s own cap of its backoff plus 5 s', async () => {
    image('retry-after')
    // The SDK alone would retry within about 6 s (a random throttling backoff of at most 1 s, plus 5 s).
    failWhen(isSecondPoll, 1, { type: 'ThrottlingException', retryAfter: 7 })
    const run = await gate('retry-after')
    expectCleanVerdict(run)
    const [, throttled, retry] = describes()
    const gap = (retry?.at ?? 0) - (throttled?.at ?? 0)
    expect(gap).toBeGreaterThanOrEqual(6900)
    expect(gap).toBeLessThan(9000)
  }, 20_000)

  test('a Retry-After past wait-timeout ends the run at once, undecided, without calling against it', async () => {
    image('retry-after-huge')
    failWhen(isSecondPoll, 1, { type: 'ThrottlingException', retryAfter: 3600 })
    const started = Date.now()
    const run = await gate('retry-after-huge')
    // wait-timeout is 30 s: neither waited out nor polled through.
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(describes()).toHaveLength(2)
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('fail')
    expect(run.stdout).toMatch(/::error::.*ThrottlingException \(HTTP 400\).*with a Retry-After asking for no new request before \d{4}-\d\d-\d\dT.*, after wait-timeout ends/)
    expectNoStack(run)
  }, 20_000)

  test('a Retry-After past wait-timeout on StartImageScan ends the run too, instead of polling on as if a scan had started', async () => {
    server.addRepository('retry-after-start')
    server.setImage({ repositoryName: 'retry-after-start', imageTag: 'v1', imageDigest: DIGEST, scan: { notFound: true } })
    failWhen((request) => request.op === 'StartImageScan', 1, { type: 'ThrottlingException', retryAfter: 3600 })
    const started = Date.now()
    const run = await gate('retry-after-start', { 'start-scan': 'true' })
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(describes()).toHaveLength(1)
    expectUndecided(run, /ecr:StartImageScan for retry-after-start:v1 .* got ThrottlingException \(HTTP 400\).*with a Retry-After asking for no new request before/)
  }, 20_000)
})

describe('5xx', () => {
  test('a burst of 500, 502, 503 and 504 on one request is ridden out: same verdict', async () => {
    image('server-errors')
    let armed = false
    server.onRequest = (request) => {
      if (armed || !isPage(request)) return
      armed = true
      for (const status of [500, 502, 503, 504]) server.failNext(1, { type: 'ServerException', status, message: `HTTP ${status}` })
    }
    const run = await gate('server-errors')
    expectCleanVerdict(run)
    expect(describes()).toHaveLength(1 + 3 + 4)
  })

  test('503 beyond the retries during the wait: a warning, then the wait polls again and reaches the clean verdict', async () => {
    image('unavailable-wait')
    failWhen(isSecondPoll, 6, { type: 'ServiceUnavailableException', status: 503, message: 'Service Unavailable' })
    const run = await gate('unavailable-wait')
    expectCleanVerdict(run)
    expect(run.stdout).toMatch(
      /^::warning::ECR kept failing ecr:DescribeImageScanFindings for unavailable-wait:v1 .* after 6 attempts: ServiceUnavailableException \(HTTP 503\): Service Unavailable\. .*Polling again until wait-timeout/m
    )
    expect(describes()).toHaveLength(1 + 6 + 3)
  })

  test('503 beyond the retries while paging: an error naming the operation, the attempts and the HTTP status', async () => {
    image('unavailable')
    failWhen(isPage, 100, { type: 'ServiceUnavailableException', status: 503, message: 'Service Unavailable' })
    const run = await gate('unavailable')
    expectUndecided(
      run,
      /ECR kept failing ecr:DescribeImageScanFindings for unavailable:v1 .* after 6 attempts: ServiceUnavailableException \(HTTP 503\): Service Unavailable\./
    )
    expect(describes()).toHaveLength(2 + 6)
  })

  test('501 is not a transient error to the SDK: no retry, and the error says so plainly', async () => {
    image('not-implemented')
    failWhen(isPage, 100, { type: 'ServerException', status: 501, message: 'Not Implemented' })
    const run = await gate('not-implemented')
    expectUndecided(run, /ECR kept failing ecr:DescribeImageScanFindings .* after 1 attempt: ServerException \(HTTP 501\)/)
    expect(describes()).toHaveLength(3)
  })

  test('retries stop at wait-timeout: a throttled page ends the run near the deadline, not minutes later', async () => {
    image('throttled-paging')
    failWhen(isPage, 10_000, { type: 'ThrottlingException', status: 400, message: 'Rate exceeded' })
    const run = await gate('throttled-paging', { 'wait-timeout': '1' })
    expectUndecided(run, /ECR kept failing ecr:DescribeImageScanFindings for throttled-paging:v1 .*ThrottlingException \(HTTP 400\): Rate exceeded\./)
    // The SDK alone would make 6 attempts with back-off up to 20 s; the deadline (1 s, plus one 0.5 s request) ends it.
    expect(run.ms).toBeLessThan(4_000)
  })

  test('the scan gone from page 2 (deleted and rescanned): waited for and read again, the same verdict', async () => {
    image('rescanned')
    failWhen(isPage, 1, { type: 'ScanNotFoundException', status: 400, message: 'Image scan does not exist' })
    const run = await gate('rescanned')
    expectCleanVerdict(run)
    expect(run.stdout).toMatch(/^::warning::ECR no longer had the scan when page 2 was read\. Waiting for the scan and reading it again\.$/m)
  })

  test('an ECR that keeps failing through the whole wait: a timeout that names the last failure', async () => {
    image('unavailable-always')
    failWhen(isSecondPoll, 10_000, { type: 'ServiceUnavailableException', status: 503, message: 'Service Unavailable' })
    const run = await gate('unavailable-always', { 'wait-timeout': '2' })
    expectUndecided(run, /Timed out waiting for the ECR scan of unavailable-always:v1 .* The last poll failed: /)
    expect(run.ms).toBeLessThan(5_000)
  })
})

describe('connection resets', () => {
  test('resets during the wait and during paging are ridden out: same verdict', async () => {
    image('resets')
    let pageReset = false
    server.onRequest = (request) => {
      if (describes().length === 2) server.failNext(2, { reset: true })
      if (!pageReset && isPage(request)) {
        pageReset = true
        server.failNext(1, { reset: true })
      }
    }
    const run = await gate('resets')
    expectCleanVerdict(run)
    expect(describes()).toHaveLength(1 + 3 + 3)
  })

  test('a connection reset on every attempt: an error naming the connection, the operation and ECONNRESET', async () => {
    image('reset-always')
    failWhen(isPage, 100, { reset: true })
    const run = await gate('reset-always')
    expectUndecided(
      run,
      /The connection to ECR failed during ecr:DescribeImageScanFindings for reset-always:v1 .* after 6 attempts: ECONNRESET/
    )
  })
})

describe('an answer that is not JSON (a proxy in the way)', () => {
  test('during the wait: a warning naming it, another poll, the same verdict', async () => {
    image('proxy-once')
    failWhen(isSecondPoll, 1, { garble: true })
    const run = await gate('proxy-once')
    expectCleanVerdict(run)
    expect(run.stdout).toMatch(/^::warning::.*ECR's answer to ecr:DescribeImageScanFindings for proxy-once:v1 .*could not be read \(HTTP 200: /m)
  })

  test('while paging: an error naming the unreadable answer, never a stack', async () => {
    image('proxy-paging')
    failWhen(isPage, 1, { garble: true })
    const run = await gate('proxy-paging')
    expectUndecided(
      run,
      /ECR's answer to ecr:DescribeImageScanFindings for proxy-paging:v1 .*could not be read \(HTTP 200: .*is not valid JSON\)\. A proxy in the way/
    )
  })
})

describe('a 200 answer that is no page of findings (an empty body, `{}`)', () => {
  test.each(['', '{}', '{"imageScanFindings":{"findings":null}}'])('while paging (%j): undecided, never a pass on the pages before', async (rawBody) => {
    image('stub-paging')
    failWhen(isPage, 1, { rawBody })
    const run = await gate('stub-paging')
    expectUndecided(run, /ECR's answer to ecr:DescribeImageScanFindings for stub-paging:v1 .*could not be read \(HTTP 200: Unexpected page structure: the page holds no/)
  })

  // A done answer cut short, or about another image, is never read as a clean image: it is an unreadable poll, so a
  // warning, and the next poll decides.
  test('a done status with no imageScanFindings at all: a warning naming it, another poll, the same verdict', async () => {
    image('stub-done')
    failWhen(isSecondPoll, 1, { rawBody: '{"imageScanStatus":{"status":"COMPLETE"}}' })
    const run = await gate('stub-done')
    expectCleanVerdict(run)
    expect(run.stdout).toMatch(
      /^::warning::ECR's answer to ecr:DescribeImageScanFindings for stub-done:v1 .*could not be read \(HTTP 200: Unexpected page structure: the page holds no imageScanFindings\).*Polling again until wait-timeout\.$/m
    )
  })

  test('a done answer for another digest than the one asked for: a warning, another poll, and that digest is never reported', async () => {
    image('stub-other')
    const other = `sha256:${'9'.repeat(64)}`
    failWhen(isSecondPoll, 1, { rawBody: JSON.stringify({ imageId: { imageDigest: other }, imageScanStatus: { status: 'COMPLETE' }, imageScanFindings: { findings: [] } }) })
    const run = await gate('stub-other', { 'image-tag': '', 'image-digest': DIGEST })
    expectCleanVerdict(run)
    expect(run.stdout).toMatch(/^::warning::ECR's answer .*Unexpected page structure: it is the answer for image sha256:9+, not for sha256:f+ as asked/m)
    expect(run.outputs['image-digest']).toBe(DIGEST)
  })

  test('a done answer that stays cut short until wait-timeout: undecided, naming the last failure', async () => {
    image('stub-done-always')
    failWhen((r) => r.op === 'DescribeImageScanFindings', 1000, { rawBody: '{"imageScanStatus":{"status":"COMPLETE"}}' })
    const run = await gate('stub-done-always', { 'wait-timeout': '2', 'poll-interval': '0.2' })
    expectUndecided(run, /Timed out waiting for the ECR scan of stub-done-always:v1 .*The last poll failed: ECR's answer .*the page holds no imageScanFindings/)
  })

  test.each(['', '{}'])('during the wait (%j): a warning naming it, another poll, the same verdict', async (rawBody) => {
    image('stub-poll')
    failWhen(isSecondPoll, 1, { rawBody })
    const run = await gate('stub-poll')
    expectCleanVerdict(run)
    expect(run.stdout).toMatch(/^::warning::ECR's answer about the scan of stub-poll:v1 .*named no scan status\. Polling again/m)
    expect(run.stdout).not.toMatch(/UNKNOWN/)
  })
})

describe('a server that accepts and never answers', () => {
  test('one hung request is abandoned after request-timeout and retried, so it cannot eat the wait', async () => {
    image('hung-once')
    failWhen(isPage, 1, { hang: true })
    const run = await gate('hung-once')
    expectCleanVerdict(run)
    const pages = describes().filter(isPage)
    const gap = (pages[1]?.at ?? 0) - (pages[0]?.at ?? 0)
    // request-timeout is 0.5 s; the transient-error backoff adds at most 50 ms.
    expect(gap).toBeGreaterThanOrEqual(450)
    expect(gap).toBeLessThan(1500)
    expect(run.ms).toBeLessThan(10_000)
  })

  test('a server that never answers while paging: each attempt times out, then an error naming the timeout', async () => {
    image('hung-always')
    failWhen(isPage, 100, { hang: true })
    const run = await gate('hung-always', { 'request-timeout': '0.2' })
    expectUndecided(
      run,
      /The connection to ECR failed during ecr:DescribeImageScanFindings for hung-always:v1 .* after 6 attempts: .*(ETIMEDOUT|TimeoutError).*requestTimeout/
    )
    expect(describes()).toHaveLength(2 + 6)
    expect(run.ms).toBeLessThan(10_000)
  })

  // The SDK retries a poll on its own; the wait aborts those retries one request-timeout after the deadline, so a
  // hung ECR cannot keep the step MAX_ATTEMPTS x request-timeout + backoff past it (3 minutes with the defaults).
  test('the step ends within one request-timeout of wait-timeout even when every request hangs', async () => {
    image('hung-deadline')
    failWhen(isSecondPoll, 100, { hang: true })
    const run = await gate('hung-deadline', { 'wait-timeout': '1', 'request-timeout': '0.5' })
    const ended = Date.now()
    expect(run.code).toBe(1)
    // From the first poll: wait-timeout 1 s + one request-timeout 0.5 s + reporting (1.1-1.3 s measured); left to its
    // six attempts, the hung poll would end past 3 s.
    expect(ended - (server.requests[0]?.at ?? 0)).toBeLessThan(2500)
  })

  // Two bytes every 50 ms: some 40 minutes for a page of 1,000 findings, and the socket never falls idle.
  test.each([
    ['a poll', isSecondPoll],
    ['a page', isPage]
  ])('%s whose body trickles in, never idle, is abandoned after request-timeout and asked again: one such answer costs no more', async (_, when) => {
    image('trickle-once')
    failWhen(when, 1, { trickleMs: 50 })
    const run = await gate('trickle-once', { 'wait-timeout': '20', 'request-timeout': '0.5' })
    expectCleanVerdict(run)
    expect(describes()).toHaveLength(1 + 3 + 1)
    expect(run.ms).toBeLessThan(5000)
  })

  test('pages whose bodies always trickle end the run one request-timeout after wait-timeout, undecided', async () => {
    image('trickle-page')
    failWhen(isPage, 100, { trickleMs: 50 })
    const run = await gate('trickle-page', { 'wait-timeout': '1', 'request-timeout': '0.5' })
    const ended = Date.now()
    // Which bound speaks depends on where the deadline falls: an attempt's own (request-timeout) or the wait's.
    expectUndecided(
      run,
      /(The connection to ECR failed during ecr:DescribeImageScanFindings for trickle-page:v1 .*: the answer's body was still arriving 0.5 s after its headers \(request-timeout\)|wait-timeout ran out while reading the findings of trickle-page:v1 .*: page 2 was still arriving)/
    )
    // From the first poll, as wait-timeout counts: 1 s + one request-timeout 0.5 s + reporting.
    expect(ended - (server.requests[0]?.at ?? 0)).toBeLessThan(2500)
  })
})

describe('credentials and permissions', () => {
  test('credentials that expire after the first poll: an error naming expired credentials, never a pass', async () => {
    image('expiring')
    server.onRequest = () => {
      if (describes().length === 2) server.expireCredentials()
    }
    const run = await gate('expiring')
    expectUndecided(run, /AWS credentials were refused \(ExpiredTokenException\)\..*expired/)
    // Not a transient error: refused at once, not retried six times.
    expect(describes()).toHaveLength(2)
  })

  test('credentials that expire in the middle of paging: the same plain error, not a stack trace', async () => {
    image('expiring-paging')
    server.onRequest = (request) => {
      if (isPage(request)) server.expireCredentials()
    }
    const run = await gate('expiring-paging')
    expectUndecided(run, /AWS credentials were refused \(ExpiredTokenException\)/)
    expect(run.outputs['scan-status']).toBe('COMPLETE')
  })

  test('AccessDenied in the middle of paging names the IAM action to grant', async () => {
    image('denied-paging')
    server.onRequest = (request) => {
      if (isPage(request)) server.denyAll()
    }
    const run = await gate('denied-paging')
    expectUndecided(run, /Access denied calling ecr:DescribeImageScanFindings for denied-paging:v1 .* Grant the role the IAM action ecr:DescribeImageScanFindings/)
  })

  test('endpoint settings the SDK refuses (dual-stack beside a custom endpoint) are named, without a stack', async () => {
    const run = await gate('clean', {}, { env: { AWS_USE_DUALSTACK_ENDPOINT: 'true' } })
    expectUndecided(run, /The AWS SDK could not work out the ECR endpoint for region us-east-1: .*Dualstack.* Check AWS_ENDPOINT_URL_ECR, AWS_ENDPOINT_URL, AWS_USE_DUALSTACK_ENDPOINT and AWS_USE_FIPS_ENDPOINT/)
  })

  test('AccessDenied on StartImageScan names ecr:StartImageScan', async () => {
    server.addRepository('denied-start')
    server.setImage({ repositoryName: 'denied-start', imageTag: 'v1', imageDigest: DIGEST, scan: { notFound: true } })
    server.onRequest = (request) => {
      if (request.op === 'StartImageScan') server.denyAll()
    }
    const run = await gate('denied-start', { 'start-scan': 'true' })
    expectUndecided(run, /Access denied calling ecr:StartImageScan for denied-start:v1 .* Grant the role the IAM action ecr:StartImageScan/)
  })
})

/**
 * A --require preload that holds the gate thread before it loads the gate (a slow disk, a busy runner) until the
 * launcher has a signal: `signal(child, name)` waits for the hold, sends the signal, waits until the launcher has it
 * (and so has passed it on to the held thread), then lets the gate thread go on.
 */
function heldGateThread(): { preload: string; signal: (child: ChildProcess, name: NodeJS.Signals) => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'held-load-'))
  const [holding, signalled, released] = ['holding', 'signalled', 'released'].map((name) => join(dir, name)) as [string, string, string]
  const preload = join(dir, 'held-worker.cjs')
  writeFileSync(
    preload,
    `const { existsSync, writeFileSync } = require('node:fs')
if (require('node:worker_threads').isMainThread) {
  // Registered before the launcher's own listener, which passes the signal on to the gate thread right after.
  for (const name of ['SIGINT', 'SIGTERM']) process.on(name, () => writeFileSync(${JSON.stringify(signalled)}, name))
} else {
  writeFileSync(${JSON.stringify(holding)}, '')
  const until = Date.now() + 10000
  while (!existsSync(${JSON.stringify(released)}) && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5)
}
`
  )
  const until = async (path: string): Promise<void> => {
    for (const end = Date.now() + 10_000; !existsSync(path) && Date.now() < end; ) await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return {
    preload,
    signal: async (child, name) => {
      await until(holding)
      child.kill(name)
      await until(signalled)
      writeFileSync(released, '')
    }
  }
}

describe('cancellation (a cancelled workflow signals the step)', () => {
  function cancelOnPoll(signal: NodeJS.Signals, poll: number, child: () => ChildProcess | undefined): void {
    let sent = false
    server.onRequest = () => {
      if (sent || describes().length < poll) return
      sent = true
      child()?.kill(signal)
    }
  }

  test.each(['SIGTERM', 'SIGINT'] as const)(
    '%s during the wait: exits non-zero with result fail and a summary saying the gate did not decide',
    async (signal) => {
      server.addRepository('cancelled')
      server.setImage({ repositoryName: 'cancelled', imageTag: 'v1', imageDigest: DIGEST, scan: { status: 'IN_PROGRESS' } })
      let child: ChildProcess | undefined
      cancelOnPoll(signal, 2, () => child)
      const run = await gate('cancelled', { 'poll-interval': '0.2' }, { onSpawn: (spawned) => (child = spawned) })
      expectUndecided(run, new RegExp(`ecr-scan-gate did not decide: the run was cancelled \\(${signal}\\)`))
      expect(run.summary).toMatch(new RegExp(`cancelled \\(${signal}\\) before the verdict, so the gate did not decide`))
      // Ended by the signal, not by wait-timeout (30 s).
      expect(run.ms).toBeLessThan(10_000)
    }
  )

  test('SIGINT, SIGINT again, then SIGTERM, as a runner may send them, is one cancellation with one error and its summary', async () => {
    server.addRepository('cancelled-twice')
    server.setImage({ repositoryName: 'cancelled-twice', imageTag: 'v1', imageDigest: DIGEST, scan: { status: 'IN_PROGRESS' } })
    let child: ChildProcess | undefined
    server.onRequest = () => {
      if (describes().length !== 2) return
      // Apart, as the runner sends them: signals sent at once may arrive in either order, or merge.
      child?.kill('SIGINT')
      setTimeout(() => child?.kill('SIGINT'), 30)
      setTimeout(() => child?.kill('SIGTERM'), 60)
    }
    const run = await gate('cancelled-twice', { 'poll-interval': '0.2' }, { onSpawn: (spawned) => (child = spawned) })
    expectUndecided(run, /ecr-scan-gate did not decide: the run was cancelled \(SIGINT\)/)
    expect(run.stdout.match(/^::error::/gm)).toHaveLength(1)
    expect(run.summary).toMatch(/cancelled \(SIGINT\) before the verdict, so the gate did not decide/)
  })

  test.each([10, 40, 70, 100])(
    'SIGTERM %i ms after start, while the gate may still be loading, ends the step at once and never in a pass',
    async (delayMs) => {
      server.addRepository('cancelled-early')
      // One unfinished poll first, half a second apart: no verdict can come before the signal, however fast the machine.
      const scan = [{ status: 'IN_PROGRESS' }, { status: 'COMPLETE', findings: [] }]
      server.setImage({ repositoryName: 'cancelled-early', imageTag: 'v1', imageDigest: DIGEST, scan })
      const run = await gate('cancelled-early', { 'poll-interval': '0.5' }, { onSpawn: (spawned) => void setTimeout(() => spawned.kill('SIGTERM'), delayMs) })
      // Killed by the signal itself (before the launcher listens), or cancelled by the gate (1).
      expect(run.signal === 'SIGTERM' || run.code === 1).toBe(true)
      expect(run.outputs.result).not.toBe('pass')
      expect(run.ms).toBeLessThan(5_000)
    }
  )

  test('SIGTERM while the gate thread is still loading is held for the gate: it writes its summary and exits 1', async () => {
    server.addRepository('cancelled-loading')
    server.setImage({ repositoryName: 'cancelled-loading', imageTag: 'v1', imageDigest: DIGEST, scan: { status: 'COMPLETE', findings: [] } })
    const held = heldGateThread()
    const run = await gate('cancelled-loading', {}, { nodeArgs: ['--require', held.preload], onSpawn: (spawned) => void held.signal(spawned, 'SIGTERM') })
    expectUndecided(run, /ecr-scan-gate did not decide: the run was cancelled \(SIGTERM\)/)
    expect(run.summary).toMatch(/cancelled \(SIGTERM\) before the verdict, so the gate did not decide/)
  })

  test("signals after the gate thread has ended (the runner's SIGTERM after its SIGINT) leave the gate's exit code", async () => {
    // From the moment its gate thread has exited, the launcher is signalled without pause until it is gone, so signals
    // land all through its exit, Node's own teardown included: the flood is started at once and waits for that moment
    // (a shell takes longer to start than the launcher takes to exit). One more signal comes as it calls process.exit.
    const dir = mkdtempSync(join(tmpdir(), 'late-signal-'))
    const [preload, exited] = ['late-signal.cjs', 'exited'].map((name) => join(dir, name)) as [string, string]
    writeFileSync(
      preload,
      `const threads = require('node:worker_threads')
if (threads.isMainThread) {
  const pid = process.pid
  const flood = 'while [ ! -e ${exited} ] && kill -0 ' + pid + ' 2>/dev/null; do sleep 0.001; done; while kill -TERM ' + pid + ' 2>/dev/null; do :; done'
  require('node:child_process').spawn('sh', ['-c', flood], { stdio: 'ignore', detached: true }).unref()
  const Worker = threads.Worker
  threads.Worker = class extends Worker {
    constructor(...args) {
      super(...args)
      this.once('exit', () => require('node:fs').writeFileSync(${JSON.stringify(exited)}, ''))
    }
  }
  require('node:module').syncBuiltinESMExports()
  const exit = process.exit
  process.exit = (...args) => {
    process.kill(pid, 'SIGTERM')
    return exit.apply(process, args)
  }
}
`
    )
    const run = await gate('clean', {}, { nodeArgs: ['--require', preload] })
    expect(run.signal).toBeNull()
    expect(run.code).toBe(clean.code)
    expect(run.outputs).toMatchObject({ result: clean.outputs.result, total: clean.outputs.total })
  })

  test('what the gate prints last reaches a log that reads slowly, though the launcher ends by process.exit', async () => {
    // Every chunk the launcher writes to its stdout and stderr waits 20 ms, as on a pipe the runner is slow to read, and
    // the gate thread writes 1 MiB to each as it ends: more than the launcher's streams hold before they push back.
    const preload = join(mkdtempSync(join(tmpdir(), 'slow-log-')), 'slow-log.cjs')
    writeFileSync(
      preload,
      `if (require('node:worker_threads').isMainThread) {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream._write.bind(stream)
    stream._write = (chunk, encoding, callback) => setTimeout(() => write(chunk, encoding, callback), 20)
    stream._writev = undefined
  }
} else {
  process.on('exit', () => {
    for (const [stream, name] of [[process.stdout, 'stdout'], [process.stderr, 'stderr']]) {
      for (let i = 0; i < 64; i++) stream.write(name + ' ' + i + ' ' + '.'.repeat(16 * 1024) + '\\n')
      stream.write('the last line on ' + name + '\\n')
    }
  })
}
`
    )
    const run = await gate('clean', {}, { nodeArgs: ['--require', preload] })
    const lastLine = /\n(::error::ecr-scan-gate: \d+ finding\(s\) break the policy \(2500 found\)\.)\n/
    expect(run.stdout).toMatch(lastLine)
    expect(run.stdout.match(lastLine)?.[1]).toBe(clean.stdout.match(lastLine)?.[1])
    for (const [text, name] of [[run.stdout, 'stdout'], [run.stderr, 'stderr']] as const) {
      expect(text.match(new RegExp(`^${name} \\d+ \\.+$`, 'gm'))).toHaveLength(64)
      expect(text).toMatch(new RegExp(`\\nthe last line on ${name}\\n$`))
    }
  })

  test('a signal held while the gate loaded does not hide a bad input the gate then meets first', async () => {
    const held = heldGateThread()
    const run = await gate('clean', { 'severity-threshold': 'SEVERE' }, { nodeArgs: ['--require', held.preload], onSpawn: (spawned) => void held.signal(spawned, 'SIGTERM') })
    expectUndecided(run, /Input severity-threshold must be one of/)
    expect(run.stdout.match(/^::error::/gm)).toHaveLength(1)
    expect(run.summary).toMatch(/Input severity-threshold must be one of/)
  })

  test('SIGTERM while a request hangs still writes the summary and exits at once', async () => {
    server.addRepository('cancelled-hung')
    server.setImage({ repositoryName: 'cancelled-hung', imageTag: 'v1', imageDigest: DIGEST, scan: [{ status: 'IN_PROGRESS' }, { hang: true }] })
    let child: ChildProcess | undefined
    cancelOnPoll('SIGTERM', 2, () => child)
    const run = await gate('cancelled-hung', { 'request-timeout': '20' }, { onSpawn: (spawned) => (child = spawned) })
    expectUndecided(run, /ecr-scan-gate did not decide: the run was cancelled \(SIGTERM\)/)
    expect(run.ms).toBeLessThan(10_000)
  })

  test('a second SIGINT while the reports of a cancelled run are written does not cut them short', async () => {
    server.addRepository('cancelled-twice-reports')
    // Enough findings that the JSON report takes a while to write after the first signal.
    server.setImage({ repositoryName: 'cancelled-twice-reports', imageTag: 'v1', imageDigest: DIGEST, scan: { status: 'COMPLETE', findings: makeBasicFindings(30_000) } })
    let child: ChildProcess | undefined
    const github = createServer(() => {
      child?.kill('SIGINT')
      setTimeout(() => child?.kill('SIGINT'), 20)
    })
    await new Promise<void>((resolve) => github.listen(0, '127.0.0.1', resolve))
    const workdir = mkdtempSync(join(tmpdir(), 'cancelled-twice-'))
    const event = join(workdir, 'event.json')
    writeFileSync(event, JSON.stringify({ pull_request: { number: 5 } }))
    try {
      const run = await gate(
        'cancelled-twice-reports',
        { 'comment-on-pr': 'true', 'github-token': 'ghs_loopback', 'request-timeout': '20' },
        {
          cwd: workdir,
          env: { GITHUB_API_URL: `http://127.0.0.1:${(github.address() as AddressInfo).port}`, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event },
          onSpawn: (spawned) => (child = spawned)
        }
      )
      expect(run.code).toBe(1)
      // The verdict's own error, then one for the cancellation: the second signal adds nothing.
      expect(run.stdout.match(/^::error::.*cancelled.*$/gm)).toEqual(['::error::ecr-scan-gate was cancelled (SIGINT) while writing its reports.'])
      expect(run.outputs['report-file']).toBe('ecr-scan-gate.json')
      expect(JSON.parse(readFileSync(join(workdir, 'ecr-scan-gate.json'), 'utf8')).findings).toHaveLength(30_000)
      expect(run.summary).toMatch(/ECR scan gate: fail/)
    } finally {
      github.closeAllConnections()
      await new Promise((resolve) => github.close(resolve))
    }
  })

  test("a run cancelled before its verdict replaces the previous push's pass in the comment, and never a later run's", async () => {
    server.addRepository('cancelled-commented')
    server.setImage({ repositoryName: 'cancelled-commented', imageTag: 'v1', imageDigest: DIGEST, scan: { status: 'IN_PROGRESS' } })
    const github = await startGitHubServer()
    const workdir = mkdtempSync(join(tmpdir(), 'cancelled-commented-'))
    const event = join(workdir, 'event.json')
    writeFileSync(event, JSON.stringify({ pull_request: { number: 5 } }))
    const marker = '<!-- ecr-scan-gate:us-east-1/cancelled-commented:v1 -->'
    const env = { GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event, GITHUB_REPOSITORY: 'octo/app' }
    const cancelled = async (runId: string): Promise<ActionRun> => {
      let child: ChildProcess | undefined
      cancelOnPoll('SIGTERM', describes().length + 2, () => child)
      return gate('cancelled-commented', { 'comment-on-pr': 'true', 'github-token': 'ghp_loopbackPersonalToken0123456789' }, {
        cwd: workdir,
        env: { ...env, GITHUB_RUN_ID: runId },
        onSpawn: (spawned) => (child = spawned)
      })
    }
    try {
      const earlier = github.addComment({ owner: 'octo', repo: 'app', issueNumber: 5, body: `${marker}<!-- ecr-scan-gate-run:100 -->\n### ✅ ECR scan gate: pass` })
      const run = await cancelled('101')
      expectUndecided(run, /ecr-scan-gate did not decide: the run was cancelled \(SIGTERM\)/)
      expect(run.ms).toBeLessThan(10_000)
      const [comment] = github.commentsOn('octo', 'app', 5)
      expect(comment?.id).toBe(earlier.id)
      expect(comment?.body).toMatch(/^<!-- ecr-scan-gate:us-east-1\/cancelled-commented:v1 --><!-- ecr-scan-gate-run:101 -->\n\n### ⚠️ ECR scan gate: could not decide/)
      expect(comment?.body).toContain('cancelled (SIGTERM) before the verdict')
      // A run of an older push (a lower run id) cancelled later leaves the newer verdict as it is.
      await cancelled('99')
      expect(github.commentsOn('octo', 'app', 5)[0]?.body).toContain('ecr-scan-gate-run:101')
    } finally {
      await github.close()
    }
  })

  test('SIGTERM while the pull request comment waits on GitHub (after the verdict) ends the comment and exits at once', async () => {
    image('cancelled-comment')
    let child: ChildProcess | undefined
    // A GitHub that takes the request and never answers; the signal comes as the comment's first call arrives.
    const github = createServer(() => child?.kill('SIGTERM'))
    await new Promise<void>((resolve) => github.listen(0, '127.0.0.1', resolve))
    const workdir = mkdtempSync(join(tmpdir(), 'cancelled-comment-'))
    const event = join(workdir, 'event.json')
    writeFileSync(event, JSON.stringify({ pull_request: { number: 5 } }))
    try {
      const run = await gate(
        'cancelled-comment',
        { 'comment-on-pr': 'true', 'github-token': 'ghs_loopback', 'request-timeout': '20' },
        {
          cwd: workdir,
          env: { GITHUB_API_URL: `http://127.0.0.1:${(github.address() as AddressInfo).port}`, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event },
          onSpawn: (spawned) => (child = spawned)
        }
      )
      expect(run.code).toBe(1)
      // The verdict was reached: it stands in the summary and outputs; the step says what was cut short.
      expect(run.summary).toMatch(/ECR scan gate: fail/)
      expect(run.outputs.result).toBe('fail')
      expect(run.stdout).toMatch(/^::error::ecr-scan-gate was cancelled \(SIGTERM\) while writing its reports\.$/m)
      expect(run.stdout).toMatch(/^::warning::Could not finish the comment on pull request #5: the run was cancelled\.$/m)
      expectNoStack(run)
      // Ended by the signal, not by request-timeout (20 s).
      expect(run.ms).toBeLessThan(10_000)
    } finally {
      github.closeAllConnections()
      await new Promise((resolve) => github.close(resolve))
    }
  })
})

test('a GITHUB_OUTPUT the step cannot write is a plain error, not a stack trace', async () => {
  image('output-dir')
  const workdir = mkdtempSync(join(tmpdir(), 'output-dir-'))
  const run = await gate('output-dir', {}, { cwd: workdir, env: { GITHUB_OUTPUT: workdir } })
  expect(run.code).toBe(1)
  expect(run.stdout).toMatch(/^::error::Could not write the step outputs \(GITHUB_OUTPUT\): /m)
  expectNoStack(run)
})

describe('secrets stay out of the log, debug logging included', () => {
  const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY99'
  const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN/abc+def=='
  const GITHUB_TOKEN = 'ghs_S3cr3tT0k3nF0rTh3C0mm3nt0nlyXYZ'
  let github: GitHubServer

  beforeAll(async () => {
    github = await startGitHubServer()
  })
  afterAll(() => github.close())

  function debugEnv(workdir: string): Record<string, string> {
    const event = join(workdir, 'event.json')
    writeFileSync(event, JSON.stringify({ pull_request: { number: 7 } }))
    return {
      RUNNER_DEBUG: '1',
      ACTIONS_STEP_DEBUG: 'true',
      AWS_SECRET_ACCESS_KEY: SECRET_KEY,
      AWS_SESSION_TOKEN: SESSION_TOKEN,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
      GITHUB_API_URL: github.url
    }
  }

  function expectNoSecrets(run: ActionRun): void {
    const reportFile = run.outputs['report-file']
    const files = [run.summary, readFileSync(join(run.workdir, 'github-output'), 'utf8')]
    if (reportFile) files.push(readFileSync(resolve(run.workdir, reportFile), 'utf8'))
    // Each secret appears once, in the ::add-mask:: command that tells the runner to mask it, and nowhere else.
    for (const secret of [SECRET_KEY, SESSION_TOKEN, GITHUB_TOKEN]) {
      const lines = `${run.stdout}\n${run.stderr}`.split('\n').filter((line) => line.includes(secret))
      expect(lines).toEqual([`::add-mask::${secret}`])
      for (const text of files) expect(text).not.toContain(secret)
    }
  }

  test('a debug run that reads findings and comments on the pull request', async () => {
    image('secrets')
    const workdir = mkdtempSync(join(tmpdir(), 'ecr-scan-gate-secrets-'))
    // settle-window on: its "not needed for a basic scan" is a debug line, so the run does log at debug level.
    const withInputs = { 'comment-on-pr': 'true', 'github-token': GITHUB_TOKEN, 'settle-window': '300' }
    const run = await gate('secrets', withInputs, { cwd: workdir, env: debugEnv(workdir) })
    expectCleanVerdict(run)
    // The secrets were in play: signed requests carried the session token, the comment used the token.
    expect(describes().every((r) => r.headers['x-amz-security-token'] === SESSION_TOKEN)).toBe(true)
    expect(github.requests.some((r) => r.authorization?.includes(GITHUB_TOKEN))).toBe(true)
    expect(run.stdout).toMatch(/^::debug::/m)
    expectNoSecrets(run)
  })

  test('a signature error that quotes the canonical request, session token and secret key included', async () => {
    image('secrets-signature')
    const workdir = mkdtempSync(join(tmpdir(), 'ecr-scan-gate-secrets-'))
    const message =
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.\n\n' +
      `The Canonical String for this request should have been\n'POST\n/\n\nhost:ecr\nx-amz-security-token:${SESSION_TOKEN}\n'\n\n` +
      `The String-to-Sign should have been 'AWS4-HMAC-SHA256 ${SECRET_KEY} Signature=${'ab'.repeat(32)}'`
    failWhen(isSecondPoll, 1, { type: 'InvalidSignatureException', status: 403, message: `${message} x-amz-security-token:${SESSION_TOKEN}` })
    const run = await gate('secrets-signature', { 'comment-on-pr': 'true', 'github-token': GITHUB_TOKEN }, { cwd: workdir, env: debugEnv(workdir) })
    expectUndecided(run, /AWS credentials were refused \(InvalidSignatureException\)/)
    expect(run.stdout).toMatch(/ECR said: The request signature we calculated does not match/)
    expectNoSecrets(run)
  })

  test('credentials from a profile, quoted raw by an error, are masked as the environment\'s are', async () => {
    image('secrets-profile')
    const workdir = mkdtempSync(join(tmpdir(), 'ecr-scan-gate-secrets-'))
    const credentials = join(workdir, 'aws-credentials')
    writeFileSync(credentials, `[ci]\naws_access_key_id = AKIAPROFILEKEY000000\naws_secret_access_key = ${SECRET_KEY}\naws_session_token = ${SESSION_TOKEN}\n`)
    const fromProfile = {
      ...debugEnv(workdir),
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SESSION_TOKEN: '',
      AWS_SHARED_CREDENTIALS_FILE: credentials,
      AWS_CONFIG_FILE: join(workdir, 'no-aws-config'),
      AWS_PROFILE: 'ci'
    }
    failWhen(isSecondPoll, 1, { type: 'AccessDeniedException', status: 400, message: `{"token":"${SESSION_TOKEN}",\n"key":"${SECRET_KEY}"}` })
    const run = await gate('secrets-profile', { 'comment-on-pr': 'true', 'github-token': GITHUB_TOKEN }, { cwd: workdir, env: fromProfile })
    expectUndecided(run, /Access denied calling ecr:DescribeImageScanFindings/)
    expect(describes().some((r) => r.headers['x-amz-security-token'] === SESSION_TOKEN)).toBe(true)
    expectNoSecrets(run)
  })

  test('a debug run that fails on AccessDenied in the middle of paging', async () => {
    image('secrets-denied')
    const workdir = mkdtempSync(join(tmpdir(), 'ecr-scan-gate-secrets-'))
    failWhen(isPage, 1, { type: 'AccessDeniedException', status: 400 })
    const run = await gate('secrets-denied', { 'comment-on-pr': 'true', 'github-token': GITHUB_TOKEN }, { cwd: workdir, env: debugEnv(workdir) })
    expectUndecided(run, /Access denied calling ecr:DescribeImageScanFindings/)
    expectNoSecrets(run)
  })
})
