import { jest } from '@jest/globals'
import { DescribeImageScanFindingsCommand, ECRClient, type ImageScanFinding, StartImageScanCommand } from '@aws-sdk/client-ecr'
import { mockClient } from 'aws-sdk-client-mock'

const logged: string[] = []
jest.unstable_mockModule('@actions/core', () => ({
  info: (m: string) => logged.push(`info ${m}`),
  notice: (m: string) => logged.push(`notice ${m}`),
  warning: (m: string) => logged.push(`warning ${m}`)
}))
const { compareWithBaseline } = await import('../src/baseline.js')
const { fromBasic, fromEnhanced } = await import('../src/finding.js')
const { decide } = await import('../src/policy.js')
const { RetryAfterRefusal, refuseRetryAfter } = await import('../src/errors.js')
type Inputs = import('../src/inputs.js').Inputs
type GateReport = import('../src/report.js').GateReport
type ImageTarget = import('../src/errors.js').ImageTarget

const ecr = mockClient(ECRClient)
const client = new ECRClient({ region: 'us-east-1' })
const target: ImageTarget = { repositoryName: 'team/app', imageTag: 'pr-42', region: 'us-east-1' }
const baselineTag: ImageTarget = { ...target, imageTag: 'main' }
const DIGEST = `sha256:${'c'.repeat(64)}`

// An Inspector finding in the image with this digest, as its resources name it.
const fromEnhancedRaw = (imageHash: string) => ({
  findingArn: 'arn:aws:inspector2:us-east-1:123456789012:finding/1',
  severity: 'HIGH',
  status: 'ACTIVE',
  packageVulnerabilityDetails: { vulnerabilityId: 'CVE-A', vulnerablePackages: [{ name: 'openssl', version: '3' }] },
  resources: [{ id: 'image', type: 'AWS_ECR_CONTAINER_IMAGE', details: { awsEcrContainerImage: { imageHash } } }]
})
const basic = (id: string, pkg: string): ImageScanFinding => ({ name: id, severity: 'HIGH', attributes: [{ key: 'package_name', value: pkg }] })
const current = [basic('CVE-A', 'openssl'), basic('CVE-B', 'curl'), basic('CVE-C', 'zlib'), basic('CVE-A', 'libssl3')].map(fromBasic)

function inputs(baseline: ImageTarget | undefined): Inputs {
  return {
    target, severityThreshold: undefined, onlyFixed: undefined, ignore: [], waitTimeoutMs: 60_000, pollIntervalMs: 1_000,
    requestTimeoutMs: 5_000, settleWindowMs: 0, startScan: true, failBuild: true, summary: true, annotations: true, sarifFile: '',
    sarifCategory: '', dockerfile: '', reportFile: '', commentOnPr: false, githubToken: '', policyFile: '', vexFiles: [], baseline
  }
}

function complete(findings: ImageScanFinding[], extra: object = {}) {
  return { imageScanStatus: { status: 'COMPLETE' as const }, imageId: { imageDigest: DIGEST }, imageScanFindings: { findings }, ...extra }
}

function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } })
}

// A fake clock: sleeping moves time, so a wait to the deadline takes no real time.
function clock(deadline = 10_000) {
  let now = 0
  return {
    deadline,
    pollIntervalMs: 1_000,
    clientFor: (region: string) => new ECRClient({ region }),
    now: () => now,
    sleep: async (ms: number) => {
      now += ms
    }
  }
}

// The gated image: another digest than the baseline's.
const GATED = `sha256:${'d'.repeat(64)}`

function newReport(): GateReport {
  return { imageDigest: GATED, scanStatus: '', warnings: [] }
}

beforeEach(() => {
  ecr.reset()
  logged.length = 0
})

