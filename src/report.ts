import type { ImageTarget } from './errors.js'
import type { Inputs } from './inputs.js'
import type { Policy, Verdict } from './policy.js'

/** How the new image compares with a baseline image (block only what is new). */
export interface BaselineComparison {
  /** The baseline as the user named it. */
  target: ImageTarget
  /** False when the baseline could not be read: then every finding counts as new. */
  available: boolean
  newCount: number
  fixedCount: number
  stillPresentCount: number
  /** Findings of the baseline this image no longer has, as `ID|package` keys. */
  fixedKeys: string[]
}

/** Everything the reporters show: filled in as the run goes, so a failed run still reports what it knew. */
export interface GateReport {
  inputs?: Inputs
  target?: ImageTarget
  imageDigest: string
  scanStatus: string
  scanCompletedAt?: Date
  vulnerabilitySourceUpdatedAt?: Date
  policy?: Policy
  verdict?: Verdict
  baseline?: BaselineComparison
  /** Set when the gate could not decide (timeout, failed scan, bad input, cancellation). */
  error?: string
  /** Things the user should know that are not findings: count mismatches, dropped results, expired rules. */
  warnings: string[]
  /** Where the SARIF file and JSON report went, when written. */
  sarifFile?: string
  reportFile?: string
}

/** The one-word outcome shown first in every report. */
export function outcome(report: GateReport): 'pass' | 'fail' | 'undecided' {
  return report.error !== undefined || !report.verdict ? 'undecided' : report.verdict.result
}

/**
 * The verdict of a run that decided, else undefined: an error after the verdict (a file that cannot be written) makes
 * the run undecided, and its counts and findings must not read as a verdict.
 */
export function decidedVerdict(report: GateReport): Verdict | undefined {
  return outcome(report) === 'undecided' ? undefined : report.verdict
}
