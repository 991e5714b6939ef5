// The outputs are what a later step's `if:` reads: an undecided run must never read as a pass, and each count must be
// the one its name says.
import { jest } from '@jest/globals'

const outputs = new Map<string, unknown>()
jest.unstable_mockModule('@actions/core', () => ({ setOutput: (name: string, value: unknown) => outputs.set(name, value) }))
const { setOutputs } = await import('../src/outputs.js')
const { makeFinding, makePolicy, makeReport } = await import('./support/reports.js')

const DIGEST = `sha256:${'a'.repeat(64)}`

beforeEach(() => outputs.clear())

function decidedReport() {
  const findings = [
    makeFinding({ id: 'CVE-1', severity: 'CRITICAL' }),
    makeFinding({ id: 'CVE-2', severity: 'HIGH' }),
    makeFinding({ id: 'CVE-3', severity: 'MEDIUM' }),
    makeFinding({ id: 'CVE-4', severity: 'LOW' }),
    makeFinding({ id: 'CVE-5', severity: 'UNTRIAGED' }),
    makeFinding({ id: 'CVE-6', severity: 'UNTRIAGED' }),
    makeFinding({ id: 'CVE-7', severity: 'INFORMATIONAL' }),
    makeFinding({ id: 'CVE-8', severity: 'HIGH' }),
    makeFinding({ id: 'CVE-9', severity: 'CRITICAL', inspectorStatus: 'SUPPRESSED' }),
    // Two suppressed against one ignored, so neither count can stand in for the other.
    makeFinding({ id: 'CVE-10', severity: 'LOW', inspectorStatus: 'CLOSED' })
  ]
  const ignore = [{ id: 'CVE-8', reason: 'accepted', source: 'ignore input' }]
  return makeReport(findings, makePolicy({ ignore }), { imageDigest: DIGEST, scanStatus: 'COMPLETE' })
}

test('a decided run: its result and every count under its own name', () => {
  setOutputs({ ...decidedReport(), sarifFile: 'gate.sarif', reportFile: 'gate.json', baseline: { newCount: 3, fixedCount: 4 } as never })
  expect(Object.fromEntries(outputs)).toEqual({
    'scan-status': 'COMPLETE',
    'image-digest': DIGEST,
    result: 'fail',
    total: 8,
    critical: 1,
    high: 2,
    medium: 1,
    low: 1,
    informational: 1,
    untriaged: 2,
    blocking: 2,
    ignored: 1,
    suppressed: 2,
    new: 3,
    fixed: 4,
    'sarif-file': 'gate.sarif',
    'report-file': 'gate.json'
  })
})

test('an error after the verdict (a report that could not be written) makes the result fail, never the verdict', () => {
  const pass = makeReport([makeFinding({ severity: 'LOW' })], makePolicy(), { imageDigest: DIGEST })
  setOutputs(pass)
  expect(outputs.get('result')).toBe('pass')
  outputs.clear()
  setOutputs({ ...pass, error: 'Could not write the SARIF file', baseline: { newCount: 1, fixedCount: 0 } as never })
  expect(outputs.get('result')).toBe('fail')
  // As in the JSON report (counts null): no counts a later step could act on as the gate's.
  for (const name of ['total', 'low', 'blocking', 'ignored', 'suppressed', 'new', 'fixed']) expect(outputs.has(name)).toBe(false)
  expect(outputs.get('image-digest')).toBe(DIGEST)
})

test('an undecided run: result fail, no counts, and the digest the target named when ECR resolved none', () => {
  setOutputs({ imageDigest: '', scanStatus: 'IN_PROGRESS', warnings: [], error: 'Timed out', target: { repositoryName: 'app', imageDigest: DIGEST, region: 'us-east-1' } })
  expect(Object.fromEntries(outputs)).toEqual({ 'scan-status': 'IN_PROGRESS', 'image-digest': DIGEST, result: 'fail' })
})