test('counts new, fixed and still-present findings, and returns the baseline keys', async () => {
  ecr.on(DescribeImageScanFindingsCommand, { imageId: { imageTag: 'main' } }).resolves(
    complete([basic('CVE-A', 'openssl'), basic('CVE-D', 'bash'), basic('CVE-E', 'tar')])
  )
  const report = newReport()
  const keys = await compareWithBaseline(client, inputs(baselineTag), current, clock(), report)
  expect(keys && [...keys].sort()).toEqual(['CVE-A|openssl', 'CVE-D|bash', 'CVE-E|tar'])
  expect(report.baseline).toEqual({
    target: baselineTag,
    available: true,
    newCount: 3,
    fixedCount: 2,
    stillPresentCount: 1,
    fixedKeys: ['CVE-D|bash', 'CVE-E|tar']
  })
  expect(report.warnings).toEqual([])
  expect(ecr.commandCalls(DescribeImageScanFindingsCommand)[0]?.args[0].input).toMatchObject({
    repositoryName: 'team/app',
    imageId: { imageTag: 'main' }
  })

  // What the user sees in the end: only what the baseline lacks blocks. CVE-A in another package is new.
  const verdict = decide(current, { severityThreshold: 'HIGH', onlyFixed: false, blockExploitable: false, minScore: undefined, max: {}, ignore: [] }, {
    now: new Date(),
    baseline: keys
  })
  expect(verdict.decided.map((d) => `${d.finding.id}|${d.finding.packageName} ${d.decision}`)).toEqual([
    'CVE-A|openssl not-new',
    'CVE-B|curl blocking',
    'CVE-C|zlib blocking',
    'CVE-A|libssl3 blocking'
  ])
})

test('a baseline that is the gated image itself (the same digest) is not compared: every finding counts as new', async () => {
  ecr.on(DescribeImageScanFindingsCommand).resolves(complete(current.map((f) => basic(f.id, f.packageName))))
  const report = { ...newReport(), imageDigest: DIGEST }
  expect(await compareWithBaseline(client, inputs(baselineTag), current, clock(), report)).toBeUndefined()
  expect(report.baseline).toMatchObject({ available: false, newCount: current.length, stillPresentCount: 0 })
  expect(report.warnings).toEqual([
    `The baseline team/app:main in the default registry of these credentials (us-east-1) is the gated image itself (${DIGEST}), so every finding counts as new: compared with itself, none would be. Name a baseline the image does not replace.`
  ])
})

test('an answer that names the baseline by tag only is still caught being the gated image: its findings name the digest', async () => {
  const self = fromEnhancedRaw(DIGEST)
  ecr.on(DescribeImageScanFindingsCommand).resolves({
    imageScanStatus: { status: 'ACTIVE' },
    imageId: { imageTag: 'main' },
    imageScanFindings: { enhancedFindings: [self] }
  })
  const report = { ...newReport(), imageDigest: DIGEST }
  expect(await compareWithBaseline(client, inputs(baselineTag), current, clock(), report)).toBeUndefined()
  expect(report.baseline).toMatchObject({ available: false, newCount: current.length })
  expect(report.warnings[0]).toMatch(/is the gated image itself/)
})

test('without a digest for either image, self-comparison cannot be ruled out: every finding counts as new', async () => {
  ecr.on(DescribeImageScanFindingsCommand).resolves({
    imageScanStatus: { status: 'COMPLETE' },
    imageId: { imageTag: 'main' },
    imageScanFindings: { findings: [basic('CVE-A', 'openssl')] }
  })
  const report = newReport()
  expect(await compareWithBaseline(client, inputs(baselineTag), current, clock(), report)).toBeUndefined()
  expect(report.baseline).toMatchObject({ available: false, newCount: current.length, stillPresentCount: 0 })
  expect(report.warnings[0]).toMatch(/could not both be named by digest .* every finding counts as new/)
})

test('a baseline named by digest while the gated image\'s digest is unknown is not compared either', async () => {
  ecr.on(DescribeImageScanFindingsCommand).resolves(complete([basic('CVE-A', 'openssl')]))
  const report = { ...newReport(), imageDigest: '' }
  const withSuppressed = [...current, fromEnhanced({ ...fromEnhancedRaw(GATED), status: 'SUPPRESSED' })]
  expect(await compareWithBaseline(client, inputs(baselineTag), withSuppressed, clock(), report)).toBeUndefined()
  // Suppressed findings are counted apart, never as new.
  expect(report.baseline).toMatchObject({ available: false, newCount: current.length })
  expect(report.warnings[0]).toMatch(/could not both be named by digest/)
})

