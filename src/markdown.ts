import { type Finding, SEVERITIES, severityRank } from './finding.js'
import { oneLine } from './log-safety.js'
import type { Counts, DecidedFinding } from './policy.js'
import { type GateReport, outcome } from './report.js'

// Every character with a meaning in GitHub Markdown or HTML, as a numeric reference: CommonMark decodes references
// to literal text and never reads them as syntax, and a GFM table splits cells on the raw `|` only. Quotes are left
// as they are: they mean something only in a link title or an HTML attribute, which `[`, `]` and `<` cannot open here
// (and no reporter puts finding text in an attribute), so the raw file reads as the text.
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '|': '&#124;',
  '\\': '&#92;',
  '`': '&#96;',
  '*': '&#42;',
  _: '&#95;',
  '~': '&#126;',
  '[': '&#91;',
  ']': '&#93;',
  '!': '&#33;',
  '#': '&#35;',
  $: '&#36;'
}
// GitHub links some text after rendering (mentions, issue references, bare URLs, e-mail addresses, emoji shortcodes):
// references do not stop that, an invisible character after the trigger does. Every `@` gets one: an e-mail autolink
// also starts at `@-` or `@_`, and `&#95;` is decoded before GitHub looks for one. A word joiner rather than a
// zero-width space, so the browser does not break www.example.com or https://… at that point. The lookaheads read the
// raw text, in one pass.
const ZWSP = '&#8288;'
// GH-123 is an issue reference (the joiner goes after "GH"), and a word of 7 to 40 hex digits with a letter a commit:
// joiners every 6 digits leave no piece long enough to be one.
// Parentheses mean something only in a link after `]`, which is always escaped; `_` between two letters or digits
// can neither open nor close emphasis. Left as they are, IN_PROGRESS and (SIGTERM) read the same in the raw file.
const ESCAPE =
  /(#(?=\p{N}))|([&<>|\\`*~[\]!#$]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}]))|(@|:(?=\/|[a-z0-9_+-]+:)|www(?=\.)|\bGH(?=-\p{N}))|(\b(?=\d*[a-f])[0-9a-f]{7,40}\b)/giu

// Ids, versions, package names and plain sentences: text oneLine keeps as it is and nothing below would change, as
// long as it holds no `www.`, GitHub reference or commit-like word and does not start like an ordered list item.
// Tested first because it is the common case.
const PLAIN_MARKDOWN = /^[A-Za-z0-9][A-Za-z0-9,./=+%?;-]*(?: [A-Za-z0-9,./=+%?;-]+)*$/
const NEEDS_ESCAPE_ANYWAY = /www\.|^\d{1,9}\.(?: |$)|\bGH-\d|\b(?=[0-9a-f]{7,40}\b)\d*[a-f]/i

// Vectors, versions and package names that need escaping come back in finding after finding: each is escaped once.
// Only text too short to be cut is kept (its escaping does not depend on maxChars), and the cache is bounded.
const ESCAPED_LIMIT = 10_000
const ESCAPED_MAX_LENGTH = 256
const escapedText = new Map<string, string>()

/** Untrusted text as inline Markdown that renders as exactly that text on one line (maxChars before escaping). */
export function escapeMarkdown(value: unknown, maxChars = 200): string {
  if (typeof value !== 'string' || value.length > maxChars) return escapeText(value, maxChars)
  if (PLAIN_MARKDOWN.test(value) && !NEEDS_ESCAPE_ANYWAY.test(value)) return value
  if (value.length > ESCAPED_MAX_LENGTH) return escapeText(value, maxChars)
  const known = escapedText.get(value)
  if (known !== undefined) return known
  const escaped = escapeText(value, maxChars)
  if (escapedText.size >= ESCAPED_LIMIT) escapedText.clear()
  escapedText.set(value, escaped)
  return escaped
}

function escapeText(value: unknown, maxChars: number): string {
  const escaped = oneLine(value, maxChars).replace(
    ESCAPE,
    (match, issueRef?: string, special?: string, trigger?: string, hexWord?: string) => {
      if (issueRef) return `&#35;${ZWSP}`
      if (special) return ENTITIES[special] ?? special
      if (hexWord) return hexWord.replace(/.{6}(?=.)/g, `$&${ZWSP}`)
      return match + ZWSP
    }
  )
  // In a list item, a leading `-`, `+`, `1. ` or `1) ` would start a list (or a rule) of its own.
  return escaped
    .replace(/^[-+]/, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/^(\d{1,9})([.)])(?= |$)/, (_, digits: string, mark: string) => `${digits}&#${mark.charCodeAt(0)};`)
}

