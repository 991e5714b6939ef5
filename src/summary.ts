import { stat } from 'node:fs/promises'
import * as core from '@actions/core'
import { errorText } from './log-safety.js'
import {
  BLOCKING_COLUMNS,
  COLUMNS,
  type Column,
  byteLength,
  escapeMarkdown,
  findingsTable,
  grouped,
  imageLine,
  omittedNote,
  plural,
  severityTable,
  sortedFindings,
  verdictLines
} from './markdown.js'
import type { DecidedFinding, IgnoreRule, Policy } from './policy.js'
import type { GateReport } from './report.js'

/** GitHub drops a step summary over 1 MiB (1,048,576 bytes); this leaves room for what others add after us. */
export const SUMMARY_LIMIT_BYTES = 1_000_000
// Past a thousand rows a table stops being read; the JSON report and SARIF carry every finding.
const MAX_TABLE_ROWS = 1000
const MAX_BASELINE_ROWS = 100
const MAX_LIST_ITEMS = 20
// Room kept after each table for the headings and notes that follow it.
const TAIL_RESERVE_BYTES = 8_000

/** Writes the job summary; never throws, since it runs in the finally of a failing gate too. */
export async function writeSummary(report: GateReport): Promise<void> {
  try {
    const path = process.env.GITHUB_STEP_SUMMARY
    if (!path) {
      core.info('No job summary: GITHUB_STEP_SUMMARY is not set (not running on a GitHub Actions runner).')
      return
    }
    const used = byteLength(core.summary.stringify()) + (await fileSize(path))
    const markdown = safeRender(report, SUMMARY_LIMIT_BYTES - used)
    if (!markdown) {
      core.warning(`No job summary: the step summary already holds ${used} bytes, too close to GitHub's 1 MiB limit.`)
      return
    }
    await core.summary.addRaw(markdown, true).write()
  } catch (error) {
    core.warning(`Could not write the job summary: ${errorText(error)}`)
  }
}

// A report the renderer chokes on still gets its verdict written: the summary is where a failed run is read.
function safeRender(report: GateReport, budgetBytes: number): string {
  try {
    return renderSummary(report, budgetBytes)
  } catch (error) {
    core.warning(`The job summary shows the verdict only: ${errorText(error, 300)}`)
    const verdictOnly = `${verdictLines(report, 2).join('\n')}\n`
    return byteLength(verdictOnly) <= budgetBytes ? verdictOnly : ''
  }
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size
  } catch {
    return 0
  }
}

/** The job summary as Markdown of at most budgetBytes: the verdict alone, or nothing, when even that does not fit. */
export function renderSummary(report: GateReport, budgetBytes = SUMMARY_LIMIT_BYTES): string {
  const full = fullSummary(report, budgetBytes)
  if (byteLength(full) <= budgetBytes) return full
  const verdictOnly = `${verdictLines(report, 2).join('\n')}\n`
  // Earlier steps filled most of the step summary: say that the tables were left out, when the note fits.
  const withNote = `${verdictOnly}\n_The step summary was nearly full, so only the verdict is shown here._\n`
  if (byteLength(withNote) <= budgetBytes) return withNote
  return byteLength(verdictOnly) <= budgetBytes ? verdictOnly : ''
}

function fullSummary(report: GateReport, budgetBytes: number): string {
  const blocks: string[] = [verdictLines(report, 2).join('\n')]
  const facts = [imageLine(report), scanLine(report), policyLine(report.policy)].filter(Boolean)
  if (facts.length > 0) blocks.push(facts.join('  \n'))
  blocks.push(...warningBlocks(report))
  const verdict = report.verdict
  if (verdict) {
    blocks.push('### Findings by severity', severityTable(verdict.counts))
    const remaining = (): number => budgetBytes - byteLength(blocks.join('\n\n')) - TAIL_RESERVE_BYTES
    const section = (title: string, rows: DecidedFinding[], columns: Column[], what: string, inSarif: boolean): void => {
      if (rows.length === 0) return
      const table = findingsTable(rows, columns, { bytes: remaining(), rows: MAX_TABLE_ROWS })
      blocks.push(`### ${title} (${grouped(rows.length)})`)
      if (table.markdown) blocks.push(table.markdown)
      if (table.omitted > 0) blocks.push(omittedNote(table.omitted, what, report, inSarif))
    }
    const blocking = sortedFindings(verdict.decided, (d) => d.decision === 'blocking')
    section('Blocking findings', blocking, BLOCKING_COLUMNS, 'blocking findings', true)
    const ignored = sortedFindings(verdict.decided, (d) => d.decision === 'ignored')
    section('Ignored findings', ignored, [...BLOCKING_COLUMNS.slice(0, 4), COLUMNS.reason], 'ignored findings', false)
    blocks.push(...baselineBlocks(report, remaining))
    const others = sortedFindings(verdict.decided, (d) => d.decision !== 'blocking' && d.decision !== 'ignored')
    if (others.length > 0) {
      const columns = [...BLOCKING_COLUMNS.slice(0, 6), COLUMNS.reason]
      const table = findingsTable(others, columns, { bytes: remaining(), rows: MAX_TABLE_ROWS })
      // <details> only folds Markdown that stands apart from the tags by blank lines.
      blocks.push(
        `<details><summary>Other findings, not blocking (${grouped(others.length)})</summary>`,
        ...[table.markdown, omittedNote(table.omitted, 'findings', report)].filter(Boolean),
        '</details>'
      )
    }
  }
  blocks.push(...filesBlock(report))
  return `${blocks.join('\n\n')}\n`
}