test('reads every page of the baseline findings', async () => {
  ecr
    .on(DescribeImageScanFindingsCommand, { imageId: { imageTag: 'main' }, nextToken: undefined })
    .resolves(complete([basic('CVE-A', 'openssl')], { nextToken: 'p2' }))
    .on(DescribeImageScanFindingsCommand, { nextToken: 'p2' })
    .resolves({ imageScanFindings: { findings: [basic('CVE-B', 'curl')] } })
  const report = newReport()
  await compareWithBaseline(client, inputs(baselineTag), current, clock(), report)
  expect(report.baseline).toMatchObject({ newCount: 2, stillPresentCount: 2, fixedCount: 0 })
  expect(ecr.commandCalls(DescribeImageScanFindingsCommand)).toHaveLength(2)
})

test('waits for a baseline scan in progress, within the run deadline', async () => {
  ecr
    .on(DescribeImageScanFindingsCommand)
    .resolvesOnce({ imageScanStatus: { status: 'IN_PROGRESS' } })
    .resolves(complete([basic('CVE-A', 'openssl')]))
  const report = newReport()
  const keys = await compareWithBaseline(client, inputs(baselineTag), current, clock(), report)
  expect(keys?.has('CVE-A|openssl')).toBe(true)
  expect(ecr.commandCalls(DescribeImageScanFindingsCommand)).toHaveLength(2)
})

test('no baseline input: no calls, no comparison, every finding is new', async () => {
  const report = newReport()
  expect(await compareWithBaseline(client, inputs(undefined), current, clock(), report)).toBeUndefined()
  expect(report.baseline).toBeUndefined()
  expect(ecr.calls()).toHaveLength(0)
})

describe('a baseline that cannot be read: a warning, and every finding counts as new', () => {
  const missing = {
    target,
    available: false,
    newCount: current.length,
    fixedCount: 0,
    stillPresentCount: 0,
    fixedKeys: []
  }

  test.each<[string, () => void, RegExp]>([
    [
      'no baseline image',
      () => ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('ImageNotFoundException', "The image with imageId {imageTag:'main'} does not exist")),
      /Image team\/app:main .* was not found/
    ],
    [
      'no baseline repository',
      () => ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('RepositoryNotFoundException')),
      /Repository team\/app does not exist/
    ],
    [
      'no scan for the baseline: not waited for',
      () => ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('ScanNotFoundException')),
      /ECR has no scan of team\/app:main .*\. The gate never starts a scan for a baseline: scan it to compare against it\./
    ],
    [
      'a baseline scan that failed',
      () => ecr.on(DescribeImageScanFindingsCommand).resolves({ imageScanStatus: { status: 'FAILED', description: 'bad layer' } }),
      /ended with status FAILED \("bad layer"\)/
    ],
    [
      'no permission to read it',
      () => ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('AccessDeniedException')),
      /ecr:DescribeImageScanFindings/
    ]
  ])('%s', async (_, arrange, reason) => {
    arrange()
    const report = newReport()
    expect(await compareWithBaseline(client, inputs(baselineTag), current, clock(), report)).toBeUndefined()
    expect(report.baseline).toEqual({ ...missing, target: baselineTag })
    expect(report.warnings).toHaveLength(1)
    expect(report.warnings[0]).toMatch(/^The baseline team\/app:main in .* could not be read, so every finding counts as new: /)
    expect(report.warnings[0]).toMatch(reason)
    expect(ecr.commandCalls(StartImageScanCommand)).toHaveLength(0)
  })

  test('never starts a scan for the baseline, even with start-scan: true, nor waits for one to appear', async () => {
    ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('ScanNotFoundException'))
    const c = clock(5_000)
    await compareWithBaseline(client, inputs(baselineTag), current, c, newReport())
    expect(ecr.commandCalls(StartImageScanCommand)).toHaveLength(0)
    expect(ecr.commandCalls(DescribeImageScanFindingsCommand)).toHaveLength(1)
    expect(c.now()).toBe(0)
  })

  test('a baseline scan in progress is waited for, by the same rules as the image', async () => {
    ecr
      .on(DescribeImageScanFindingsCommand)
      .resolvesOnce({ imageScanStatus: { status: 'IN_PROGRESS' } })
      .resolves(complete([basic('CVE-A', 'openssl')]))
    const c = clock(5_000)
    const report = newReport()
    expect(await compareWithBaseline(client, inputs(baselineTag), current, c, report)).toBeDefined()
    expect(report.baseline).toMatchObject({ available: true, stillPresentCount: 1 })
    expect(c.now()).toBe(1_000)
  })

  test('a deadline already passed gets one read, not a wait', async () => {
    ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('ScanNotFoundException'))
    const c = { ...clock(), deadline: -1 }
    const report = newReport()
    await compareWithBaseline(client, inputs(baselineTag), current, c, report)
    expect(ecr.commandCalls(DescribeImageScanFindingsCommand)).toHaveLength(1)
    expect(report.baseline?.available).toBe(false)
  })

  test('a Retry-After past wait-timeout ends the run: counting every finding new would hide why', async () => {
    const throttled = awsError('ThrottlingException', 'slow down')
    refuseRetryAfter(throttled, new Date(Date.now() + 3_600_000))
    ecr.on(DescribeImageScanFindingsCommand).rejects(throttled)
    await expect(compareWithBaseline(client, inputs(baselineTag), current, clock(), newReport())).rejects.toThrow(RetryAfterRefusal)
  })

  test('an error that is a bug, not a missing baseline, is not hidden', async () => {
    ecr.on(DescribeImageScanFindingsCommand).rejects(new TypeError('boom'))
    await expect(compareWithBaseline(client, inputs(baselineTag), current, clock(), newReport())).rejects.toThrow('boom')
  })
})

