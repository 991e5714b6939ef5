// Arbitrary finding text thrown at the Markdown reporters and the annotations: whatever package metadata says, the
// summary stays under GitHub's limit, renders no markup of the data's making, and the log carries no command of its own.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import fc from 'fast-check'
import { writeAnnotations } from '../src/annotations.js'
import { COMMENT_LIMIT_BYTES, renderComment } from '../src/comment.js'
import { type Finding, SEVERITIES, fromBasic, fromEnhanced } from '../src/finding.js'
import type { Inputs } from '../src/inputs.js'
import { oneLine } from '../src/log-safety.js'
import { advisoryUrl, escapeMarkdown, safeUrl } from '../src/markdown.js'
import { type IgnoreRule, type Policy, THRESHOLDS, decide } from '../src/policy.js'
import type { GateReport } from '../src/report.js'
import { SUMMARY_LIMIT_BYTES, renderSummary } from '../src/summary.js'
import { htmlText, renderGfm, renderInCell } from './support/markdown-render.js'
import { captureStdout } from './support/fixtures.js'

const MEGABYTE = `${'A'.repeat(1 << 19)}<script>alert(1)</script>|${'\n::error::x'.repeat(1 << 14)}`

const HOSTILE = [
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '</td></tr></table>', '<details>', '<!--', '-->',
  '[x](javascript:alert(1))', '![i](https://e.example/p.png)', '](', '[', ']', '(', ')', '|', '||', '\\|', '\\',
  '`', '```', '*', '**', '_', '~~', '$', '$$', '#', '# ', '## x', '> ', '- ', '+ ', '1. ', '---', '===', '<https://x>',
  'https://evil.example/a', 'www.evil.example', 'a@b.example', '@octocat', '#1', ':smile:', '&', '&amp;', '&#124;',
  '&lt;', '&#x3C;script', '\n', '\r', '\r\n', '\t', '\u2028', '\u0085', '\u202e', '\u2066', '\u200b', '\ud800', '\udfff',
  '::error::pwned', '::set-output name=result::pass', '::add-mask::', '::stop-commands::x', '%0A', '%25', ',', ':',
  '🚀', '中文', 'e\u0301', ' '
]

/** Text built from hostile tokens and arbitrary code points (lone surrogates included). */
const text = fc.oneof(
  { weight: 8, arbitrary: fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 3 }), fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c))), { maxLength: 12 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.constant(MEGABYTE) }
)
/** A field as the API might send it: text, a number, or missing. */
const field = fc.oneof({ weight: 6, arbitrary: text }, fc.double(), fc.constant(undefined), fc.constant(null))
const url = fc.oneof(text, fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.constantFrom('javascript:alert(1)', 'data:text/html,<script>x</script>', "https://x.example/a)b|c<d>'e\"f"))
const severity = fc.oneof(fc.constantFrom(...SEVERITIES, 'UNDEFINED'), field)

const enhanced = fc.record(
  {
    severity,
    title: field,
    description: field,
    status: fc.constantFrom('ACTIVE', 'SUPPRESSED', 'CLOSED', undefined),
    exploitAvailable: fc.constantFrom('YES', 'NO', undefined),
    fixAvailable: fc.constantFrom('YES', 'NO', 'PARTIAL', undefined),
    score: fc.oneof(fc.double({ min: 0, max: 10, noNaN: true }), field),
    packageVulnerabilityDetails: fc.record(
      {
        vulnerabilityId: field,
        sourceUrl: url,
        vulnerablePackages: fc.array(fc.record({ name: field, version: field, release: field, fixedInVersion: field }, { requiredKeys: [] }), { maxLength: 3 })
      },
      { requiredKeys: [] }
    )
  },
  { requiredKeys: [] }
)
const basic = fc.record(
  {
    name: field,
    description: field,
    uri: url,
    severity,
    attributes: fc.array(fc.record({ key: fc.constantFrom('package_name', 'package_version', 'CVSS3_SCORE', 'CVSS2_SCORE'), value: field }), { maxLength: 4 })
  },
  { requiredKeys: [] }
)
const findings = fc.array(fc.oneof(enhanced.map(fromEnhanced), basic.map(fromBasic)), { maxLength: 25 })

