import { prepareReportPath } from './checkout.js'
import { writeChunkedFile } from './chunked-file.js'
import { fileWriteError } from './errors.js'
import type { Finding } from './finding.js'
import { sortedFindings } from './markdown.js'
import { type DecidedFinding, type Decision, findingKey } from './policy.js'
import { type GateReport, decidedVerdict, outcome } from './report.js'
import { TOOL_NAME, TOOL_VERSION } from './sarif.js'

/** The report's schema version: bumped only when a field changes meaning or goes away (new fields keep it). */
export const REPORT_VERSION = 1
// Finding text comes from package metadata: a megabyte description helps no later step and can exhaust memory.
const MAX_DESCRIPTION = 32_768
const MAX_TEXT = 4_096
// A chunk stays under 128 KiB, so it dies young: V8 allocates larger strings in a space only a full collection frees,
// and at 100,000 findings chunks of a thousand added some 30 MB to the peak.
const FINDINGS_PER_CHUNK = 100

// Every decision, in the order the report counts them; a Record so a new Decision fails to compile until added here.
const DECISIONS: Record<Decision, true> = {
  blocking: true,
  ignored: true,
  suppressed: true,
  'not-new': true,
  'below-threshold': true,
  'below-min-score': true,
  'no-fix': true,
  'within-budget': true
}

/** Writes the JSON report to `path` (the report-file input) and returns it; nothing when the path is empty. */
export async function writeReportFile(report: GateReport, path = report.inputs?.reportFile ?? ''): Promise<string | undefined> {
  if (!path) return undefined
  try {
    await prepareReportPath(path)
    // Made and written a chunk of findings at a time: 100,000 findings never become one string.
    await writeChunkedFile(path, reportChunks(report))
  } catch (error) {
    throw fileWriteError('the JSON report', path, 'report-file', 'report', error)
  }
  return path
}

/** The whole report as one string (tests, small reports); writeReportFile streams the same chunks. */
export function renderReport(report: GateReport): string {
  return [...reportChunks(report)].join('')
}

/** The report as JSON text in pieces: the header fields pretty-printed, then one finding per line. */
export function* reportChunks(report: GateReport): Generator<string> {
  // No counts, no findings for an undecided run, as for any other, so a reader never takes them for a verdict.
  const verdict = decidedVerdict(report)
  const target = report.target ?? report.inputs?.target
  const header = {
    version: REPORT_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    verdict: outcome(report),
    error: report.error === undefined ? null : text(report.error, MAX_TEXT),
    image: {
      repository: target?.repositoryName ?? null,
      tag: target?.imageTag ?? null,
      digest: report.imageDigest || target?.imageDigest || null,
      registry: target?.registryId ?? null,
      region: target?.region ?? null
    },
    scan: {
      status: report.scanStatus || null,
      completedAt: isoDate(report.scanCompletedAt),
      vulnerabilitySourceUpdatedAt: isoDate(report.vulnerabilitySourceUpdatedAt)
    },
    policy: report.policy
      ? {
          severityThreshold: report.policy.severityThreshold,
          onlyFixed: report.policy.onlyFixed,
          blockExploitable: report.policy.blockExploitable,
          minScore: report.policy.minScore ?? null,
          max: report.policy.max,
          ignore: report.policy.ignore
        }
      : null,
    counts: verdict ? verdict.counts : null,
    decisions: verdict ? decisionCounts(verdict.decided) : null,
    rules: verdict ? { expired: verdict.expiredRules, stale: verdict.staleRules } : null,
    baseline: report.baseline ?? null,
    warnings: report.warnings
  }
  for (const [i, [key, value]] of Object.entries(header).entries()) {
    yield `${i === 0 ? '{' : ','}\n  ${JSON.stringify(key)}: `
    yield* prettyChunks(value, '  ')
  }
  const decided = verdict ? sortedFindings(verdict.decided, undefined, { blockingFirst: true }) : []
  if (decided.length === 0) {
    yield ',\n  "findings": []\n}\n'
    return
  }
  yield ',\n  "findings": [\n'
  for (let start = 0; start < decided.length; start += FINDINGS_PER_CHUNK) {
    const lines = decided.slice(start, start + FINDINGS_PER_CHUNK).map((d) => `    ${findingLine(d)}`)
    const last = start + FINDINGS_PER_CHUNK >= decided.length
    yield `${lines.join(',\n')}${last ? '\n' : ',\n'}`
  }
  yield '  ]\n}\n'
}

// JSON.stringify escapes a lone surrogate as \\udXXX and writes paired ones raw, so a line without `\\ud` has none:
// only such lines (or a literal backslash-u-d in the data) pay for the character-by-character repair.
function findingLine(decided: DecidedFinding): string {
  const fast = findingJson(decided, capped)
  return fast.includes('\\ud') ? findingJson(decided, text) : fast
}

function capped(value: string, max: number): string {
  return value.length > max ? text(value, max) : value
}

