import { DescribeImageScanFindingsCommand, ECRClient, type FindingSeverity } from '@aws-sdk/client-ecr'
import { mockClient } from 'aws-sdk-client-mock'
import { createEcrClient, readAllFindings, severityCountMismatch } from '../src/ecr.js'

const ecr = mockClient(ECRClient)
const client = new ECRClient({ region: 'us-east-1' })
const target = { repositoryName: 'app', imageTag: 'v1', region: 'us-east-1' }

const basic = (i: number) => ({ name: `CVE-2026-${i}`, severity: 'HIGH' as FindingSeverity, attributes: [{ key: 'package_name', value: `pkg${i}` }] })
const enhanced = (i: number) => ({
  severity: 'CRITICAL',
  status: 'ACTIVE',
  packageVulnerabilityDetails: { vulnerabilityId: `CVE-2025-${i}`, vulnerablePackages: [{ name: `lib${i}`, version: '1' }] }
})

beforeEach(() => ecr.reset())

test('reads every page after the first, reusing the page the wait already holds', async () => {
  const firstPage = {
    $metadata: {},
    imageScanStatus: { status: 'COMPLETE' as const },
    imageScanFindings: { findings: [basic(1), basic(2)], findingSeverityCounts: { HIGH: 3, CRITICAL: 2 } },
    nextToken: 't1'
  }
  ecr
    .on(DescribeImageScanFindingsCommand, { nextToken: 't1' })
    .resolves({ imageScanFindings: { findings: [basic(3)], enhancedFindings: [enhanced(1)] }, nextToken: 't2' })
    .on(DescribeImageScanFindingsCommand, { nextToken: 't2' })
    .resolves({ imageScanFindings: { enhancedFindings: [enhanced(2)] } })
  const scan = await readAllFindings(client, target, firstPage)
  expect(scan.pages).toBe(3)
  expect(scan.findings.map((f) => `${f.kind}:${f.id}`)).toEqual([
    'basic:CVE-2026-1',
    'basic:CVE-2026-2',
    'basic:CVE-2026-3',
    'enhanced:CVE-2025-1',
    'enhanced:CVE-2025-2'
  ])
  const calls = ecr.commandCalls(DescribeImageScanFindingsCommand).map((c) => c.args[0].input)
  expect(calls).toHaveLength(2)
  expect(calls.every((input) => input.maxResults === 1000)).toBe(true)
  expect(severityCountMismatch(scan)).toBeUndefined()
})

test('warns when the findings read disagree with findingSeverityCounts', async () => {
  const scan = await readAllFindings(client, target, {
    $metadata: {},
    imageScanFindings: { findings: [basic(1)], findingSeverityCounts: { HIGH: 2 } }
  })
  expect(severityCountMismatch(scan)).toMatch(/HIGH: read 1, ECR counts 2/)
})

test('suppressed findings are not held against ECR counts, which leave them out', async () => {
  const scan = await readAllFindings(client, target, {
    $metadata: {},
    imageScanFindings: { enhancedFindings: [enhanced(1), { ...enhanced(2), status: 'SUPPRESSED' }], findingSeverityCounts: { CRITICAL: 1 } }
  })
  expect(severityCountMismatch(scan)).toBeUndefined()
})

test('the client is built with more attempts than the SDK default and standard retries', async () => {
  const built = createEcrClient({ region: 'eu-west-1', requestTimeoutMs: 1234 })
  expect(await built.config.maxAttempts()).toBeGreaterThan(3)
  const strategy = await built.config.retryStrategy()
  expect((strategy as { mode?: string }).mode).toBe('standard')
  expect(await built.config.region()).toBe('eu-west-1')
})