function arbitraryReport(): fc.Arbitrary<GateReport> {
  return fc
    .record({
      findings,
      threshold: fc.constantFrom(...THRESHOLDS),
      ignoreReasons: fc.array(text, { maxLength: 3 }),
      warnings: fc.array(text, { maxLength: 3 }),
      repositoryName: text,
      tag: fc.option(text),
      error: fc.option(text),
      baseline: fc.boolean(),
      dockerfile: fc.option(text)
    })
    .map((r) => {
      // Ignore rules aimed at some of the findings, with untrusted reasons and sources.
      const ignore: IgnoreRule[] = r.ignoreReasons.map((reason, i) => ({
        id: r.findings[i]?.id ?? reason,
        package: i % 2 === 0 ? r.findings[i]?.packageName : undefined,
        reason,
        source: reason,
        expires: i === 2 ? '2000-01-01' : undefined
      }))
      const policy: Policy = { severityThreshold: r.threshold, onlyFixed: false, blockExploitable: true, minScore: undefined, max: {}, ignore }
      const baselineKeys = r.baseline ? new Set(r.findings.filter((_, i) => i % 3 === 0).map((f) => `${f.id.toUpperCase()}|${f.packageName}`)) : undefined
      const report: GateReport = {
        inputs: { dockerfile: r.dockerfile ?? '' } as Inputs,
        target: { repositoryName: r.repositoryName, imageTag: r.tag ?? undefined, region: 'us-east-1' },
        imageDigest: 'sha256:' + 'a'.repeat(64),
        scanStatus: 'COMPLETE',
        policy,
        verdict: decide(r.findings, policy, { now: new Date('2025-07-01T00:00:00Z'), baseline: baselineKeys }),
        warnings: r.warnings,
        error: r.error ?? undefined,
        reportFile: 'ecr-scan-gate.json'
      }
      if (r.baseline) {
        report.baseline = {
          target: { repositoryName: r.repositoryName, imageTag: r.tag ?? 'main', region: 'us-east-1' },
          available: true,
          newCount: 1,
          fixedCount: 2,
          stillPresentCount: 3,
          fixedKeys: []
        }
      }
      return report
    })
}

function allowedHrefs(report: GateReport): Set<string> {
  const hrefs = new Set<string>(['https://github.com/o/r/actions/runs/1'])
  for (const { finding } of report.verdict?.decided ?? []) {
    const href = safeUrl(finding.link) ?? safeUrl(advisoryUrl(finding.id))
    if (href) hrefs.add(href)
  }
  return hrefs
}