// An http(s) URL already in the form the URL parser writes back: lower-case host name whose last label is no number
// (no IPv4 rewriting) and no punycode, no port, user, query, fragment, dot segment or character to encode. Parsing
// one returns it unchanged, and advisory links are nearly all like this: at 10,000 findings the parses took ~15 ms.
const CANONICAL_HTTP_URL =
  /^https?:\/\/(?:(?!xn--)[a-z0-9-]+\.)*(?!xn--)[a-z][a-z0-9-]*\.?(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9._~-]*)+$/

/** True when the value is an http(s) URL exactly as the URL parser would write it back (see CANONICAL_HTTP_URL). */
export function isCanonicalHttpUrl(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 2000 && CANONICAL_HTTP_URL.test(value)
}

/** True when the value is a plain absolute http(s) URL without credentials. */
function isHttpUrl(value: unknown): boolean {
  return isCanonicalHttpUrl(value) || parseHttpUrl(value) !== undefined
}

/** A plain absolute http(s) URL without credentials, parsed; else undefined: data never picks a scheme. */
export function parseHttpUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string' || value.length > 2000) return undefined
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    return undefined
  }
  const http = url.protocol === 'http:' || url.protocol === 'https:'
  return http && !url.username && !url.password && url.hostname ? url : undefined
}

