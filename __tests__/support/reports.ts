// GateReports for the reporter tests: findings normalised from the real samples (or made up), decided by the real
// policy, so the summary, annotations and comment are tested on what the action would hand them.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Finding, fromBasic, fromEnhanced } from '../../src/finding.js'
import { type Policy, decide } from '../../src/policy.js'
import type { GateReport } from '../../src/report.js'

const samples = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'samples')
/** The day the tests decide on, so expiry and the golden files never depend on the clock. */
export const NOW = new Date('2025-07-01T12:00:00Z')

/** A policy blocking HIGH and above, with any field overridden. */
export function makePolicy(overrides: Partial<Policy> = {}): Policy {
  return { severityThreshold: 'HIGH', onlyFixed: false, blockExploitable: false, minScore: undefined, max: {}, ignore: [], ...overrides }
}

/** An enhanced finding with plausible values, any field overridden. */
export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  const packageName = overrides.packageName ?? 'openssl'
  const packageVersion = overrides.packageVersion ?? '3.0.11-1'
  const fixedInVersion = overrides.fixedInVersion ?? '3.0.13-1'
  const id = overrides.id ?? 'CVE-2024-0001'
  return {
    kind: 'enhanced',
    id,
    severity: 'HIGH',
    rawSeverity: overrides.severity ?? 'HIGH',
    title: `${id} - ${packageName}`,
    description: 'A flaw.',
    link: `https://nvd.nist.gov/vuln/detail/${id}`,
    packageName,
    packageVersion,
    fixedInVersion,
    packages: [{ name: packageName, version: packageVersion, fixedInVersion, filePath: '', packageManager: 'OS' }],
    fixAvailable: fixedInVersion ? 'YES' : 'NO',
    exploitAvailable: 'NO',
    score: 7.5,
    vector: '',
    inspectorStatus: 'ACTIVE',
    findingArn: '',
    ...overrides
  }
}

/** A decided report for these findings, with report fields overridden. */
export function makeReport(
  findings: readonly Finding[],
  policy: Policy = makePolicy(),
  extra: Partial<GateReport> & { baselineKeys?: ReadonlySet<string> } = {}
): GateReport {
  const { baselineKeys, ...fields } = extra
  return {
    target: { repositoryName: 'sample-repo', imageTag: 'v1.2.3', region: 'us-east-1', registryId: '012345678910' },
    imageDigest: 'sha256:74b2c688c700ec95a93e478cdb959737c148df3fbf5ea706abe0318726e885e6',
    scanStatus: 'COMPLETE',
    policy,
    verdict: decide(findings, policy, { now: NOW, baseline: baselineKeys }),
    warnings: [],
    ...fields
  }
}

interface Sample {
  repositoryName: string
  registryId: string
  imageId: { imageDigest?: string; imageTag?: string }
  imageScanStatus: { status: string }
  imageScanFindings: {
    findings?: unknown[]
    enhancedFindings?: unknown[]
    imageScanCompletedAt?: number | string
    vulnerabilitySourceUpdatedAt?: number | string
  }
}

function toDate(value: number | string | undefined): Date | undefined {
  if (value === undefined) return undefined
  return new Date(typeof value === 'number' ? value * 1000 : value)
}

/** The findings of a sample in samples/, normalised. */
export function sampleFindings(name: string): { sample: Sample; findings: Finding[] } {
  const sample = JSON.parse(readFileSync(join(samples, `${name}.json`), 'utf8')) as Sample
  const findings = [
    ...(sample.imageScanFindings.findings ?? []).map(fromBasic),
    ...(sample.imageScanFindings.enhancedFindings ?? []).map(fromEnhanced)
  ]
  return { sample, findings }
}

/** A decided report for a sample in samples/, as the action would build it. */
export function sampleReport(name: string, policy: Policy = makePolicy(), extra: Parameters<typeof makeReport>[2] = {}): GateReport {
  const { sample, findings } = sampleFindings(name)
  return makeReport(findings, policy, {
    target: {
      repositoryName: sample.repositoryName,
      imageTag: sample.imageId.imageTag,
      registryId: sample.registryId,
      region: 'us-east-1'
    },
    imageDigest: sample.imageId.imageDigest ?? '',
    scanStatus: sample.imageScanStatus.status,
    scanCompletedAt: toDate(sample.imageScanFindings.imageScanCompletedAt),
    vulnerabilitySourceUpdatedAt: toDate(sample.imageScanFindings.vulnerabilitySourceUpdatedAt),
    ...extra
  })
}
