import * as core from '@actions/core'
import { writeAnnotations } from './annotations.js'
import { compareWithBaseline } from './baseline.js'
import { commentOnPullRequest } from './comment.js'
import { createEcrClient, severityCountMismatch } from './ecr.js'
import { errorMessage, isActionable } from './errors.js'
import { unknownSeverityWarning } from './finding.js'
import { getInputs, reportingInputs } from './inputs.js'
import { maskCredentials, withoutSecrets } from './log-safety.js'
import { plural } from './markdown.js'
import { setOutputs } from './outputs.js'
import { decide, onlyFixedWarnings } from './policy.js'
import { loadPolicy, ruleWarnings } from './policy-file.js'
import type { GateReport } from './report.js'
import { writeReportFile } from './report-file.js'
import { writeSarif } from './sarif.js'
import { waitAndRead } from './scan-wait.js'
import { settleFindings, unsettledWarnings } from './settle.js'
import { writeSummary } from './summary.js'

/** The action: read inputs, wait for the scan, read every finding, decide, report, set the outcome. */
export async function run(): Promise<void> {
  const report: GateReport = { imageDigest: '', scanStatus: '', warnings: [] }
  const cancelled = new AbortController()
  const finish = once(() => finishReport(report, cancelled.signal))
  const cancel = (signal: NodeJS.Signals): void => {
    // The runner sends SIGINT, then SIGTERM if the step is still there: the first one says it all.
    if (cancelled.signal.aborted) return
    if (report.verdict) {
      // The verdict stands in the reports; only their writing was cut short.
      core.setFailed(`ecr-scan-gate was cancelled (${signal}) while writing its reports.`)
    } else if (!report.error) {
      report.error = `the run was cancelled (${signal}) before the verdict, so the gate did not decide.`
      core.setFailed(`ecr-scan-gate did not decide: ${report.error}`)
    }
    // Else an error was already reported (bad inputs, met before a signal held while the gate loaded came through),
    // and it says more than the cancellation would.
    // Also ends a comment already on its way, so the reports are written and the step exits at once.
    cancelled.abort()
    void finish().finally(() => process.exit(1))
  }
  // Kept until the run ends, so every signal of the run comes through cancel(), where the first one decides.
  process.on('SIGINT', cancel).on('SIGTERM', cancel)
  maskCredentials()
  try {
    const inputs = (report.inputs = getInputs())
    const target = (report.target = inputs.target)
    const policy = (report.policy = await loadPolicy(inputs, report))
    const startedAt = Date.now()
    const deadline = startedAt + inputs.waitTimeoutMs
    const clientFor = (region: string) =>
      createEcrClient({ region, requestTimeoutMs: inputs.requestTimeoutMs, retryDeadline: deadline })
    const client = clientFor(target.region)

    const onStatus = (status: string, digest?: string): void => {
      report.scanStatus = status
      report.imageDigest = digest || report.imageDigest
    }
    const { scan, findings: read } = await waitAndRead(client, target, { ...inputs, deadline, onStatus })
    report.scanStatus = scan.status
    report.imageDigest = read.imageDigest || report.imageDigest || target.imageDigest || ''
    const findings = await settleFindings(client, target, scan, read, { ...inputs, deadline, startedAt, warnings: report.warnings })
    report.scanCompletedAt = findings.completedAt
    report.vulnerabilitySourceUpdatedAt = findings.vulnerabilitySourceUpdatedAt
    for (const warning of [severityCountMismatch(findings), unknownSeverityWarning(findings.findings)]) {
      if (warning) report.warnings.push(warning)
    }

    const baseline = await compareWithBaseline(client, inputs, findings.findings, { ...inputs, deadline, clientFor }, report)
    const registryId = target.registryId ?? scan.firstPage.registryId
    const image = { ...target, registryId, imageDigest: report.imageDigest || target.imageDigest }
    const verdict = decide(findings.findings, policy, { now: new Date(), baseline, image })
    // A cancellation that came while the findings were read stands: its reports are already on their way, saying the
    // gate did not decide, and a verdict arriving now would give them counts nobody was meant to act on.
    if (cancelled.signal.aborted) return
    // Throws rather than pass on findings that were still arriving.
    report.warnings.push(...unsettledWarnings(findings, verdict))
    report.verdict = verdict
    report.warnings.push(...ruleWarnings(report.verdict), ...onlyFixedWarnings(policy, report.verdict))

    report.sarifFile = await writeSarif(report)
    if (inputs.annotations) writeAnnotations(report)
    concludeVerdict(report, inputs.failBuild)
  } catch (error) {
    report.error = errorMessage(error)
    core.setFailed(isActionable(error) || !(error instanceof Error) ? report.error : withoutSecrets(error.stack ?? report.error))
  } finally {
    await finish()
    process.off('SIGINT', cancel).off('SIGTERM', cancel)
  }
}

// Runs however the run ended (verdict, error, cancellation), so later steps and readers always get the JSON report,
// the outputs, the summary and the pull request comment, saying "undecided" when that is the truth: a comment left at
// an earlier run's "pass" would vouch for an image this run never cleared. A cancelled run exits as soon as they are
// written.
async function finishReport(report: GateReport, cancelled: AbortSignal): Promise<void> {
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

// The runner sends SIGINT, then SIGTERM 7.5 s later, then kills the step 2.5 s after that.
const CANCELLED_COMMENT_MS = 5_000

function once(action: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined
  return () => (done ??= action())
}

function concludeVerdict(report: GateReport, failBuild: boolean): void {
  const counts = report.verdict?.counts
  if (!counts || report.verdict?.result === 'pass') {
    core.info(`ecr-scan-gate: pass (${plural(counts?.total ?? 0, 'finding')}, none blocking).`)
    return
  }
  const message = `ecr-scan-gate: ${counts.blocking} finding(s) break the policy (${counts.total} found).`
  if (failBuild) core.setFailed(message)
  else core.warning(`${message} fail-build is false, so the step succeeds.`)
}
