import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fromBasic, fromEnhanced, normaliseSeverity, unknownSeverityWarning } from '../src/finding.js'
import { repoRoot } from './support/run-action.js'

function sample(name: string): { imageScanFindings: { findings?: unknown[]; enhancedFindings?: unknown[] } } {
  return JSON.parse(readFileSync(join(repoRoot, '__tests__', 'fixtures', 'samples', `${name}.json`), 'utf8'))
}

test('a basic finding keeps package, CVSS and link', () => {
  const [raw] = sample('basic-complete').imageScanFindings.findings ?? []
  expect(fromBasic(raw)).toMatchObject({
    kind: 'basic',
    id: 'CVE-2019-5188',
    severity: 'MEDIUM',
    title: 'CVE-2019-5188 - e2fsprogs',
    link: 'http://people.ubuntu.com/~ubuntu-security/cve/CVE-2019-5188',
    packageName: 'e2fsprogs',
    packageVersion: '1.44.1-1ubuntu1.1',
    fixAvailable: 'UNKNOWN',
    score: 4.6,
    vector: 'AV:L/AC:L/Au:N/C:P/I:P/A:P'
  })
})

test('an enhanced finding keeps fix, exploit, score, vector and Inspector status', () => {
  const [raw] = sample('enhanced-active-awsdocs').imageScanFindings.enhancedFindings ?? []
  expect(fromEnhanced(raw)).toMatchObject({
    kind: 'enhanced',
    id: 'CVE-2022-49043',
    severity: 'HIGH',
    title: 'CVE-2022-49043 - libxml2',
    link: 'https://security-tracker.debian.org/tracker/CVE-2022-49043',
    packageName: 'libxml2',
    packageVersion: '2.9.14+dfsg-1.3~deb12u1',
    fixedInVersion: '',
    fixAvailable: 'NO',
    exploitAvailable: 'NO',
    score: 8.1,
    vector: 'CVSS:3.1/AV:L/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H',
    inspectorStatus: 'ACTIVE'
  })
})

test.each([
  ['closed', 'CLOSED'],
  ['Suppressed', 'SUPPRESSED'],
  // Unicode's upper case turns the long s into S: ASCII letters only, so this stays a status nobody suppressed.
  ['ſuppressed', 'ſUPPRESSED']
])('Inspector status %j reads as %j', (status, expected) => {
  expect(fromEnhanced({ status, severity: 'CRITICAL', packageVulnerabilityDetails: { vulnerabilityId: 'CVE-1' } }).inspectorStatus).toBe(expected)
})

test('an UNTRIAGED enhanced finding with score 0 has no score rather than a zero', () => {
  const raw = (sample('enhanced-complete-untriaged-moto').imageScanFindings.enhancedFindings ?? [])[1]
  expect(fromEnhanced(raw)).toMatchObject({ id: 'CVE-2025-24528', severity: 'UNTRIAGED', score: undefined })
})

