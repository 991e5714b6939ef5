import * as core from '@actions/core'
import { commentOnPullRequest } from './comment.js'
import { errorMessage } from './errors.js'
import { reportingInputs } from './inputs.js'
import { plural } from './markdown.js'
import { setOutputs } from './outputs.js'
import type { GateReport } from './report.js'
import { writeReportFile } from './report-file.js'
import { writeSummary } from './summary.js'

// The runner sends SIGINT, then SIGTERM 7.5 s later, then kills the step 2.5 s after that.
const CANCELLED_COMMENT_MS = 5_000

/**
 * Writes what every run leaves, however it ended (verdict, error, cancellation): the pull request comment, the JSON
 * report, the warnings, the outputs and the summary, saying "undecided" when that is the truth (a comment left at an
 * earlier run's "pass" would vouch for an image this run never cleared). A cancelled run exits once they are written.
 */
export async function finishReport(report: GateReport, cancelled: AbortSignal): Promise<void> {
  const settings = report.inputs ?? reportingInputs()
  report.target ??= settings.target
  if (settings.commentOnPr && report.target) {
    // A run cancelled before its verdict says so too, within a budget the runner's grace period allows: the comment is
    // one across pushes, and left alone it would let the previous push's verdict stand for this one. A later run's
    // comment is never overwritten (see commentOnPullRequest), so a newer push's verdict is safe from it.
    const budget = cancelled.aborted ? { requestTimeoutMs: Math.min(settings.requestTimeoutMs ?? CANCELLED_COMMENT_MS, CANCELLED_COMMENT_MS) } : {}
    await commentOnPullRequest(report, { ...settings, ...budget }, cancelled.aborted ? undefined : cancelled)
  }
  report.reportFile = await writeReportFile(report, settings.reportFile).catch((error: unknown) => {
    report.warnings.push(errorMessage(error))
    return undefined
  })
  for (const warning of report.warnings) core.warning(warning)
  try {
    setOutputs(report)
  } catch (error) {
    // The runner's own file (GITHUB_OUTPUT) is missing or unwritable: say so plainly rather than with a stack.
    core.setFailed(`Could not write the step outputs (GITHUB_OUTPUT): ${errorMessage(error)}`)
  }
  if (settings.summary) await writeSummary(report)
}

/** Sets the step's outcome from the verdict: failed when a finding blocks, unless fail-build is false (a warning). */
export function concludeVerdict(report: GateReport, failBuild: boolean): void {
  const counts = report.verdict?.counts
  if (!counts || report.verdict?.result === 'pass') {
    core.info(`ecr-scan-gate: pass (${plural(counts?.total ?? 0, 'finding')}, none blocking).`)
    return
  }
  const message = `ecr-scan-gate: ${counts.blocking} finding(s) break the policy (${counts.total} found).`
  if (failBuild) core.setFailed(message)
  else core.warning(`${message} fail-build is false, so the step succeeds.`)
}