/** Fails the property with what rendered when Markdown made from the data shows markup the reporter did not write. */
function expectNoMarkupFromData(markdown: string, report: GateReport): void {
  const hrefs = allowedHrefs(report)
  // Links: only ours, `[escaped label](href of a validated URL)`; with those gone no `](` may remain.
  const withoutOurLinks = markdown.replace(/\[([^\]\n]*)\]\(([^)\s]*)\)/g, (whole, _label: string, href: string) =>
    hrefs.has(href) ? '' : whole
  )
  expect(withoutOurLinks).not.toContain('](')
  // HTML: only our <details>/<summary> and the hidden marker.
  const withoutOurTags = markdown.replace(/<\/?(details|summary)>|<!-- ecr-scan-gate:(?:[A-Za-z0-9._/:-]|\(commit\))* -->/g, '')
  expect(withoutOurTags).not.toMatch(/[<>]/)
  // Table rows: every `|` splits a cell of ours, so each row has as many as its header.
  let pipes: number | undefined
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      pipes = undefined
      continue
    }
    const count = line.split('|').length - 1
    pipes ??= count
    expect(count).toBe(pipes)
  }
  const html = renderGfm(markdown)
  // The match and what surrounds it, rather than a megabyte of HTML, when this fails.
  const markup = /<(script|img|iframe|code|pre|del|blockquote|hr|ol|input|h1|h4|h5|h6)\b/i.exec(html)
  expect(markup && html.slice(Math.max(0, markup.index - 300), markup.index + 100)).toBeNull()
  for (const emphasis of html.matchAll(/<em>([\s\S]*?)<\/em>/g)) {
    expect(emphasis[1]).toMatch(/^… and [\d,]+ more [a-z ]+ not shown here(: see [a-zA-Z ]+)?\.$/)
  }
  for (const match of html.matchAll(/<a href="([^"]*)"/g)) {
    expect(hrefs.has(match[1]!)).toBe(true)
  }
  for (const heading of html.matchAll(/<h[23]>([\s\S]*?)<\/h[23]>/g)) {
    expect(heading[1]).toMatch(
      /^(✅|❌|⚠️) ECR scan gate|^(Warnings|Ignore rules to review|Findings by severity|Blocking findings \(|Ignored findings \(|Compared with the baseline )/
    )
  }
}

describe('escapeMarkdown (property)', () => {
  it('renders any text inside a table cell as exactly that text, on one line', () => {
    fc.assert(
      fc.property(text, (value) => {
        const cell = renderInCell(escapeMarkdown(value, 300))
        expect(cell).toBeDefined()
        expect(cell).not.toMatch(/</)
        expect(htmlText(cell!).replace(/\u2060/g, '')).toBe(oneLine(value, 300).replace(/\u2060/g, ''))
      }),
      { numRuns: 400 }
    )
  })
})

describe('job summary and pull request comment (property)', () => {
  it('stay under their limits and show no markup from the data', () => {
    const saved = { ...process.env }
    process.env.GITHUB_SERVER_URL = 'https://github.com'
    process.env.GITHUB_REPOSITORY = 'o/r'
    process.env.GITHUB_RUN_ID = '1'
    try {
      fc.assert(
        fc.property(arbitraryReport(), (report) => {
          const summary = renderSummary(report)
          expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES)
          expectNoMarkupFromData(summary, report)
          const comment = renderComment(report)
          expect(Buffer.byteLength(comment)).toBeLessThanOrEqual(COMMENT_LIMIT_BYTES)
          expectNoMarkupFromData(comment, report)
        }),
        { numRuns: 80 }
      )
    } finally {
      process.env = saved
    }
  })

  it('stays under 1 MiB for hundreds of findings with megabyte text in every field', () => {
    const huge: Finding[] = Array.from({ length: 400 }, (_, i) =>
      fromEnhanced({
        severity: 'CRITICAL',
        title: MEGABYTE,
        description: MEGABYTE,
        packageVulnerabilityDetails: {
          vulnerabilityId: `${'|'.repeat(1000)}${i}`,
          sourceUrl: `https://x.example/${'%7C'.repeat(600)}`,
          vulnerablePackages: [{ name: MEGABYTE, version: MEGABYTE, fixedInVersion: MEGABYTE }]
        }
      })
    )
    const policy: Policy = { severityThreshold: 'LOW', onlyFixed: false, blockExploitable: false, minScore: undefined, max: {}, ignore: [] }
    const report: GateReport = {
      imageDigest: '',
      scanStatus: 'COMPLETE',
      verdict: decide(huge, policy, { now: new Date() }),
      warnings: Array.from({ length: 100 }, () => MEGABYTE)
    }
    const summary = renderSummary(report)
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES)
    expect(summary).toMatch(/_… and [\d,]+ more blocking findings not shown here\._/)
    expectNoMarkupFromData(summary, report)
  })
})

describe('annotations (property)', () => {
  let stdout: string[]
  beforeEach(() => {
    stdout = captureStdout()
  })
  afterEach(() => {
    jest.restoreAllMocks()
  })

  it('issue only our error and notice commands, one per line, whatever the text', () => {
    fc.assert(
      fc.property(arbitraryReport(), (report) => {
        stdout.length = 0
        writeAnnotations(report)
        // The runner splits on CR as well as LF.
        const lines = stdout.join('').split(/\r\n|\r|\n/).filter(Boolean)
        const { blocking } = report.verdict!.counts
        // A failing step (fail-build defaults to true) adds its own error: one finding fewer is annotated.
        const budget = report.verdict!.result === 'fail' ? 9 : 10
        expect(lines).toHaveLength(Math.min(blocking, budget) + 1)
        for (const [i, line] of lines.entries()) {
          // Properties are escaped (no `:` left in them), so the first `::` after the name ends the command.
          const command = /^::(error|notice)(?: (?:title|file|line)=[^:,]*(?:,(?:title|file|line)=[^:,]*)*)?::/.exec(line)
          expect(command?.[1]).toBe(i < lines.length - 1 ? 'error' : 'notice')
        }
      }),
      { numRuns: 80 }
    )
  })
})
