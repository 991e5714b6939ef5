// What every run leaves (finishReport) and the step's outcome (concludeVerdict), seen as the runner sees them: the
// log, the outputs file, the job summary file and the JSON report.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, jest, test } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { concludeVerdict, finishReport } from '../src/conclusion.js'
import type { GateReport } from '../src/report.js'
import { captureStdout, makeFinding, makePolicy, makeReport, withInputs } from './support/fixtures.js'

let stdout: string[]
let dir: string
const saved = { ...process.env }

// One directory for the file: @actions/core keeps the summary file's path from its first use.
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'conclusion-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

beforeEach(() => {
  stdout = captureStdout()
  for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true })
  // The runner creates both files before the step starts.
  process.env.GITHUB_OUTPUT = join(dir, 'output')
  process.env.GITHUB_STEP_SUMMARY = join(dir, 'summary.md')
  writeFileSync(process.env.GITHUB_OUTPUT, '')
  writeFileSync(process.env.GITHUB_STEP_SUMMARY, '')
})

afterEach(() => {
  jest.restoreAllMocks()
  process.exitCode = undefined
  process.env = { ...saved }
})

const read = (name: string): string => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : '')
const notCancelled = new AbortController().signal

function failing(): GateReport {
  const findings = [makeFinding({ id: 'CVE-2026-1', severity: 'CRITICAL' }), makeFinding({ id: 'CVE-2026-2', severity: 'LOW' })]
  return makeReport(findings, makePolicy({ severityThreshold: 'HIGH' }))
}

describe('concludeVerdict', () => {
  test('a pass says so and leaves the step green', () => {
    concludeVerdict(makeReport([makeFinding({ severity: 'LOW' })], makePolicy({ severityThreshold: 'HIGH' })), true)
    expect(stdout.join('')).toBe('ecr-scan-gate: pass (1 finding, none blocking).\n')
    expect(process.exitCode).toBeUndefined()
  })

  test('a blocking finding fails the step, counting what blocks', () => {
    concludeVerdict(failing(), true)
    expect(stdout.join('')).toBe('::error::ecr-scan-gate: 1 finding(s) break the policy (2 found).\n')
    expect(process.exitCode).toBe(1)
  })

  test('with fail-build false it is a warning, and the step succeeds', () => {
    concludeVerdict(failing(), false)
    expect(stdout.join('')).toBe(
      '::warning::ecr-scan-gate: 1 finding(s) break the policy (2 found). fail-build is false, so the step succeeds.\n'
    )
    expect(process.exitCode).toBeUndefined()
  })
})

describe('finishReport', () => {
  test('a decided run leaves the JSON report, its warnings, the outputs and the summary', async () => {
    const report = withInputs(failing(), { reportFile: join(dir, 'report.json') })
    report.warnings.push('a warning of the run')
    await finishReport(report, notCancelled)
    expect(JSON.parse(read('report.json'))).toMatchObject({ verdict: 'fail', counts: { total: 2, blocking: 1 } })
    expect(report.reportFile).toBe(join(dir, 'report.json'))
    expect(stdout.join('')).toContain('::warning::a warning of the run\n')
    expect(read('output')).toMatch(/^result<<.*\nfail\n/m)
    expect(read('output')).toContain(`report-file<<`)
    expect(read('summary.md')).toMatch(/CVE-2026-1/)
  })

  test('a JSON report that cannot be written is one warning; the outputs and the summary are still written', async () => {
    const report = withInputs(failing(), { reportFile: join(dir, 'a-directory') })
    mkdirSync(join(dir, 'a-directory'))
    await finishReport(report, notCancelled)
    expect(report.reportFile).toBeUndefined()
    expect(stdout.filter((line) => line.startsWith('::warning::'))).toEqual([expect.stringMatching(/^::warning::Could not write the JSON report/)])
    expect(read('output')).toMatch(/^result<<.*\nfail\n/m)
    expect(read('summary.md')).not.toBe('')
  })

  test("an outputs file the runner did not leave writable fails the step plainly, and the summary is still written", async () => {
    process.env.GITHUB_OUTPUT = join(dir, 'missing', 'output')
    await finishReport(withInputs(failing(), { reportFile: '' }), notCancelled)
    const failure = stdout.filter((line) => line.startsWith('::error::'))
    expect(failure).toEqual([expect.stringMatching(/^::error::Could not write the step outputs \(GITHUB_OUTPUT\): .*missing/)])
    expect(failure[0]).not.toMatch(/\n\s+at /)
    expect(process.exitCode).toBe(1)
    expect(read('summary.md')).not.toBe('')
  })

  test('summary: false leaves the job summary alone', async () => {
    await finishReport(withInputs(failing(), { reportFile: '', summary: false }), notCancelled)
    expect(read('output')).toMatch(/^result<<.*\nfail\n/m)
    expect(read('summary.md')).toBe('')
  })

  test('a run whose inputs never parsed still writes an undecided report where the report-file input says', async () => {
    process.env['INPUT_REPORT-FILE'] = join(dir, 'undecided.json')
    process.env['INPUT_REPOSITORY-NAME'] = 'app'
    const report: GateReport = { imageDigest: '', scanStatus: '', warnings: [], error: 'Input severity-threshold must be one of …' }
    await finishReport(report, notCancelled)
    expect(JSON.parse(read('undecided.json'))).toMatchObject({ verdict: 'undecided', error: report.error })
    // Undecided reads as a failure to a later `if:`, with no counts to act on.
    expect(read('output')).toMatch(/^result<<.*\nfail\n/m)
    expect(read('output')).not.toMatch(/^total<</m)
    expect(read('summary.md')).toMatch(/^## .*ECR scan gate: could not decide\n[\s\S]*Input severity-threshold must be one of/)
  })
})
