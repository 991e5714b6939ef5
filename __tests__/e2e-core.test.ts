// End to end: dist/index.js run as the runner runs it, against the loopback ECR through AWS_ENDPOINT_URL_ECR.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { type EcrServer, type ScanState, loadSample, makeBasicFindings, makeEnhancedFindings, sampleState, startEcrServer } from './support/ecr-server.js'
import { startProxyServer } from './support/proxy-server.js'
import { type ActionRun, bundleChunks, bundlePath, repoRoot, runAction } from './support/run-action.js'

const DIGEST = `sha256:${'c'.repeat(64)}`
const FAST = { 'poll-interval': '0.05', 'wait-timeout': '10', 'request-timeout': '5', 'settle-window': '0' }

let server: EcrServer

beforeAll(async () => {
  server = await startEcrServer()
})
afterAll(() => server.close())
beforeEach(() => {
  server.clearFaults()
  server.requests.length = 0
})

function image(repositoryName: string, scan: ScanState | ScanState[], extra: Record<string, unknown> = {}): void {
  server.addRepository(repositoryName)
  server.setImage({ repositoryName, imageTag: 'v1', imageDigest: DIGEST, scan, ...extra })
}

function gate(withInputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({ ...FAST, ...withInputs }, { env: { AWS_ENDPOINT_URL_ECR: server.url, ...env } })
}

function describeCalls(): number {
  return server.requests.filter((r) => r.op === 'DescribeImageScanFindings').length
}

// A failed step prints ::error:: with the message; a stack trace would show "    at " frames.
function expectNoStack(run: ActionRun): void {
  expect(run.stdout).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)/m)
  expect(run.stdout).not.toMatch(/%0A\s+at /)
}

