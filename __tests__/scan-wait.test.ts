import { jest } from '@jest/globals'
import { DescribeImageScanFindingsCommand, ECRClient, type ScanStatus, StartImageScanCommand } from '@aws-sdk/client-ecr'
import { mockClient } from 'aws-sdk-client-mock'

const logged: string[] = []
jest.unstable_mockModule('@actions/core', () => ({
  info: (m: string) => logged.push(`info ${m}`),
  notice: (m: string) => logged.push(`notice ${m}`),
  warning: (m: string) => logged.push(`warning ${m}`)
}))
const { waitForScan, nextInterval, ScanTimeoutError } = await import('../src/scan-wait.js')
const { ConfigurationError, ScanError } = await import('../src/errors.js')

const ecr = mockClient(ECRClient)
const client = new ECRClient({ region: 'us-east-1' })
const target = { repositoryName: 'app', imageTag: 'v1', region: 'us-east-1' }

function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } })
}

function status(value: string, description = `${value} description`) {
  return { imageScanStatus: { status: value as ScanStatus, description }, imageId: { imageDigest: `sha256:${'b'.repeat(64)}`, imageTag: 'v1' } }
}

// A fake clock: sleeping moves time, so the tests see every poll time without waiting.
function clock() {
  let now = 0
  const sleeps: number[] = []
  const pollTimes: number[] = []
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      now += ms
    },
    sleeps,
    pollTimes,
    record: () => pollTimes.push(now)
  }
}

beforeEach(() => {
  ecr.reset()
  logged.length = 0
})

test.each(['COMPLETE', 'ACTIVE'])('%s is done at the first read, with no sleep', async (value) => {
  ecr.on(DescribeImageScanFindingsCommand).resolves(status(value))
  const c = clock()
  const scan = await waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 5_000, startScan: false, ...c })
  expect(scan.status).toBe(value)
  expect(scan.sawUnfinished).toBe(false)
  expect(c.sleeps).toEqual([])
  expect(ecr.commandCalls(DescribeImageScanFindingsCommand)[0]?.args[0].input).toMatchObject({
    repositoryName: 'app',
    imageId: { imageTag: 'v1' },
    maxResults: 1000
  })
})

test.each(['IN_PROGRESS', 'PENDING', 'SOMETHING_NEW'])('%s is waited for until done', async (value) => {
  ecr
    .on(DescribeImageScanFindingsCommand)
    .resolvesOnce(status(value))
    .resolvesOnce(status(value))
    .resolves(status('COMPLETE'))
  const c = clock()
  const scan = await waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: false, ...c })
  expect(scan.status).toBe('COMPLETE')
  expect(scan.sawUnfinished).toBe(true)
  expect(ecr.commandCalls(DescribeImageScanFindingsCommand)).toHaveLength(3)
  if (value === 'SOMETHING_NEW') expect(logged.join('\n')).toMatch(/warning ECR reported scan status SOMETHING_NEW/)
})

test.each(['FAILED', 'UNSUPPORTED_IMAGE', 'SCAN_ELIGIBILITY_EXPIRED', 'FINDINGS_UNAVAILABLE', 'LIMIT_EXCEEDED', 'IMAGE_ARCHIVED'])(
  '%s ends the wait at once, quoting ECR and saying what to do',
  async (value) => {
    ecr.on(DescribeImageScanFindingsCommand).resolves(status(value, `ECR says ${value}`))
    const c = clock()
    const waiting = waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: false, ...c })
    await expect(waiting).rejects.toThrow(ScanError)
    await expect(waiting).rejects.toThrow(new RegExp(`status ${value} \\("ECR says ${value}"\\)\\. [A-Z]`))
    expect(ecr.commandCalls(DescribeImageScanFindingsCommand)).toHaveLength(1)
  }
)

test('polls back off from poll-interval towards a cap and the last poll lands on the deadline', async () => {
  const c = clock()
  ecr.on(DescribeImageScanFindingsCommand).callsFake(() => {
    c.record()
    return status('IN_PROGRESS')
  })
  const waiting = waitForScan(client, target, { deadline: 30_000, pollIntervalMs: 1_000, startScan: false, ...c })
  await expect(waiting).rejects.toThrow(ScanTimeoutError)
  await expect(waiting).rejects.toThrow(/last status was IN_PROGRESS.*Raise wait-timeout/)
  expect(c.pollTimes[0]).toBe(0)
  expect(c.pollTimes.at(-1)).toBe(30_000)
  const gaps = c.pollTimes.slice(1).map((t, i) => t - (c.pollTimes[i] ?? 0))
  expect(gaps.slice(0, 4)).toEqual([1_000, 1_500, 2_250, 3_375])
  expect(Math.max(...gaps)).toBeLessThanOrEqual(6_000)
})

