import * as core from '@actions/core'
import { writeAnnotations } from './annotations.js'
import { compareWithBaseline } from './baseline.js'
import { listenForCancellation } from './cancellation.js'
import { concludeVerdict, finishReport } from './conclusion.js'
import { createEcrClient, severityCountMismatch } from './ecr.js'
import { errorMessage, isActionable } from './errors.js'
import { unknownSeverityWarning } from './finding.js'
import { collectAfterSarif } from './heap.js'
import { getInputs } from './inputs.js'
import { maskCredentials, withoutSecrets } from './log-safety.js'
import { decide, onlyFixedWarnings } from './policy.js'
import { proxySettings } from './proxy.js'
import { loadPolicy, ruleWarnings } from './policy-file.js'
import type { GateReport } from './report.js'
import { SarifDraft, writeSarif } from './sarif.js'
import { waitAndRead } from './scan-wait.js'
import { settleFindings, unsettledWarnings } from './settle.js'

/** The action: read inputs, wait for the scan, read every finding, decide, report, set the outcome. */
export async function run(): Promise<void> {
  const report: GateReport = { imageDigest: '', scanStatus: '', warnings: [] }
  const finish = once(() => finishReport(report, cancellation.signal))
  const cancellation = listenForCancellation(report, finish)
  maskCredentials()
  // SARIF texts made while later pages are on their way, instead of after the last one.
  let sarifDraft: SarifDraft | undefined
  try {
    const inputs = (report.inputs = getInputs())
    const target = (report.target = inputs.target)
    const policy = (report.policy = await loadPolicy(inputs, report))
    const startedAt = Date.now()
    const deadline = startedAt + inputs.waitTimeoutMs
    const proxy = proxySettings(process.env)
    report.warnings.push(...proxy.warnings)
    const clientFor = (region: string) =>
      createEcrClient({ region, requestTimeoutMs: inputs.requestTimeoutMs, retryDeadline: deadline, proxyEnv: proxy.env })
    const client = clientFor(target.region)

    const onStatus = (status: string, digest?: string): void => {
      report.scanStatus = status
      report.imageDigest = digest || report.imageDigest
    }
    sarifDraft = inputs.sarifFile ? new SarifDraft(target.repositoryName) : undefined
    const { scan, findings: read } = await waitAndRead(client, target, { ...inputs, deadline, onStatus, onFindings: sarifDraft?.add })
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
    if (cancellation.signal.aborted) return
    // Throws rather than pass on findings that were still arriving.
    report.warnings.push(...unsettledWarnings(findings, verdict))
    report.verdict = verdict
    report.warnings.push(...ruleWarnings(report.verdict), ...onlyFixedWarnings(policy, report.verdict))

    report.sarifFile = await writeSarif(report, { draft: sarifDraft })
    collectAfterSarif(verdict.decided.length)
    if (inputs.annotations) writeAnnotations(report)
    concludeVerdict(report, inputs.failBuild)
  } catch (error) {
    report.error = errorMessage(error)
    core.setFailed(isActionable(error) || !(error instanceof Error) ? report.error : withoutSecrets(error.stack ?? report.error))
  } finally {
    sarifDraft?.stop()
    await finish()
    cancellation.stop()
  }
}

function once(action: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined
  return () => (done ??= action())
}