describe('suppressed and closed findings', () => {
  const enhanced = (id: string, pkg: string, status: string) =>
    ({ severity: 'HIGH', status, packageVulnerabilityDetails: { vulnerabilityId: id, vulnerablePackages: [{ name: pkg, version: '1' }] } })

  test('a finding Inspector CLOSED in the baseline is not in it; a SUPPRESSED one is', async () => {
    ecr.on(DescribeImageScanFindingsCommand).resolves({
      imageScanStatus: { status: 'ACTIVE' }, imageId: { imageDigest: DIGEST },
      imageScanFindings: { enhancedFindings: [enhanced('CVE-A', 'openssl', 'CLOSED'), enhanced('CVE-B', 'curl', 'SUPPRESSED')] }
    })
    const report = newReport()
    const keys = await compareWithBaseline(client, inputs(baselineTag), current, clock(), report)
    expect(keys && [...keys]).toEqual(['CVE-B|curl'])
    expect(report.baseline).toMatchObject({ newCount: 3, stillPresentCount: 1, fixedCount: 0 })
  })

  test('suppressed findings of this image are counted apart, and a suppressed one is not "fixed"', async () => {
    ecr.on(DescribeImageScanFindingsCommand).resolves(complete([basic('CVE-A', 'openssl'), basic('CVE-B', 'curl')]))
    const image = [
      fromEnhanced(enhanced('CVE-A', 'openssl', 'SUPPRESSED')),
      fromEnhanced(enhanced('CVE-B', 'curl', 'CLOSED')),
      fromEnhanced(enhanced('CVE-C', 'zlib', 'ACTIVE'))
    ]
    const report = newReport()
    await compareWithBaseline(client, inputs(baselineTag), image, clock(), report)
    expect(report.baseline).toMatchObject({ newCount: 1, stillPresentCount: 0, fixedCount: 1, fixedKeys: ['CVE-B|curl'] })
  })
})

test('a vulnerability that reaches one more package is new, though the baseline had it in another', async () => {
  const inPackages = (id: string, ...names: string[]) => ({
    severity: 'CRITICAL',
    status: 'ACTIVE',
    packageVulnerabilityDetails: { vulnerabilityId: id, vulnerablePackages: names.map((name) => ({ name, version: '1' })) }
  })
  ecr.on(DescribeImageScanFindingsCommand).resolves({
    imageScanStatus: { status: 'ACTIVE' }, imageId: { imageDigest: DIGEST },
    imageScanFindings: { enhancedFindings: [inPackages('CVE-7', 'libssl3'), inPackages('CVE-8', 'curl', 'libcurl4')] }
  })
  const image = [inPackages('CVE-7', 'libssl3', 'openssl'), inPackages('CVE-8', 'libcurl4', 'curl')].map(fromEnhanced)
  const report = newReport()
  const keys = await compareWithBaseline(client, inputs(baselineTag), image, clock(), report)
  expect(report.baseline).toMatchObject({ newCount: 1, stillPresentCount: 1, fixedCount: 0 })
  const policy = { severityThreshold: 'CRITICAL' as const, onlyFixed: false, blockExploitable: false, minScore: undefined, max: {}, ignore: [] }
  const verdict = decide(image, policy, { now: new Date(), baseline: keys })
  expect(verdict.decided.map((d) => `${d.finding.id} ${d.decision}`)).toEqual(['CVE-7 blocking', 'CVE-8 not-new'])
})

