import * as core from '@actions/core'
import type { ECRClient } from '@aws-sdk/client-ecr'
import { type ImageTarget, RetryAfterRefusal, describeTarget, explainAwsError, isActionable } from './errors.js'
import { type Finding, isSuppressed } from './finding.js'
import type { Inputs } from './inputs.js'
import { findingKeys } from './policy.js'
import type { BaselineComparison, GateReport } from './report.js'
import { waitAndRead } from './scan-wait.js'
import { TextSet } from './set-key.js'

/** The keys (see findingKeys) of a baseline image's findings. */
export type BaselineKeys = Pick<ReadonlySet<string>, 'has'> & Iterable<string>

export interface BaselineOptions {
  /** The run's deadline (epoch ms): the baseline is waited for within it, not in a wait of its own. */
  deadline: number
  pollIntervalMs: number
  /** A client for another region than the gated image's (a baseline-image elsewhere), which the caller builds. */
  clientFor: (region: string) => ECRClient
  now?: () => number
  sleep?: (ms: number) => Promise<void>
}

/** Keys of the findings in the image: CLOSED ones are gone (Inspector closed them), SUPPRESSED ones are still there. */
function presentKeys(findings: readonly Finding[]): TextSet {
  // Package names are anyone's to choose: keys too long for V8 to hash by content would make every lookup a scan.
  const keys = new TextSet()
  for (const finding of findings) if (finding.inspectorStatus !== 'CLOSED') for (const key of findingKeys(finding)) keys.add(key)
  return keys
}

/** Counts new, fixed and still-present findings of the image against the baseline's keys. */
export function compareFindings(
  target: ImageTarget,
  findings: readonly Finding[],
  baselineKeys: BaselineKeys
): BaselineComparison {
  // Counted like every other count: suppressed findings are reported apart.
  const counted = findings.filter((f) => !isSuppressed(f))
  // New when any of its packages is: the vulnerability reaching one more package is what a pull request adds.
  const newCount = counted.filter((f) => !findingKeys(f).every((key) => baselineKeys.has(key))).length
  const current = presentKeys(findings)
  const fixedKeys = [...baselineKeys].filter((key) => !current.has(key)).sort()
  return {
    target,
    available: true,
    newCount,
    fixedCount: fixedKeys.length,
    stillPresentCount: counted.length - newCount,
    fixedKeys
  }
}

async function readBaseline(
  client: ECRClient,
  inputs: Inputs,
  baseline: ImageTarget,
  options: BaselineOptions
): Promise<{ findings: Finding[]; digest: string | undefined }> {
  // A baseline-image may live in another region than the image; the client is bound to one region.
  const regional =
    baseline.region === inputs.target.region
      ? client
      : options.clientFor(baseline.region)
  try {
    // Never start a scan for the baseline: it is not this run's image, and a fresh scan would move what it compares on.
    // Nor wait for one to appear: a baseline is an image pushed before this one, whose scan on push is long over.
    const missingScanEnds = 'The gate never starts a scan for a baseline: scan it to compare against it.'
    const { scan, findings: read } = await waitAndRead(regional, baseline, { ...options, startScan: false, missingScanEnds }).catch(
      (error: unknown) => {
        throw explainAwsError(error, baseline, 'DescribeImageScanFindings')
      }
    )
    core.info(`Baseline ${describeTarget(baseline)}: scan ${scan.status}, ${read.findings.length} findings.`)
    return { findings: read.findings, digest: read.imageDigest }
  } finally {
    if (regional !== client) regional.destroy()
  }
}

function withoutBaseline(report: GateReport, baseline: ImageTarget, findings: readonly Finding[], why: string): undefined {
  report.warnings.push(`The baseline ${describeTarget(baseline)} ${why}`)
  const counted = findings.filter((f) => !isSuppressed(f)).length
  report.baseline = { target: baseline, available: false, newCount: counted, fixedCount: 0, stillPresentCount: 0, fixedKeys: [] }
  return undefined
}

/**
 * Reads the baseline image's findings and returns their keys, so that decide() blocks only on what is new; fills
 * report.baseline. When the baseline cannot be read every finding counts as new (fail safe) and a warning says why.
 */
export async function compareWithBaseline(
  client: ECRClient,
  inputs: Inputs,
  findings: readonly Finding[],
  options: BaselineOptions,
  report: GateReport
): Promise<BaselineKeys | undefined> {
  const baseline = inputs.baseline
  if (!baseline) return undefined
  core.info(`Reading the findings of the baseline ${describeTarget(baseline)}.`)
  let read: Awaited<ReturnType<typeof readBaseline>>
  try {
    read = await readBaseline(client, inputs, baseline, options)
  } catch (error) {
    // A missing image or scan, a terminal status or the timeout: the gate stays strict rather than failing. A
    // Retry-After past wait-timeout ends the run wherever ECR sends it: every finding counted new would hide why.
    if (!isActionable(error) || error instanceof RetryAfterRefusal) throw error
    return withoutBaseline(report, baseline, findings, `could not be read, so every finding counts as new: ${error.message}`)
  }
  // baseline-tag: latest, just pushed by this very workflow: compared with itself, nothing would ever be new. Without
  // both digests that cannot be ruled out, and the gate stays strict.
  if (!read.digest || !report.imageDigest) {
    return withoutBaseline(
      report,
      baseline,
      findings,
      'and the gated image could not both be named by digest (ECR left it out), so the gate cannot rule out comparing the image with itself: every finding counts as new.'
    )
  }
  if (read.digest === report.imageDigest) {
    return withoutBaseline(
      report,
      baseline,
      findings,
      `is the gated image itself (${read.digest}), so every finding counts as new: compared with itself, none would be. Name a baseline the image does not replace.`
    )
  }
  const keys = presentKeys(read.findings)
  report.baseline = compareFindings(baseline, findings, keys)
  const { newCount, fixedCount, stillPresentCount } = report.baseline
  core.info(`Against the baseline: ${newCount} new, ${fixedCount} fixed, ${stillPresentCount} still present.`)
  return keys
}
