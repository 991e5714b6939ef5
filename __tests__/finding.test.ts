import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fromBasic, fromEnhanced, normaliseSeverity } from '../src/finding.js'
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

test('an UNTRIAGED enhanced finding with score 0 has no score rather than a zero', () => {
  const raw = (sample('enhanced-complete-untriaged-moto').imageScanFindings.enhancedFindings ?? [])[1]
  expect(fromEnhanced(raw)).toMatchObject({ id: 'CVE-2025-24528', severity: 'UNTRIAGED', score: undefined })
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