/** The URL as a Markdown link destination when it is a plain http(s) URL, else undefined: data never picks a scheme. */
export function safeUrl(value: unknown): string | undefined {
  if (isCanonicalHttpUrl(value)) return value
  const url = parseHttpUrl(value)
  if (!url) return undefined
  return url.href
    .replace(/[^A-Za-z0-9\-._~:/?#=%+,;@!$&]/g, (c) => encodeURIComponent(c).replace(/[!'()*]/g, percent))
    .replace(/&/g, '&amp;')
}

function percent(c: string): string {
  return `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`
}

/** A public advisory page for well-known id formats, for findings ECR sent without a usable link. */
export function advisoryUrl(id: string): string | undefined {
  if (/^CVE-\d{4}-\d{4,}$/i.test(id)) return `https://nvd.nist.gov/vuln/detail/${id.toUpperCase()}`
  if (/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/i.test(id)) return `https://github.com/advisories/${id}`
  return undefined
}

/** Escaped text, linked only when url is a plain http(s) URL. */
export function linkOrText(text: unknown, url: unknown, maxChars = 100): string {
  const label = escapeMarkdown(text, maxChars) || '(no id)'
  const href = safeUrl(url)
  return href ? `[${label}](${href})` : label
}

/** One table row of cells already made safe with escapeMarkdown. */
function tableRow(cells: readonly string[]): string {
  return `| ${cells.map((cell) => cell || '—').join(' | ')} |`
}

function tableHead(headers: readonly string[]): string {
  return `${tableRow(headers)}\n|${headers.map(() => ' --- ').join('|')}|`
}

/** Bytes of UTF-8, the unit of GitHub's summary limit. */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/** Most severe first, then highest score (unknown last), then id and package, so every report lists the same order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    (b.score ?? -1) - (a.score ?? -1) ||
    compareText(a.id, b.id) ||
    compareText(a.packageName, b.packageName)
  )
}

/** Code-unit order: the same in every locale, so report order never depends on the runner's. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * The decided findings in report order, optionally only those a predicate keeps; with blockingFirst, blocking
 * findings lead whatever their severity (the JSON report's order).
 */
export function sortedFindings(
  decided: readonly DecidedFinding[],
  keep?: (d: DecidedFinding) => boolean,
  { blockingFirst = false } = {}
): DecidedFinding[] {
  const ordered = keep ? reportOrder(decided).filter(keep) : [...reportOrder(decided)]
  if (!blockingFirst) return ordered
  // A stable split of the sorted list: blocking findings first, each part still in report order.
  const blocking = ordered.filter(isBlocking)
  return blocking.length === 0 ? ordered : [...blocking, ...ordered.filter((d) => !isBlocking(d))]
}

function isBlocking(d: DecidedFinding): boolean {
  return d.decision === 'blocking'
}

// The summary, the JSON report, the annotations and the comment all list the same findings in the same order: sorted
// once per verdict (a verdict's list is never changed once decided), not four times over 100,000 findings.
const reportOrders = new WeakMap<readonly DecidedFinding[], readonly DecidedFinding[]>()

function reportOrder(decided: readonly DecidedFinding[]): readonly DecidedFinding[] {
  let ordered = reportOrders.get(decided)
  if (!ordered) {
    ordered = sortByReportOrder(decided)
    reportOrders.set(decided, ordered)
  }
  return ordered
}

// compareFindings' order, with each finding's rank and score read once into typed arrays, and indices sorted rather
// than an object per finding: a sort of 100,000 findings no longer leaves megabytes of keys behind.
function sortByReportOrder(decided: readonly DecidedFinding[]): DecidedFinding[] {
  const ranks = new Uint8Array(decided.length)
  const scores = new Float64Array(decided.length)
  const indices = decided.map((d, i) => {
    ranks[i] = severityRank(d.finding.severity)
    scores[i] = d.finding.score ?? -1
    return i
  })
  const finding = (i: number): Finding => (decided[i] as DecidedFinding).finding
  // Rank and score settle most comparisons; compareFindings, the order's one definition, settles the rest.
  indices.sort(
    (a, b) =>
      (ranks[b] ?? 0) - (ranks[a] ?? 0) || (scores[b] ?? 0) - (scores[a] ?? 0) || compareFindings(finding(a), finding(b))
  )
  return indices.map((i) => decided[i] as DecidedFinding)
}

/** Found / blocking / ignored for every severity, most severe first, then the totals. */
export function severityTable(counts: Counts): string {
  // Every severity, zeros included: a row missing for UNTRIAGED would read as "not counted", the very fault of
  // the gates this one replaces.
  const rows = SEVERITIES.map((severity) => {
    const row = counts.bySeverity[severity]
    return tableRow([severity, String(row.found), String(row.blocking), String(row.ignored)])
  })
  const total = tableRow(['**Total**', `**${counts.total}**`, `**${counts.blocking}**`, `**${counts.ignored}**`])
  return [tableHead(['Severity', 'Found', 'Blocking', 'Ignored']), ...rows, total].join('\n')
}

/** A column of a findings table: its header and how a finding fills its cell (escaped). */
export interface Column {
  header: string
  cell: (d: DecidedFinding) => string
}

function packageCell({ finding }: DecidedFinding): string {
  const more = finding.packages.length > 1 ? ` (+${finding.packages.length - 1} more)` : ''
  return escapeMarkdown(finding.packageName, 100) + more
}

export const COLUMNS = {
  // The same page the SARIF rule links: ECR's link when it is a plain http(s) URL, else the advisory the id names.
  id: {
    header: 'Vulnerability',
    cell: ({ finding }) => linkOrText(finding.id, isHttpUrl(finding.link) ? finding.link : advisoryUrl(finding.id))
  },
  severity: { header: 'Severity', cell: ({ finding }) => finding.severity },
  score: { header: 'Score', cell: ({ finding }) => (finding.score === undefined ? '' : finding.score.toFixed(1)) },
  package: { header: 'Package', cell: packageCell },
  version: { header: 'Installed', cell: ({ finding }) => escapeMarkdown(finding.packageVersion, 60) },
  fixedIn: { header: 'Fixed in', cell: ({ finding }) => escapeMarkdown(finding.fixedInVersion, 60) },
  exploit: {
    header: 'Exploit',
    cell: ({ finding }) => ({ YES: 'yes', NO: 'no', UNKNOWN: '' })[finding.exploitAvailable] ?? ''
  },
  reason: { header: 'Why', cell: (d) => escapeMarkdown(d.reason, 200) }
} satisfies Record<string, Column>

export const BLOCKING_COLUMNS: Column[] = [
  COLUMNS.id,
  COLUMNS.severity,
  COLUMNS.score,
  COLUMNS.package,
  COLUMNS.version,
  COLUMNS.fixedIn,
  COLUMNS.exploit
]

/** A findings table that fits a byte budget and a row cap; `omitted` is how many rows did not make it. */
export function findingsTable(
  rows: readonly DecidedFinding[],
  columns: readonly Column[],
  limits: { bytes: number; rows: number }
): { markdown: string; omitted: number } {
  const head = tableHead(columns.map((column) => column.header))
  const lines = [head]
  let bytes = byteLength(head)
  let shown = 0
  for (const d of rows) {
    if (shown >= limits.rows) break
    const line = tableRow(columns.map((column) => column.cell(d)))
    const size = byteLength(line) + 1
    if (bytes + size > limits.bytes) break
    lines.push(line)
    bytes += size
    shown++
  }
  return { markdown: shown === 0 ? '' : lines.join('\n'), omitted: rows.length - shown }
}

/**
 * How many findings a table left out, and where the full list is. The SARIF file is named only for blocking findings
 * (`inSarif`): it leaves out ignored and suppressed ones, which code scanning would open as alerts.
 */
export function omittedNote(omitted: number, what: string, report: GateReport, inSarif = false): string {
  if (omitted <= 0) return ''
  const files = [report.reportFile && 'the JSON report', inSarif && report.sarifFile && 'the SARIF file'].filter(Boolean)
  const where = files.length > 0 ? `: see ${files.join(' or ')}` : ''
  return `_… and ${grouped(omitted)} more ${what} not shown here${where}._`
}

const VERDICT_ICON = { pass: '✅', fail: '❌', undecided: '⚠️' } as const

/** The heading line and the one-sentence verdict that open both the summary and the PR comment. */
export function verdictLines(report: GateReport, level: number): string[] {
  const result = outcome(report)
  const words = result === 'undecided' ? 'could not decide' : result
  const image = report.target ? ` for ${imageName(report)}` : ''
  const lines = [`${'#'.repeat(level)} ${VERDICT_ICON[result]} ECR scan gate: ${words}${image}`, '']
  const counts = report.verdict?.counts
  if (report.error !== undefined) {
    lines.push(`**The gate could not decide:** ${escapeMarkdown(report.error, 2000) || 'unknown error'}`)
  } else if (counts && counts.blocking > 0) {
    lines.push(`**${plural(counts.blocking, 'finding')} ${counts.blocking === 1 ? 'breaks' : 'break'} the policy.**`)
  } else if (counts) {
    lines.push('**No finding breaks the policy.**')
  }
  if (counts) {
    const suppressed =
      counts.suppressed > 0 ? `; ${grouped(counts.suppressed)} suppressed in Amazon Inspector (left out of these counts)` : ''
    lines.push('', `${plural(counts.total, 'finding')}: ${grouped(counts.blocking)} blocking, ${grouped(counts.ignored)} ignored${suppressed}.`)
  }
  return lines
}

/** `n thing` or `n things`. */
export function plural(n: number, word: string): string {
  return `${grouped(n)} ${word}${n === 1 ? '' : 's'}`
}

/**
 * A number with thousands separators, as toLocaleString('en-US') writes it: that call first loads ICU's locale data,
 * about 9 ms of every run for a few counts.
 */
export function grouped(n: number): string {
  const [whole = '', fraction] = String(n).split('.')
  return `${whole.replace(/\B(?=(\d{3})+$)/g, ',')}${fraction === undefined ? '' : `.${fraction}`}`
}

/** repository:tag, or repository@digest when only the digest is known, escaped. */
export function imageName(report: GateReport): string {
  const target = report.target
  if (!target) return ''
  const digest = report.imageDigest || target.imageDigest
  const ref = target.imageTag ? `:${target.imageTag}` : digest ? `@${digest}` : ''
  return escapeMarkdown(`${target.repositoryName}${ref}`, 400)
}

/** The image as one line: repository, tag, digest, account and region when known. */
export function imageLine(report: GateReport): string {
  const target = report.target
  if (!target) return ''
  const digest = report.imageDigest || target.imageDigest
  const parts = [`**Image:** repository ${escapeMarkdown(target.repositoryName, 256)}`]
  if (target.imageTag) parts.push(`tag ${escapeMarkdown(target.imageTag, 300)}`)
  if (target.registryId) parts.push(`account ${escapeMarkdown(target.registryId, 20)}`)
  if (target.region) parts.push(`region ${escapeMarkdown(target.region, 30)}`)
  // A digest is too long to share a line with the rest without breaking mid-sentence.
  return digest ? `${parts.join(', ')}  \n**Digest:** ${escapeMarkdown(digest, 100)}` : parts.join(', ')
}
