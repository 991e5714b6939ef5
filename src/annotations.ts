import * as core from '@actions/core'
import { SEVERITIES } from './finding.js'
import { oneLine } from './log-safety.js'
import { sortedFindings } from './markdown.js'
import type { DecidedFinding, Verdict } from './policy.js'
import type { GateReport } from './report.js'

/** GitHub shows at most 10 error annotations per step. */
export const MAX_ERROR_ANNOTATIONS = 10

// A failing step adds its own error annotation (core.setFailed); leave room for it so it is never the one hidden.
function errorBudget(report: GateReport): number {
  const stepFails = report.verdict?.result === 'fail' && (report.inputs?.failBuild ?? true)
  return stepFails ? MAX_ERROR_ANNOTATIONS - 1 : MAX_ERROR_ANNOTATIONS
}

/**
 * One error annotation per top blocking finding and a notice with the totals, on the Dockerfile when one is given.
 * Finding text goes only into the message and title, which @actions/core escapes so no line of it can start `::`.
 */
export function writeAnnotations(report: GateReport): void {
  const verdict = report.verdict
  if (!verdict) return
  const dockerfile = report.inputs?.dockerfile
  const where: core.AnnotationProperties = dockerfile ? { file: oneLine(dockerfile, 500), startLine: 1 } : {}
  const blocking = sortedFindings(verdict.decided, (d) => d.decision === 'blocking')
  const budget = errorBudget(report)
  for (const d of blocking.slice(0, budget)) {
    core.error(errorMessage(d), { ...where, title: errorTitle(d) })
  }
  core.notice(totals(verdict, budget, fullListIn(report)), { ...where, title: 'ECR scan gate' })
}

// Where a reader finds the findings the annotations leave out: only a report this run writes.
function fullListIn(report: GateReport): string | undefined {
  const inputs = report.inputs
  if (inputs?.summary ?? true) return 'the job summary'
  if (inputs?.reportFile) return 'the JSON report'
  return inputs?.sarifFile ? 'the SARIF file' : undefined
}

function errorTitle({ finding }: DecidedFinding): string {
  const id = oneLine(finding.id, 100) || '(no id)'
  const pkg = oneLine(finding.packageName, 100)
  return pkg ? `${id} in ${pkg}` : id
}

function errorMessage({ finding, reason }: DecidedFinding): string {
  const score = finding.score === undefined ? 'no score' : `score ${finding.score.toFixed(1)}`
  const installed = oneLine(finding.packageVersion, 60) || 'unknown version'
  const fixed = oneLine(finding.fixedInVersion, 60)
  const exploit = finding.exploitAvailable === 'YES' ? ' A known exploit is available.' : ''
  return (
    `${finding.severity} (${score}): ${oneLine(finding.packageName, 100) || 'a package'} ${installed} is affected; ` +
    `${fixed ? `fixed in ${fixed}` : 'no fixed version known'}.${exploit} Blocking: ${oneLine(reason, 200)}.`
  )
}

function totals({ result, counts }: Verdict, annotated: number, fullList: string | undefined): string {
  const bySeverity = SEVERITIES.filter((s) => counts.bySeverity[s].found > 0)
    .map((s) => `${counts.bySeverity[s].found} ${s}`)
    .join(', ')
  const found = `${counts.total} finding${counts.total === 1 ? '' : 's'}${bySeverity ? ` (${bySeverity})` : ''}`
  const more =
    counts.blocking > annotated
      ? ` ${counts.blocking - annotated} more blocking findings than the ${annotated} annotated${fullList ? `: see ${fullList}` : ''}.`
      : ''
  return (
    `${result === 'fail' ? 'Fail' : 'Pass'}: ${found}; ` +
    `${counts.blocking} blocking, ${counts.ignored} ignored, ${counts.suppressed} suppressed.${more}`
  )
}