function dateText(date: Date | undefined): string {
  return date instanceof Date && Number.isFinite(date.getTime())
    ? `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`
    : ''
}

function scanLine(report: GateReport): string {
  const parts: string[] = []
  if (report.scanStatus) parts.push(escapeMarkdown(report.scanStatus, 60))
  const completed = dateText(report.scanCompletedAt)
  if (completed) parts.push(`completed ${completed}`)
  const updated = dateText(report.vulnerabilitySourceUpdatedAt)
  if (updated) parts.push(`vulnerability data updated ${updated}`)
  return parts.length > 0 ? `**Scan:** ${parts.join(', ')}` : ''
}

function policyLine(policy: Policy | undefined): string {
  if (!policy) return ''
  const parts = [
    policy.severityThreshold === 'NONE'
      ? 'severity alone never blocks'
      : policy.severityThreshold === 'CRITICAL'
        ? 'blocks CRITICAL'
        : `blocks ${policy.severityThreshold} and above`
  ]
  if (policy.onlyFixed) parts.push('only when a fix exists')
  if (policy.blockExploitable) parts.push('any finding with a known exploit')
  if (policy.minScore !== undefined) parts.push(`min score ${policy.minScore}`)
  const budgets = Object.entries(policy.max).map(([severity, n]) => `${severity} up to ${n}`)
  if (budgets.length > 0) parts.push(`allows ${budgets.join(', ')}`)
  if (policy.ignore.length > 0) parts.push(plural(policy.ignore.length, 'ignore rule'))
  return `**Policy:** ${parts.join('; ')}`
}

function list(items: readonly string[], more: string): string {
  const shown = items.slice(0, MAX_LIST_ITEMS).map((item) => `- ${item}`)
  if (items.length > MAX_LIST_ITEMS) shown.push(`- … and ${items.length - MAX_LIST_ITEMS} more ${more}`)
  return shown.join('\n')
}

function ruleText(rule: IgnoreRule): string {
  const pkg = rule.package ? ` in ${escapeMarkdown(rule.package, 100)}` : ''
  return `${escapeMarkdown(rule.id, 100)}${pkg} (${escapeMarkdown(rule.source, 200)}): ${escapeMarkdown(rule.reason, 300)}`
}

function warningBlocks(report: GateReport): string[] {
  const blocks: string[] = []
  if (report.warnings.length > 0) {
    blocks.push('### Warnings', list(report.warnings.map((w) => escapeMarkdown(w, 500)), 'warnings'))
  }
  const expired = report.verdict?.expiredRules ?? []
  const stale = report.verdict?.staleRules ?? []
  if (expired.length > 0 || stale.length > 0) {
    blocks.push('### Ignore rules to review')
    if (expired.length > 0) {
      const items = expired.map((rule) => `expired ${escapeMarkdown(rule.expires, 10)}, no longer applies: ${ruleText(rule)}`)
      blocks.push(list(items, 'expired rules'))
    }
    if (stale.length > 0) {
      blocks.push(list(stale.map((rule) => `matched no finding: ${ruleText(rule)}`), 'unused rules'))
    }
  }
  return blocks
}

function baselineBlocks(report: GateReport, remaining: () => number): string[] {
  const baseline = report.baseline
  if (!baseline || !report.verdict) return []
  const { target } = baseline
  const name = `${escapeMarkdown(target.repositoryName, 256)}${
    target.imageDigest ? `@${escapeMarkdown(target.imageDigest, 100)}` : `:${escapeMarkdown(target.imageTag, 300)}`
  }`
  const blocks = [`### Compared with the baseline ${name}`]
  if (!baseline.available) blocks.push('The baseline could not be compared (see the warnings), so every finding counts as new.')
  blocks.push(
    `${grouped(baseline.newCount)} new, ${grouped(baseline.fixedCount)} fixed, ` +
      `${grouped(baseline.stillPresentCount)} still present.`
  )
  // The findings baseline.newCount counts: suppressed ones are counted apart, like everywhere else.
  const fresh = sortedFindings(
    report.verdict.decided,
    (d) => d.decision !== 'not-new' && d.decision !== 'suppressed' && !d.inBaseline
  )
  const columns = [...BLOCKING_COLUMNS.slice(0, 4), COLUMNS.reason]
  const table = findingsTable(fresh, columns, { bytes: remaining(), rows: MAX_BASELINE_ROWS })
  if (table.markdown) blocks.push(table.markdown)
  if (table.omitted > 0) blocks.push(omittedNote(table.omitted, 'new findings', report))
  return blocks
}

// Only what each file holds: the JSON report has every finding of a decided run (none of an undecided one), SARIF
// leaves out ignored and suppressed findings.
function filesBlock(report: GateReport): string[] {
  const json = report.reportFile && `the JSON report ${escapeMarkdown(report.reportFile, 300)}`
  const sarif = report.sarifFile && `the SARIF file ${escapeMarkdown(report.sarifFile, 300)}`
  if (!report.verdict) return json ? [`What this run knew is in ${json}.`] : []
  const lines = [
    json && `Every finding with its decision is in ${json}.`,
    sarif && `The findings for code scanning (all but the ignored and suppressed) are in ${sarif}.`
  ].filter(Boolean)
  return lines.length > 0 ? [lines.join(' ')] : []
}