test('a scan that does not exist yet is waited for, then read when it appears', async () => {
  ecr
    .on(DescribeImageScanFindingsCommand)
    .rejectsOnce(awsError('ScanNotFoundException'))
    .rejectsOnce(awsError('ScanNotFoundException'))
    .resolves(status('COMPLETE'))
  const scan = await waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: false, ...clock() })
  expect(scan.status).toBe('COMPLETE')
  expect(ecr.commandCalls(StartImageScanCommand)).toHaveLength(0)
})

test('a timeout without any scan suggests scan on push or start-scan', async () => {
  ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('ScanNotFoundException'))
  const seen: string[] = []
  const onStatus = (status: string): void => void seen.push(status)
  const waiting = waitForScan(client, target, { deadline: 10_000, pollIntervalMs: 1_000, startScan: false, onStatus, ...clock() })
  await expect(waiting).rejects.toThrow(/the last status was SCAN_NOT_FOUND\. No scan exists: .*set start-scan: true/)
  // The scan-status output comes from what onStatus saw.
  expect(new Set(seen)).toEqual(new Set(['SCAN_NOT_FOUND']))
})

describe('start-scan', () => {
  test('starts one scan when none exists, then waits for it', async () => {
    ecr
      .on(DescribeImageScanFindingsCommand)
      .rejectsOnce(awsError('ScanNotFoundException'))
      .rejectsOnce(awsError('ScanNotFoundException'))
      .resolvesOnce(status('IN_PROGRESS'))
      .resolves(status('COMPLETE'))
    ecr.on(StartImageScanCommand).resolves({})
    const scan = await waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: true, ...clock() })
    expect(scan.status).toBe('COMPLETE')
    expect(ecr.commandCalls(StartImageScanCommand)).toHaveLength(1)
  })

  test.each([
    [awsError('ValidationException', 'This feature is disabled'), /enhanced scanning/],
    [awsError('LimitExceededException', 'The scan quota per image has been exceeded.'), /one basic scan per image every 24 hours/]
  ])('%s is explained and the wait goes on', async (error, notice) => {
    ecr.on(DescribeImageScanFindingsCommand).rejectsOnce(awsError('ScanNotFoundException')).resolves(status('ACTIVE'))
    ecr.on(StartImageScanCommand).rejects(error)
    const scan = await waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: true, ...clock() })
    expect(scan.status).toBe('ACTIVE')
    expect(logged.join('\n')).toMatch(notice)
  })

  test('access denied on StartImageScan names the IAM action', async () => {
    ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('ScanNotFoundException'))
    ecr.on(StartImageScanCommand).rejects(awsError('AccessDeniedException', 'not authorized'))
    const waiting = waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: true, ...clock() })
    await expect(waiting).rejects.toThrow(ConfigurationError)
    await expect(waiting).rejects.toThrow(/ecr:StartImageScan/)
  })
})

test.each([
  ['RepositoryNotFoundException', /Repository app does not exist in the default registry/],
  ['ImageNotFoundException', /Image app:v1 in the default registry of these credentials \(us-east-1\) was not found/],
  ['AccessDeniedException', /Grant the role the IAM action ecr:DescribeImageScanFindings/]
])('%s becomes an actionable configuration error', async (name, message) => {
  ecr.on(DescribeImageScanFindingsCommand).rejects(awsError(name))
  const waiting = waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: false, ...clock() })
  await expect(waiting).rejects.toThrow(ConfigurationError)
  await expect(waiting).rejects.toThrow(message)
})

test('the interval cap is six times poll-interval, never above 30 s', () => {
  let interval = 5_000
  for (let i = 0; i < 20; i++) interval = nextInterval(interval, 5_000)
  expect(interval).toBe(30_000)
  expect(nextInterval(100, 100)).toBe(150)
  let small = 100
  for (let i = 0; i < 20; i++) small = nextInterval(small, 100)
  expect(small).toBe(600)
})