test('package names too long for V8 to hash are compared in one pass, still told apart, and named in full', async () => {
  // Names of one length that differ only at their end: as keys, all of them would share one bucket of a Set.
  const name = (i: number) => `${'p'.repeat(20_000)}${String(i).padStart(6, '0')}`
  const image = Array.from({ length: 4_000 }, (_, i) => fromBasic(basic('CVE-L', name(i))))
  ecr.on(DescribeImageScanFindingsCommand, { imageId: { imageTag: 'main' } }).resolves(
    complete(Array.from({ length: 4_000 }, (_, i) => basic('CVE-L', name(i + 1_000))))
  )
  const report = newReport()
  const started = performance.now()
  const keys = await compareWithBaseline(client, inputs(baselineTag), image, clock(), report)
  const policy = { severityThreshold: 'HIGH' as const, onlyFixed: false, blockExploitable: false, minScore: undefined, max: {}, ignore: [] }
  const verdict = decide(image, policy, { now: new Date(), baseline: keys })
  expect(performance.now() - started).toBeLessThan(10_000)
  expect(report.baseline).toMatchObject({ newCount: 1_000, stillPresentCount: 3_000, fixedCount: 1_000 })
  const blocking = verdict.decided.filter((d) => d.decision === 'blocking').map((d) => d.finding.packageName)
  expect(blocking.length === 1_000 && blocking.every((packageName, i) => packageName === name(i))).toBe(true)
  // What was fixed is named as every other key is, not by the hash that found it.
  const fixed = report.baseline?.fixedKeys ?? []
  expect(fixed.length === 1_000 && fixed.every((key, i) => key === `CVE-L|${name(i + 4_000)}`)).toBe(true)
})

test('a baseline-image in another region is read with a client for that region', async () => {
  const elsewhere: ImageTarget = { repositoryName: 'team/app', imageTag: 'prod', registryId: '210987654321', region: 'eu-west-1' }
  ecr.on(DescribeImageScanFindingsCommand).resolves(complete([basic('CVE-A', 'openssl')]))
  const report = newReport()
  await compareWithBaseline(client, inputs(elsewhere), current, clock(), report)
  const [call] = ecr.commandCalls(DescribeImageScanFindingsCommand)
  expect(call?.args[0].input).toMatchObject({ registryId: '210987654321', imageId: { imageTag: 'prod' } })
  const used = call?.thisValue as ECRClient
  expect(used).not.toBe(client)
  expect(await used.config.region()).toBe('eu-west-1')
  expect(report.baseline).toMatchObject({ available: true, stillPresentCount: 1 })
})

test("the other region's client is closed after the baseline is read; the run's own client never is", async () => {
  ecr.on(DescribeImageScanFindingsCommand).resolves(complete([basic('CVE-A', 'openssl')]))
  const own = jest.spyOn(client, 'destroy')
  const closed: string[] = []
  const clientFor = (region: string) => {
    const regional = new ECRClient({ region })
    jest.spyOn(regional, 'destroy').mockImplementation(() => closed.push(region))
    return regional
  }
  try {
    await compareWithBaseline(client, inputs({ ...target, imageTag: 'prod', region: 'eu-west-1' }), current, { ...clock(), clientFor }, newReport())
    expect(closed).toEqual(['eu-west-1'])
    await compareWithBaseline(client, inputs({ ...target, imageTag: 'main' }), current, { ...clock(), clientFor }, newReport())
    expect(closed).toEqual(['eu-west-1'])
    expect(own).not.toHaveBeenCalled()
  } finally {
    own.mockRestore()
  }
})