/** The fields of a finding's entry, in the order written: every field of Finding, or this fails to compile. */
export const ENTRY_FIELDS = [
  'id',
  'key',
  'decision',
  'reason',
  'severity',
  'rawSeverity',
  'score',
  'vector',
  'kind',
  'packageName',
  'packageVersion',
  'fixedInVersion',
  'fixAvailable',
  'exploitAvailable',
  'packages',
  'title',
  'description',
  'link',
  'inspectorStatus',
  'findingArn'
] as const
const everyField: Exclude<keyof Finding, (typeof ENTRY_FIELDS)[number]> extends never ? true : never = true
void everyField

const json = JSON.stringify

// One object per finding, serialised by one JSON.stringify call: twenty calls per finding, one per string, with the
// text joined around them, took a quarter more time (10,000 findings, Node 24: 46 against 37 ms; 100,000: 522 against
// 388 ms). A test holds the keys to ENTRY_FIELDS.
function findingJson({ finding, decision, reason }: DecidedFinding, clip: (value: string, max: number) => string): string {
  return json({
    id: clip(finding.id, MAX_TEXT),
    key: clip(findingKey(finding), MAX_TEXT),
    decision,
    reason: clip(reason, MAX_TEXT),
    severity: finding.severity,
    rawSeverity: clip(finding.rawSeverity, MAX_TEXT),
    score: finding.score ?? null,
    vector: clip(finding.vector, MAX_TEXT),
    kind: finding.kind,
    packageName: clip(finding.packageName, MAX_TEXT),
    packageVersion: clip(finding.packageVersion, MAX_TEXT),
    fixedInVersion: clip(finding.fixedInVersion, MAX_TEXT),
    fixAvailable: finding.fixAvailable,
    exploitAvailable: finding.exploitAvailable,
    packages: finding.packages.map((pkg) => ({
      name: clip(pkg.name, MAX_TEXT),
      version: clip(pkg.version, MAX_TEXT),
      fixedInVersion: clip(pkg.fixedInVersion, MAX_TEXT),
      filePath: clip(pkg.filePath, MAX_TEXT),
      packageManager: clip(pkg.packageManager, MAX_TEXT)
    })),
    title: clip(finding.title, MAX_TEXT),
    description: clip(finding.description, MAX_DESCRIPTION),
    link: clip(finding.link, MAX_TEXT),
    inspectorStatus: clip(finding.inspectorStatus, MAX_TEXT),
    findingArn: clip(finding.findingArn, MAX_TEXT)
  })
}

function decisionCounts(decided: readonly DecidedFinding[]): Record<Decision, number> {
  const counts = Object.fromEntries(Object.keys(DECISIONS).map((decision) => [decision, 0])) as Record<Decision, number>
  for (const { decision } of decided) counts[decision]++
  return counts
}

const SURROGATE = /[\ud800-\udfff]/
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/**
 * Text as well-formed Unicode of at most max UTF-16 units (cut at a character boundary, marked with an ellipsis).
 * JSON.stringify would escape a lone surrogate validly, but strict parsers (Rust's serde_json, Go's encoding/json
 * turning it into U+FFFD silently) disagree on it: it becomes U+FFFD here, visibly and the same for everyone.
 */
function text(value: unknown, max: number): string {
  const raw = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value)
  let head = raw.length > max ? raw.slice(0, max - 1) : raw
  if (raw.length > max && /[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1)
  const wellFormed = SURROGATE.test(head) ? head.replace(LONE_SURROGATES, '\ufffd') : head
  return raw.length > max ? `${wellFormed}…` : wellFormed
}

// Policy, rules and baseline are plain data from inputs, policy and VEX files: their strings get the same treatment.
function clean<T>(value: T): T {
  if (typeof value === 'string') return text(value, MAX_TEXT) as T
  if (Array.isArray(value)) return value.map((item: unknown) => clean(item)) as T
  if (value instanceof Date) return isoDate(value) as T
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, clean(item)])) as T
  }
  return value
}

function isoDate(value: Date | undefined): string | null {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : null
}

/**
 * JSON.stringify(clean(value), null, 2), indented by `pad`, in pieces: objects field by field, lists item by item, so
 * 200,000 VEX rules (listed again as stale) are never copied, serialised and re-indented whole.
 */
export function* prettyChunks(value: unknown, pad: string): Generator<string> {
  const inner = `${pad}  `
  if (Array.isArray(value) && value.length > 0) {
    for (const [i, item] of value.entries()) yield `${i === 0 ? '[' : ','}\n${inner}${pretty(item, inner)}`
    yield `\n${pad}]`
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value)) {
    const fields = Object.entries(value).filter(([, item]) => item !== undefined)
    for (const [i, [key, item]] of fields.entries()) {
      yield `${i === 0 ? '{' : ','}\n${inner}${JSON.stringify(key)}: `
      yield* prettyChunks(item, inner)
    }
    yield fields.length === 0 ? '{}' : `\n${pad}}`
  } else {
    yield pretty(value, pad)
  }
}

function pretty(value: unknown, pad: string): string {
  return (JSON.stringify(clean(value), null, 2) ?? 'null').replace(/\n/g, `\n${pad}`)
}
