// Typed builders for test inputs and reports, generic across modules. Findings, policies and decided reports come
// from reports.ts; this adds the Inputs a report carries and golden-file checks.
import { jest } from '@jest/globals'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ImageTarget } from '../../src/errors.js'
import type { Inputs } from '../../src/inputs.js'
import type { GateReport } from '../../src/report.js'

export { NOW, makeFinding, makePolicy, makeReport, sampleFindings, sampleReport } from './reports.js'

export const testsDir = join(dirname(fileURLToPath(import.meta.url)), '..')
export const goldenDir = join(testsDir, 'golden')

const DEFAULT_TARGET: ImageTarget = { repositoryName: 'sample-repo', imageTag: 'v1.2.3', region: 'us-east-1' }

/** Inputs as action.yml's defaults give them, any field overridden. */
export function makeInputs(overrides: Partial<Inputs> = {}): Inputs {
  return {
    target: DEFAULT_TARGET,
    severityThreshold: undefined,
    onlyFixed: undefined,
    ignore: [],
    waitTimeoutMs: 600_000,
    pollIntervalMs: 5_000,
    requestTimeoutMs: 30_000,
    settleWindowMs: 300_000,
    startScan: false,
    failBuild: true,
    summary: true,
    annotations: true,
    sarifFile: 'ecr-scan-gate.sarif',
    sarifCategory: '',
    dockerfile: '',
    reportFile: 'ecr-scan-gate.json',
    commentOnPr: false,
    githubToken: '',
    policyFile: '',
    vexFiles: [],
    baseline: undefined,
    ...overrides
  }
}

/** The report with inputs attached whose target is the report's own, any input overridden. */
export function withInputs(report: GateReport, overrides: Partial<Inputs> = {}): GateReport {
  return { ...report, inputs: makeInputs({ target: report.target ?? DEFAULT_TARGET, ...overrides }) }
}

/** Compares text with a file in golden/; UPDATE_GOLDEN=1 rewrites the file instead, for review in the diff. */
export function expectGolden(name: string, actual: string): void {
  const path = join(goldenDir, name)
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, actual)
  }
  if (!existsSync(path)) throw new Error(`${name} is missing: run the tests with UPDATE_GOLDEN=1 and review it`)
  expect(actual).toBe(readFileSync(path, 'utf8'))
}

/** Collects what is written to stdout (the runner's log and workflow commands) until jest.restoreAllMocks(). */
export function captureStdout(): string[] {
  const written: string[] = []
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk))
    return true
  })
  return written
}