test('without an Inspector score, the highest CVSS entry gives the score and vector, not the first (a lower CVSS 2)', () => {
  const raw = {
    severity: 'CRITICAL',
    packageVulnerabilityDetails: {
      vulnerabilityId: 'CVE-1',
      cvss: [
        { version: '2.0', baseScore: 5.0, scoringVector: 'AV:N/AC:L/Au:N/C:P/I:N/A:N' },
        { version: '3.1', baseScore: 9.8, scoringVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }
      ]
    }
  }
  expect(fromEnhanced(raw)).toMatchObject({ score: 9.8, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' })
})

test('a basic CVSS score of 0.0 reads as unknown, as for enhanced findings, so min-score cannot exempt it', () => {
  const raw = { name: 'CVE-1', severity: 'CRITICAL', attributes: [{ key: 'CVSS3_SCORE', value: '0.0' }, { key: 'CVSS2_SCORE', value: '7.5' }] }
  expect(fromBasic(raw).score).toBe(7.5)
  expect(fromBasic({ ...raw, attributes: [{ key: 'CVSS3_SCORE', value: '0.0' }] }).score).toBeUndefined()
})

test('a basic finding scores by CVSS3 over CVSS2, and takes the vector of the score it took', () => {
  const raw = {
    name: 'CVE-1',
    severity: 'CRITICAL',
    attributes: [
      { key: 'CVSS2_SCORE', value: '5.0' },
      { key: 'CVSS2_VECTOR', value: 'AV:N/AC:L/Au:N/C:P/I:N/A:N' },
      { key: 'CVSS3_SCORE', value: '9.8' },
      { key: 'CVSS3_VECTOR', value: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }
    ]
  }
  expect(fromBasic(raw)).toMatchObject({ score: 9.8, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' })
})

test('Inspector\'s own score comes before its CVSS details; a score outside 0-10 is no score', () => {
  const raw = { severity: 'HIGH', score: 6.5, scoreDetails: { cvss: { score: 9.8 } }, packageVulnerabilityDetails: { vulnerabilityId: 'CVE-1' } }
  expect(fromEnhanced(raw).score).toBe(6.5)
  expect(fromEnhanced({ ...raw, score: -1 }).score).toBe(9.8)
  expect(fromEnhanced({ ...raw, score: 11, scoreDetails: {} }).score).toBeUndefined()
  expect(fromBasic({ name: 'CVE-1', attributes: [{ key: 'CVSS3_SCORE', value: '-2' }] }).score).toBeUndefined()
})

test('enhanced severity, fix and exploit read whatever their case and padding', () => {
  const raw = { severity: ' critical ', fixAvailable: 'no', exploitAvailable: 'yes', packageVulnerabilityDetails: { vulnerabilityId: 'CVE-1' } }
  expect(fromEnhanced(raw)).toMatchObject({ severity: 'CRITICAL', fixAvailable: 'NO', exploitAvailable: 'YES' })
  expect(fromEnhanced({ ...raw, fixAvailable: 'Partial' }).fixAvailable).toBe('PARTIAL')
})

test('an enhanced finding without a vulnerability id takes it from its title; fixed-in drops the default epoch', () => {
  const raw = {
    title: 'CVE-2026-7 - openssl',
    findingArn: 'arn:aws:inspector2:us-east-1:123456789012:finding/abc',
    packageVulnerabilityDetails: { vulnerablePackages: [{ name: 'openssl', version: '3.0', fixedInVersion: '0:3.0.1-1' }] }
  }
  expect(fromEnhanced(raw)).toMatchObject({ id: 'CVE-2026-7', fixedInVersion: '3.0.1-1' })
  expect(fromEnhanced({ ...raw, title: '' }).id).toBe('arn:aws:inspector2:us-east-1:123456789012:finding/abc')
})

test.each([null, undefined, 42, 'text', [], { packageVulnerabilityDetails: 'nope', severity: 7, attributes: 'x' }])(
  'hostile shapes never throw: %p',
  (raw) => {
    expect(fromBasic(raw).severity).toBe('UNTRIAGED')
    expect(fromEnhanced(raw).packages).toEqual([])
  }
)

test.each([
  ['critical', 'CRITICAL'],
  ['UNDEFINED', 'UNTRIAGED'],
  ['SOMETHING_NEW', 'UNTRIAGED']
])('severity %p normalises to %p', (raw, expected) => {
  expect(normaliseSeverity(raw)).toBe(expected)
})

test('a giant description is held only up to a cap every reporter still sees as cut', async () => {
  const { renderReport } = await import('../src/report-file.js')
  const { makePolicy, makeReport } = await import('./support/reports.js')
  const raw = { name: 'CVE-2024-0001', severity: 'HIGH', description: `${'D'.repeat(2_000_000)}\ud800` }
  const finding = fromBasic(raw)
  expect(finding.description.length).toBeLessThan(50_000)
  expect(finding.description.length).toBeGreaterThan(32_768)
  const [line] = renderReport(makeReport([finding], makePolicy())).split('\n').filter((l) => l.includes('CVE-2024-0001'))
  const reported = JSON.parse((line ?? '').trim().replace(/,$/, '')) as { description: string }
  expect(reported.description).toBe(`${'D'.repeat(32_767)}…`)
})

test('basic findings of one package get equal package lists that cannot be changed in place', () => {
  const raw = (id: string): unknown => ({
    name: id,
    severity: 'LOW',
    attributes: [
      { key: 'package_name', value: `lib${'x'.repeat(3)}` },
      { key: 'package_version', value: '1.0' }
    ]
  })
  const a = fromBasic(raw('CVE-2024-0001'))
  const b = fromBasic(raw('CVE-2024-0002'))
  expect(a.packages).toEqual([{ name: 'libxxx', version: '1.0', fixedInVersion: '', filePath: '', packageManager: '' }])
  expect(b.packages).toEqual(a.packages)
  expect(() => (a.packages as { name: string }[]).push({ name: 'other' })).toThrow(TypeError)
  expect(b.packages).toHaveLength(1)
})

test('severities ECR does not define are named in one warning, as harmless tokens, at most five of them', () => {
  const withSeverity = (...severities: unknown[]) => severities.map((severity, i) => fromBasic({ name: `CVE-1-${i}`, severity }))
  expect(unknownSeverityWarning(withSeverity('CRITICAL', 'high', ' Low ', 'UNDEFINED', 'untriaged', 'INFORMATIONAL', 'MEDIUM'))).toBeUndefined()
  expect(unknownSeverityWarning(withSeverity('SEVERE', 'severe', 'HIGH', undefined))).toBe(
    '3 findings carry a severity ECR does not define ("SEVERE": 2, none: 1); each counts as UNTRIAGED, which severity-threshold blocks only at UNTRIAGED.'
  )
  expect(unknownSeverityWarning(withSeverity('CRIT\u0410L\n::error::x'))).toMatch(/^1 finding carries a severity ECR does not define \("CRIT\?L\?\?\?ERROR\?\?X": 1\)/)
  expect(unknownSeverityWarning(withSeverity('A', 'B', 'C', 'D', 'E', 'F', 'G'))).toMatch(/\("A": 1, "B": 1, "C": 1, "D": 1, "E": 1, and 2 more\)/)
})