describe('statuses and verdicts', () => {
  test('basic COMPLETE sample below the default CRITICAL threshold passes, with every count output', async () => {
    image('basic', sampleState(loadSample('basic-complete')))
    const run = await gate({ 'repository-name': 'basic', 'image-tag': 'v1' })
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({
      result: 'pass',
      total: '1',
      critical: '0',
      high: '0',
      medium: '1',
      low: '0',
      informational: '0',
      untriaged: '0',
      blocking: '0',
      ignored: '0',
      suppressed: '0',
      'scan-status': 'COMPLETE',
      'image-digest': DIGEST
    })
  })

  test('a reference with tag and digest asks ECR by the digest and keeps the tag in the reports', async () => {
    image('tag-and-digest', sampleState(loadSample('basic-complete')))
    const run = await gate({ image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/tag-and-digest:pr-42@${DIGEST}` })
    expect(run.code).toBe(0)
    const asked = server.requests.filter((r) => r.op === 'DescribeImageScanFindings').map((r) => r.body.imageId)
    expect(asked).toEqual([{ imageDigest: DIGEST }])
    expect(run.summary).toMatch(/pass for tag-and-digest:pr-42/)
    expect(run.summary).toMatch(/tag pr-42/)
    const report = JSON.parse(readFileSync(join(run.workdir, run.outputs['report-file'] ?? ''), 'utf8'))
    expect(report.image).toMatchObject({ tag: 'pr-42', digest: DIGEST })
  })

  test('the same finding blocks at severity-threshold medium and fails the step', async () => {
    image('basic-medium', sampleState(loadSample('basic-complete')))
    const run = await gate({ 'repository-name': 'basic-medium', 'image-tag': 'v1', 'severity-threshold': 'medium' })
    expect(run.code).toBe(1)
    expect(run.outputs).toMatchObject({ result: 'fail', blocking: '1' })
    expect(run.stdout).toMatch(/::error::ecr-scan-gate: 1 finding\(s\) break the policy/)
  })

  test('fail-build false keeps the failing verdict in outputs but lets the step succeed with a warning', async () => {
    image('basic-soft', sampleState(loadSample('basic-complete')))
    const run = await gate({ 'repository-name': 'basic-soft', 'image-tag': 'v1', 'severity-threshold': 'MEDIUM', 'fail-build': 'false' })
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({ result: 'fail', blocking: '1' })
    expect(run.stdout).toMatch(/::warning::.*fail-build is false/)
  })

  test('enhanced ACTIVE is done (continuous scanning never says COMPLETE)', async () => {
    image('enhanced-active', sampleState(loadSample('enhanced-active-awsdocs')))
    const run = await gate({ 'repository-name': 'enhanced-active', 'image-tag': 'v1', 'severity-threshold': 'HIGH' })
    expect(run.code).toBe(1)
    expect(run.outputs).toMatchObject({ result: 'fail', high: '1', blocking: '1', 'scan-status': 'ACTIVE' })
    expect(describeCalls()).toBe(1)
  })

  test('UNTRIAGED findings count, and block at threshold UNTRIAGED', async () => {
    image('untriaged', sampleState(loadSample('enhanced-complete-untriaged-moto')))
    const lenient = await gate({ 'repository-name': 'untriaged', 'image-tag': 'v1' })
    expect(lenient.outputs).toMatchObject({ result: 'pass', total: '2', medium: '1', untriaged: '1', blocking: '0' })
    const strict = await gate({ 'repository-name': 'untriaged', 'image-tag': 'v1', 'severity-threshold': 'untriaged' })
    expect(strict.code).toBe(1)
    expect(strict.outputs).toMatchObject({ result: 'fail', blocking: '2' })
  })

  test('a severity ECR does not define counts as UNTRIAGED, and the log and summary name it', async () => {
    const state = sampleState(loadSample('basic-complete'))
    image('unknown-severity', { ...state, findingSeverityCounts: undefined, findings: [{ name: 'CVE-2026-0001', severity: 'SEVERE', uri: '', attributes: [] }] })
    const run = await gate({ 'repository-name': 'unknown-severity', 'image-tag': 'v1' })
    expect(run.outputs).toMatchObject({ result: 'pass', total: '1', untriaged: '1', blocking: '0' })
    expect(run.stdout).toMatch(/::warning::1 finding carries a severity ECR does not define \("SEVERE": 1\); each counts as UNTRIAGED/)
    expect(run.summary).toMatch(/a severity ECR does not define/)
  })

  test('PENDING (the empty state that broke an older action) and IN_PROGRESS are waited out', async () => {
    image('pending', [
      sampleState(loadSample('enhanced-pending-empty')),
      { status: 'IN_PROGRESS' },
      sampleState(loadSample('enhanced-active-awsdocs'))
    ])
    const run = await gate({ 'repository-name': 'pending', 'image-tag': 'v1' })
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({ result: 'pass', high: '1', 'scan-status': 'ACTIVE' })
    expect(describeCalls()).toBe(3)
  })

  test('a scan that appears late (scan on push lags the push) is waited for', async () => {
    image('late', [{ notFound: true }, { notFound: true }, sampleState(loadSample('basic-complete'))])
    const run = await gate({ 'repository-name': 'late', 'image-tag': 'v1' })
    expect(run.code).toBe(0)
    expect(run.outputs['scan-status']).toBe('COMPLETE')
    expect(server.count('StartImageScan')).toBe(0)
  })

  test('an unknown future status is waited for and named', async () => {
    image('future', [{ status: 'QUANTUM_SCANNING' }, sampleState(loadSample('basic-complete'))])
    const run = await gate({ 'repository-name': 'future', 'image-tag': 'v1' })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/::warning::ECR reported scan status QUANTUM_SCANNING/)
  })

  test.each(['FAILED', 'UNSUPPORTED_IMAGE', 'SCAN_ELIGIBILITY_EXPIRED', 'FINDINGS_UNAVAILABLE', 'LIMIT_EXCEEDED', 'IMAGE_ARCHIVED'])(
    '%s ends the wait at once with ECR\'s description and what to do',
    async (status) => {
      image(`terminal-${status.toLowerCase().replace(/_/g, '-')}`, { status, description: `ECR description for ${status}` })
      const run = await gate({ 'repository-name': `terminal-${status.toLowerCase().replace(/_/g, '-')}`, 'image-tag': 'v1' })
      expect(run.code).toBe(1)
      expect(run.outputs).toMatchObject({ result: 'fail', 'scan-status': status })
      expect(run.stdout).toMatch(new RegExp(`::error::The ECR scan of .* ended with status ${status} \\("ECR description for ${status}"\\)\\. \\w`))
      expect(describeCalls()).toBe(1)
      expectNoStack(run)
    }
  )

  test('the wait times out at wait-timeout, not one interval short, and reports the last status', async () => {
    image('slow', { status: 'IN_PROGRESS' })
    // One interval short would end near 1.5 s after the first poll, at wait-timeout near 2 s: the bound between them
    // leaves a quarter second either way for the client's set-up before the first poll.
    const run = await gate({ 'repository-name': 'slow', 'image-tag': 'v1', 'wait-timeout': '2', 'poll-interval': '0.5' })
    expect(run.code).toBe(1)
    expect(run.outputs).toMatchObject({ result: 'fail', 'scan-status': 'IN_PROGRESS' })
    expect(run.stdout).toMatch(/::error::Timed out waiting for the ECR scan of slow:v1.*last status was IN_PROGRESS/)
    const times = server.requests.map((r) => r.at)
    const span = (times.at(-1) ?? 0) - (times[0] ?? 0)
    expect(span).toBeGreaterThanOrEqual(1750)
    expect(span).toBeLessThan(3000)
    expectNoStack(run)
  })
})

describe('an image index (docker/build-push-action pushes one by default)', () => {
  const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'

  test('ends the run at once, undecided, saying why no scan will come and what to change', async () => {
    image('index', { notFound: true }, { manifestMediaType: OCI_INDEX })
    const run = await gate({ 'repository-name': 'index', 'image-tag': 'v1', 'wait-timeout': '600', 'poll-interval': '5' })
    expect(run.code).toBe(1)
    expect(run.ms).toBeLessThan(60_000)
    expect(run.outputs).toMatchObject({ result: 'fail', 'scan-status': 'SCAN_NOT_FOUND' })
    expect(run.stdout).toMatch(
      /::error::ECR cannot scan index:v1 in .*: it is an image index \(application\/vnd\.oci\.image\.index\.v1\+json\).* build one platform with provenance: false .* name a platform's image by its digest/
    )
    expect(run.summary).toMatch(/could not decide for index:v1/)
    expect(run.summary).toMatch(/it is an image index/)
    expect(server.requests.map((r) => r.op)).toEqual(['DescribeImageScanFindings', 'DescribeImages'])
    expectNoStack(run)
  })

  test('without ecr:DescribeImages, start-scan learns it from ECR refusing to scan an index', async () => {
    image('index-start', { notFound: true }, { manifestMediaType: OCI_INDEX })
    server.denyAll('AccessDeniedException', undefined, ['DescribeImages'])
    const run = await gate({ 'repository-name': 'index-start', 'image-tag': 'v1', 'wait-timeout': '600', 'poll-interval': '5', 'start-scan': 'true' })
    expect(run.code).toBe(1)
    expect(run.ms).toBeLessThan(60_000)
    expect(run.stdout).toMatch(/::error::ECR cannot scan index-start:v1 in .*: it is an image index \(application\/vnd\.oci\.image\.index\.v1\+json\)/)
    expectNoStack(run)
  })

  test('a DescribeImages that never answers holds neither the wait nor the exit of a plain image', async () => {
    image('index-hang', [{ notFound: true }, sampleState(loadSample('basic-complete'))])
    server.onRequest = (request) => {
      if (request.op === 'DescribeImages') server.failNext(1, { hang: true })
    }
    try {
      const run = await gate({ 'repository-name': 'index-hang', 'image-tag': 'v1', 'wait-timeout': '60', 'request-timeout': '20', 'poll-interval': '0.05' })
      expect(run.code).toBe(0)
      expect(run.outputs.result).toBe('pass')
      // Waiting for it, or for its request to time out before exiting, would take 20 s.
      expect(run.ms).toBeLessThan(5_000)
    } finally {
      server.onRequest = undefined
    }
  })

  test('without ecr:DescribeImages or start-scan, the timeout names the image index as a likely cause', async () => {
    image('index-denied', { notFound: true }, { manifestMediaType: OCI_INDEX })
    server.denyAll('AccessDeniedException', undefined, ['DescribeImages'])
    const run = await gate({ 'repository-name': 'index-denied', 'image-tag': 'v1', 'wait-timeout': '1', 'poll-interval': '0.2' })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::Timed out waiting for the ECR scan of index-denied:v1.*If the tag names an image index .*; or grant ecr:DescribeImages, so that the gate can tell at once\.$/m)
    expect(server.count('DescribeImages')).toBe(1)
  })
})

describe('start-scan', () => {
  test('starts one scan when none exists, then waits for it', async () => {
    image('start-ok', { notFound: true }, {
      startScan: 'ok',
      scanAfterStart: [{ status: 'IN_PROGRESS' }, sampleState(loadSample('basic-complete'))]
    })
    const run = await gate({ 'repository-name': 'start-ok', 'image-tag': 'v1', 'start-scan': 'true' })
    expect(run.code).toBe(0)
    expect(server.count('StartImageScan')).toBe(1)
    expect(run.outputs['scan-status']).toBe('COMPLETE')
  })

  test.each([
    ['enhanced', /enhanced scanning \(Amazon Inspector\), which scans on its own/],
    ['limit', /one basic scan per image every 24 hours/]
  ] as const)('StartImageScan answering %s is explained and the wait goes on', async (behaviour, notice) => {
    image(`start-${behaviour}`, [{ notFound: true }, { notFound: true }, sampleState(loadSample('enhanced-active-awsdocs'))], { startScan: behaviour })
    const run = await gate({ 'repository-name': `start-${behaviour}`, 'image-tag': 'v1', 'start-scan': 'true' })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(notice)
    expect(server.count('StartImageScan')).toBe(1)
  })
})

describe('reading every finding', () => {
  test('2,500 basic findings over 3 pages: calls equal the floor ceil(N/1000)', async () => {
    const findings = makeBasicFindings(2500)
    image('many-basic', { status: 'COMPLETE', findings })
    const run = await gate({ 'repository-name': 'many-basic', 'image-tag': 'v1', 'severity-threshold': 'NONE' })
    expect(run.code).toBe(0)
    expect(run.outputs.total).toBe('2500')
    expect(describeCalls()).toBe(3)
    expect(server.requests.every((r) => r.body.maxResults === 1000)).toBe(true)
    const sum = ['critical', 'high', 'medium', 'low', 'informational', 'untriaged'].reduce((n, k) => n + Number(run.outputs[k]), 0)
    expect(sum).toBe(2500)
  })

  test('many blocking findings: 9 finding errors plus the step failure, the 10 errors GitHub shows, and a totals notice', async () => {
    image('many-blocking', { status: 'COMPLETE', findings: makeBasicFindings(1200) })
    const run = await gate({ 'repository-name': 'many-blocking', 'image-tag': 'v1', 'severity-threshold': 'LOW' })
    expect(run.code).toBe(1)
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error'))
    expect(errors).toHaveLength(10)
    expect(errors.at(-1)).toMatch(/::error::ecr-scan-gate: \d+ finding\(s\) break the policy/)
    expect(run.stdout).toMatch(/::notice title=ECR scan gate::Fail: 1200 findings .* more blocking findings than the 9 annotated/)
  })

  test('1,050 enhanced findings come 100 a page: 11 calls, all read', async () => {
    image('many-enhanced', { status: 'ACTIVE', enhancedFindings: makeEnhancedFindings(1050, { imageDigest: DIGEST, repositoryName: 'many-enhanced' }) })
    const run = await gate({ 'repository-name': 'many-enhanced', 'image-tag': 'v1', 'severity-threshold': 'NONE' })
    expect(run.code).toBe(0)
    expect(Number(run.outputs.total) + Number(run.outputs.suppressed)).toBe(1050)
    expect(describeCalls()).toBe(11)
  })

  test('a scan holding both kinds is read whole, whichever list a later page carries', async () => {
    const enhancedFindings = makeEnhancedFindings(250, { imageDigest: DIGEST, repositoryName: 'mixed' })
    image('mixed', { status: 'COMPLETE', findings: makeBasicFindings(1500), enhancedFindings })
    const run = await gate({ 'repository-name': 'mixed', 'image-tag': 'v1', 'severity-threshold': 'NONE' })
    expect(run.stdout).not.toMatch(/::error/)
    expect(run.code).toBe(0)
    expect(Number(run.outputs.total) + Number(run.outputs.suppressed)).toBe(1750)
    expect(describeCalls()).toBe(5)
  })

  test('the ignore input reports findings without letting them block', async () => {
    image('ignored', sampleState(loadSample('enhanced-active-awsdocs')))
    const run = await gate({ 'repository-name': 'ignored', 'image-tag': 'v1', 'severity-threshold': 'HIGH', ignore: 'CVE-2099-1,\nCVE-2022-49043' })
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({ result: 'pass', ignored: '1', blocking: '0', high: '1' })
  })

  test('only-fixed: an enhanced finding without a fix does not block', async () => {
    image('only-fixed', sampleState(loadSample('enhanced-active-awsdocs')))
    const run = await gate({ 'repository-name': 'only-fixed', 'image-tag': 'v1', 'severity-threshold': 'HIGH', 'only-fixed': 'true' })
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({ result: 'pass', blocking: '0' })
  })

  test('only-fixed with basic findings: they keep blocking, and the log and the summary say why', async () => {
    image('only-fixed-basic', sampleState(loadSample('basic-complete')))
    const run = await gate({ 'repository-name': 'only-fixed-basic', 'image-tag': 'v1', 'severity-threshold': 'LOW', 'only-fixed': 'true', annotations: 'false' })
    expect(run.code).toBe(1)
    const why = /only-fixed is true, but \d+ blocking findings? comes? from basic scanning, which gives no fix data/
    expect(run.stdout).toMatch(new RegExp(`::warning::${why.source}`))
    expect(run.summary).toMatch(why)
  })

  test('a full image reference sets registry, region, repository and tag', async () => {
    server.addRepository('team/app', '210987654321')
    server.setImage({ registryId: '210987654321', repositoryName: 'team/app', imageTag: 'release-1', imageDigest: DIGEST, scan: sampleState(loadSample('basic-complete')) })
    const run = await gate({ image: '210987654321.dkr.ecr.eu-central-1.amazonaws.com/team/app:release-1' })
    expect(run.code).toBe(0)
    expect(run.outputs['image-digest']).toBe(DIGEST)
    const request = server.requests[0]
    expect(request?.region).toBe('eu-central-1')
    expect(request?.body).toMatchObject({ registryId: '210987654321', repositoryName: 'team/app', imageId: { imageTag: 'release-1' } })
  })
})

describe('settling, with the default settle-window (300 s)', () => {
  const SETTLE = { 'settle-window': '300', 'poll-interval': '0.05' }

  // Findings of an image pushed a minute ago, as Inspector dates them.
  function pushedJustNow(findings: ReturnType<typeof makeEnhancedFindings>): ReturnType<typeof makeEnhancedFindings> {
    const pushedAt = Math.floor(Date.now() / 1000) - 60
    return findings.map((f) => ({
      ...f,
      resources: f.resources?.map((r) => ({ ...r, details: { awsEcrContainerImage: { ...r.details?.awsEcrContainerImage, pushedAt } } }))
    }))
  }

  test('a fresh push whose CRITICAL finding arrives after the first read is read again and fails', async () => {
    const all = pushedJustNow(makeEnhancedFindings(40, { imageDigest: DIGEST, repositoryName: 'fresh' }))
    const critical = all.filter((f) => f.severity === 'CRITICAL')
    const early = all.filter((f) => f.severity !== 'CRITICAL')
    expect(critical.length).toBeGreaterThan(0)
    image('fresh', [{ status: 'ACTIVE', enhancedFindings: early }, { status: 'ACTIVE', enhancedFindings: all }])
    const run = await gate({ 'repository-name': 'fresh', 'image-tag': 'v1', ...SETTLE })
    expect(run.code).toBe(1)
    expect(run.outputs).toMatchObject({ result: 'fail', total: '40', critical: String(critical.length) })
    expect(run.stdout).toMatch(/Settling: the enhanced scan is fresh: the image was pushed \d+(\.\d)? s before this run began/)
    expect(run.stdout).toMatch(/Settling: done after 3 reads .*findings per read: \d+ -> 40 -> 40/)
    expect(describeCalls()).toBe(3)
  })

  test('a fresh scan that also lists basic findings (page one holds only those) is settled just the same', async () => {
    const all = pushedJustNow(makeEnhancedFindings(40, { imageDigest: DIGEST, repositoryName: 'fresh-mixed' }))
    const critical = all.filter((f) => f.severity === 'CRITICAL')
    const early = all.filter((f) => f.severity !== 'CRITICAL')
    const basic = [{ name: 'CVE-2026-0100', severity: 'LOW', attributes: [{ key: 'package_name', value: 'tar' }] }]
    image('fresh-mixed', [
      { status: 'ACTIVE', findings: basic, enhancedFindings: early },
      { status: 'ACTIVE', findings: basic, enhancedFindings: all }
    ])
    const run = await gate({ 'repository-name': 'fresh-mixed', 'image-tag': 'v1', ...SETTLE })
    expect(run.code).toBe(1)
    expect(run.outputs).toMatchObject({ result: 'fail', total: '41', critical: String(critical.length) })
    expect(run.stdout).toMatch(/Settling: the enhanced scan is fresh/)
  })

  test("finding text in a settling log line cannot issue the runner's old `##[command]` form", async () => {
    // A re-read whose second page repeats a finding of page one is logged with the finding's id: here a command in the old form,
    // which the runner reads anywhere in a line, not only at its start.
    const [first, ...rest] = pushedJustNow(makeEnhancedFindings(101, { imageDigest: DIGEST, repositoryName: 'old-command' }))
    const repeated = { ...first!, packageVulnerabilityDetails: { ...first!.packageVulnerabilityDetails, vulnerabilityId: '##[set-output name=injected;]yes' } }
    const all = [repeated, ...rest]
    image('old-command', [{ status: 'ACTIVE', enhancedFindings: all.slice(0, 1) }, { status: 'ACTIVE', enhancedFindings: [...all.slice(0, 100), repeated] }, { status: 'ACTIVE', enhancedFindings: all }])
    const run = await gate({ 'repository-name': 'old-command', 'image-tag': 'v1', ...SETTLE })
    expect(run.stdout).toMatch(/Settling: page 2 of the findings listed ## \[set-output name=injected;\]yes/)
    expect(run.stdout).not.toContain('##[')
  })

  test('a CRITICAL finding that a later read loses still fails the step, and the summary says why', async () => {
    const all = pushedJustNow(makeEnhancedFindings(40, { imageDigest: DIGEST, repositoryName: 'vanishing' }))
    const critical = all.filter((f) => f.severity === 'CRITICAL')
    image('vanishing', [{ status: 'ACTIVE', enhancedFindings: all }, { status: 'ACTIVE', enhancedFindings: all.filter((f) => f.severity !== 'CRITICAL') }])
    const run = await gate({ 'repository-name': 'vanishing', 'image-tag': 'v1', ...SETTLE })
    expect(run.code).toBe(1)
    expect(run.outputs).toMatchObject({ result: 'fail', total: '40', critical: String(critical.length) })
    expect(run.stdout).toMatch(/^::warning::Settling: \d+ findings? that an earlier read .* missing from the last read/m)
    expect(run.summary).toMatch(/missing from the last read/)
  })

  test('the premature empty answer of aws/aws-sdk#289 until wait-timeout: undecided, never a pass', async () => {
    // COMPLETE with an empty list and no timestamps or counts: the shape that must settle before it can clear an image.
    const premature = { status: 'COMPLETE', findings: [], imageScanCompletedAt: undefined, vulnerabilitySourceUpdatedAt: undefined, findingSeverityCounts: undefined }
    image('premature', premature)
    // Two such reads agree only 6 poll-intervals (3 s) apart: more than wait-timeout leaves.
    const run = await gate({ 'repository-name': 'premature', 'image-tag': 'v1', ...SETTLE, 'poll-interval': '0.5', 'wait-timeout': '1' })
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('fail')
    expect(run.outputs.total).toBeUndefined()
    expect(run.stdout).toMatch(
      /^::error::The findings of the scan whose first answer was empty and undated did not settle before wait-timeout ran out \(\d+ read\(s\).*No finding read so far breaks the policy, but more may still be arriving, so the gate cannot pass the image\. Raise wait-timeout \(two empty, undated reads agree only 6 poll-intervals apart\)/m
    )
    expect(run.summary).toMatch(/could not decide/i)
    expectNoStack(run)
  })

  test('enhanced findings with no push time (the moto sample) are read once: the calls equal the floor', async () => {
    image('undated', sampleState(loadSample('enhanced-complete-untriaged-moto')))
    const run = await gate({ 'repository-name': 'undated', 'image-tag': 'v1', ...SETTLE })
    expect(run.outputs).toMatchObject({ result: 'pass', total: '2', untriaged: '1' })
    expect(describeCalls()).toBe(1)
    expect(run.stdout).toMatch(/Settling: not needed, the enhanced findings carry no push time/)
  })

  test('a scan seen in progress that completes clean is read once', async () => {
    image('clean', [{ status: 'IN_PROGRESS' }, { status: 'COMPLETE', findings: [] }])
    const run = await gate({ 'repository-name': 'clean', 'image-tag': 'v1', ...SETTLE })
    expect(run.code).toBe(0)
    expect(describeCalls()).toBe(2)
  })
})

describe('faults and mistakes', () => {
  test('throttling and 5xx are ridden out by retries', async () => {
    image('flaky', sampleState(loadSample('basic-complete')))
    server.failNext(2, { type: 'ThrottlingException', message: 'Rate exceeded' })
    server.failNext(2, { type: 'ServerException', status: 503, message: 'busy' })
    const run = await gate({ 'repository-name': 'flaky', 'image-tag': 'v1' })
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('pass')
  })

  test('a missing repository names the repository and registry, without a stack trace', async () => {
    const run = await gate({ 'repository-name': 'no-such-repo', 'image-tag': 'v1', 'registry-id': '123456789012' })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::Repository no-such-repo does not exist in registry 123456789012 \(us-east-1\), so image no-such-repo:v1 cannot be gated/)
    expectNoStack(run)
  })

  test('a missing image names the tag and repository', async () => {
    server.addRepository('exists')
    const run = await gate({ 'repository-name': 'exists', 'image-tag': 'not-pushed' })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::Image exists:not-pushed in the default registry .* was not found/)
    expectNoStack(run)
  })

  test('access denied names the IAM action to grant', async () => {
    image('denied', sampleState(loadSample('basic-complete')))
    server.denyAll('AccessDeniedException', 'User: arn:aws:sts::123456789012:assumed-role/ci is not authorized to perform: ecr:DescribeImageScanFindings')
    const run = await gate({ 'repository-name': 'denied', 'image-tag': 'v1' })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::Access denied calling ecr:DescribeImageScanFindings .* Grant the role the IAM action ecr:DescribeImageScanFindings/)
    expectNoStack(run)
  })

  test.each([
    [{}, /Name the image/],
    [{ 'repository-name': 'app', 'image-tag': 'v1', 'severity-threshold': 'bad' }, /severity-threshold must be one of/],
    [{ 'repository-name': 'app', 'image-tag': 'v1', 'wait-timeout': 'soon' }, /wait-timeout must be a number of seconds/],
    // Past Node's 24.8-day timer limit a timer fires at once: the gate used to poll in a loop, or crash with a stack.
    [{ 'repository-name': 'app', 'image-tag': 'v1', 'wait-timeout': '2200000' }, /wait-timeout must be .* at most 432000/],
    [{ 'repository-name': 'app', 'image-tag': 'v1', 'request-timeout': '5000000' }, /request-timeout must be .* at most 3600/],
    [{ image: 'ghcr.io/octo/app:v1' }, /host "ghcr.io", which is not a private ECR registry. The gate reads Amazon ECR's scan findings/]
  ])('bad input %j fails before any AWS call, naming the input', async (withInputs, message) => {
    const run = await gate(withInputs)
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(message)
    expect(server.requests).toHaveLength(0)
    expectNoStack(run)
  })
  test('summary: false is honoured when another input is bad; a bad summary value itself still gets its summary', async () => {
    const quiet = await gate({ 'repository-name': 'app', 'image-tag': 'v1', 'wait-timeout': 'soon', summary: 'false' })
    expect(quiet.code).toBe(1)
    expect(quiet.summary).toBe('')
    const loud = await gate({ 'repository-name': 'app', 'image-tag': 'v1', summary: 'nope' })
    expect(loud.code).toBe(1)
    expect(loud.summary).toMatch(/could not decide/)
  })
})

// Node's agents read the proxy variables when asked from 24.5 on (what node24 gives); an older Node goes direct.
const [nodeMajor = 0, nodeMinor = 0] = process.versions.node.split('.').map(Number)
const agentsReadProxies = nodeMajor > 24 || (nodeMajor === 24 && nodeMinor >= 5)

describe('behind a proxy (a self-hosted runner)', () => {
  ;(agentsReadProxies ? test : test.skip)('ECR is reached through HTTP_PROXY, or a HTTPS_PROXY tunnel, and NO_PROXY goes around it', async () => {
    image('proxied', sampleState(loadSample('basic-complete')))
    const proxy = await startProxyServer()
    try {
      // The endpoint's host resolves nowhere: only the proxy, which sends every host to the loopback, reaches it.
      const endpoint = `http://ecr.proxied.test:${new URL(server.url).port}`
      const through = await gate({ 'repository-name': 'proxied', 'image-tag': 'v1' }, { AWS_ENDPOINT_URL_ECR: endpoint, HTTP_PROXY: proxy.url })
      expect(through.code).toBe(0)
      expect(through.outputs.result).toBe('pass')
      expect(proxy.asked.filter((line) => line.includes('ecr.proxied.test'))).toHaveLength(describeCalls())
      proxy.asked.length = 0
      // Loopback (LocalStack on the runner) never goes through the proxy, as in the Actions toolkit.
      const local = await gate({ 'repository-name': 'proxied', 'image-tag': 'v1' }, { AWS_ENDPOINT_URL_ECR: `http://localhost:${new URL(server.url).port}`, HTTP_PROXY: proxy.url })
      expect(local.code).toBe(0)
      expect(proxy.asked).toEqual([])
      // NO_PROXY's plain domain covers its subdomains, as in curl and the toolkit: this host then resolves nowhere.
      const around = await gate({ 'repository-name': 'proxied', 'image-tag': 'v1', 'wait-timeout': '1' }, { AWS_ENDPOINT_URL_ECR: endpoint, HTTP_PROXY: proxy.url, NO_PROXY: 'proxied.test' })
      expect(around.stdout).toMatch(/ENOTFOUND/)
      expect(proxy.asked).toEqual([])
      // ECR itself is https: through HTTPS_PROXY that is a tunnel. (The loopback ECR speaks no TLS, so the run fails.)
      const tls = { AWS_ENDPOINT_URL_ECR: endpoint.replace('http:', 'https:'), HTTPS_PROXY: proxy.url }
      const tunnelled = await gate({ 'repository-name': 'proxied', 'image-tag': 'v1', 'wait-timeout': '1' }, tls)
      expect(tunnelled.code).toBe(1)
      expect(proxy.asked[0]).toBe(`CONNECT ecr.proxied.test:${new URL(server.url).port}`)
    } finally {
      await proxy.close()
    }
  })

  ;(agentsReadProxies ? test : test.skip)('a proxy that never answers the tunnel costs wait-timeout, not the job: the step ends', async () => {
    const proxy = await startProxyServer({ hang: true })
    try {
      const started = Date.now()
      const run = await runAction(
        { ...FAST, 'repository-name': 'proxied', 'image-tag': 'v1', 'wait-timeout': '2', 'request-timeout': '1' },
        { env: { AWS_ENDPOINT_URL_ECR: 'https://ecr.proxied.test:443', HTTPS_PROXY: proxy.url }, timeoutMs: 60_000 }
      )
      // Before, the tunnel's socket outlived the abandoned request and held the process until it was killed.
      expect(run.signal).toBeNull()
      expect(Date.now() - started).toBeLessThan(15_000)
      expect(run.code).toBe(1)
      expect(run.stdout).toMatch(/::error::Timed out waiting for the ECR scan of proxied:v1/)
      expectNoStack(run)
    } finally {
      await proxy.close()
    }
  })

  ;(agentsReadProxies ? test : test.skip)('a proxy that wants other credentials (407) ends the run at once, naming HTTPS_PROXY, without a stack', async () => {
    const proxy = await startProxyServer({ refuse: 407 })
    try {
      const run = await gate({ 'repository-name': 'proxied', 'image-tag': 'v1' }, { AWS_ENDPOINT_URL_ECR: 'https://ecr.proxied.test:443', HTTPS_PROXY: proxy.url })
      expect(run.code).toBe(1)
      expect(run.stdout).toMatch(/::error::The proxy would not connect to ECR for ecr:DescribeImageScanFindings .*407.*Check the user name and password in HTTPS_PROXY/)
      expect(proxy.asked).toHaveLength(1)
      expectNoStack(run)
    } finally {
      await proxy.close()
    }
  })

  ;(agentsReadProxies ? test : test.skip)("a % in the proxy's password that starts no escape: the run goes on (Node threw building its agent)", async () => {
    image('proxied', sampleState(loadSample('basic-complete')))
    // LocalStack on the runner: never proxied, but the agent reads the proxy all the same when it is made.
    const run = await gate(
      { 'repository-name': 'proxied', 'image-tag': 'v1' },
      { AWS_ENDPOINT_URL_ECR: `http://localhost:${new URL(server.url).port}`, HTTPS_PROXY: 'http://corp:50%offSale!@127.0.0.1:9', HTTP_PROXY: 'http://corp:50%offSale!@127.0.0.1:9' }
    )
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('pass')
    expect(run.stderr).not.toMatch(/URIError/)
  })

  test('a proxy URL with an unencoded / in its password: a warning, ECR called directly, and the password nowhere', async () => {
    image('proxied', sampleState(loadSample('basic-complete')))
    const password = 'Pr0xyS3cretPass/x'
    const run = await gate(
      { 'repository-name': 'proxied', 'image-tag': 'v1', 'comment-on-pr': 'false' },
      { HTTPS_PROXY: `http://corp:${password}@127.0.0.1:9`, HTTP_PROXY: `http://corp:${password}@127.0.0.1:9` }
    )
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/::warning::HTTPS_PROXY is set but is no http\(s\) URL the gate can use/)
    const report = readFileSync(join(run.workdir, run.outputs['report-file'] ?? ''), 'utf8')
    for (const text of [run.stdout.replace(/^::add-mask::.*$/gm, ''), run.stderr, run.summary, report]) expect(text).not.toContain('S3cret')
    // Registered with the runner, which masks it wherever a later step prints it.
    expect(run.stdout).toContain(`::add-mask::${password}`)
  })
})

describe('the bundle', () => {
  test.each([
    ['missing the chunks that hold the gate', /Cannot find module .*\d+\.index\.js/, (copy: string, chunks: string[]) => {
      expect(chunks.length).toBeGreaterThan(0)
      for (const chunk of chunks) rmSync(join(copy, chunk))
    }],
    ['whose gate chunk throws as it loads', /Error: the gate chunk is broken/, (copy: string, chunks: string[]) => {
      const gateChunks = chunks.filter((chunk) => readFileSync(join(copy, chunk), 'utf8').includes('ecr-scan-gate did not decide'))
      expect(gateChunks).toHaveLength(1)
      writeFileSync(join(copy, gateChunks[0] as string), "throw new Error('the gate chunk is broken')\n")
    }]
  ])('a copy of the bundle %s fails the step with its error, as any uncaught error would; it never passes', async (_, error, breakCopy) => {
    const copy = mkdtempSync(join(tmpdir(), 'ecr-scan-gate-dist-'))
    cpSync(dirname(bundlePath), copy, { recursive: true })
    breakCopy(copy, bundleChunks(join(copy, 'index.js')))
    image('no-chunks', sampleState(loadSample('basic-complete')))
    const run = await runAction(
      { ...FAST, 'repository-name': 'no-chunks', 'image-tag': 'v1' },
      { bundle: join(copy, 'index.js'), env: { AWS_ENDPOINT_URL_ECR: server.url } }
    ).finally(() => rmSync(copy, { recursive: true, force: true }))
    expect(run.signal).toBeNull()
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(error)
    expect(run.outputs.result).toBeUndefined()
    expect(server.requests).toHaveLength(0)
    expect(run.ms).toBeLessThan(5_000)
  })

  test('licenses.txt names every runtime dependency, whichever chunk of the bundle carries it', () => {
    const dependencies = Object.keys(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).dependencies)
    const named = new Set(readFileSync(join(dirname(bundlePath), 'licenses.txt'), 'utf8').split('\n'))
    expect(dependencies.filter((name) => !named.has(name))).toEqual([])
  })
})
