import * as core from '@actions/core'
import { type GateReport, decidedVerdict } from './report.js'

/** Sets every output the run has a value for; counts only for a run that decided, as in the JSON report. */
export function setOutputs(report: GateReport): void {
  core.setOutput('scan-status', report.scanStatus)
  core.setOutput('image-digest', report.imageDigest || report.target?.imageDigest || '')
  // A run that could not decide (an error, even one after the verdict, such as an unwritable SARIF file) must not read
  // as a pass to a later `if:`, nor hand on counts that a step could act on as if they were the gate's.
  const verdict = decidedVerdict(report)
  core.setOutput('result', verdict ? verdict.result : 'fail')
  if (verdict) {
    const { counts } = verdict
    core.setOutput('total', counts.total)
    core.setOutput('critical', counts.bySeverity.CRITICAL.found)
    core.setOutput('high', counts.bySeverity.HIGH.found)
    core.setOutput('medium', counts.bySeverity.MEDIUM.found)
    core.setOutput('low', counts.bySeverity.LOW.found)
    core.setOutput('informational', counts.bySeverity.INFORMATIONAL.found)
    core.setOutput('untriaged', counts.bySeverity.UNTRIAGED.found)
    core.setOutput('blocking', counts.blocking)
    core.setOutput('ignored', counts.ignored)
    core.setOutput('suppressed', counts.suppressed)
  }
  if (verdict && report.baseline) {
    core.setOutput('new', report.baseline.newCount)
    core.setOutput('fixed', report.baseline.fixedCount)
  }
  if (report.sarifFile) core.setOutput('sarif-file', report.sarifFile)
  if (report.reportFile) core.setOutput('report-file', report.reportFile)
}
