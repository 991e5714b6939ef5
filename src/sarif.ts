import { hash } from 'node:crypto'
import { posix } from 'node:path'
import { gzipSync } from 'node:zlib'
import * as core from '@actions/core'
import { prepareReportPath } from './checkout.js'
import { writeChunkedFile } from './chunked-file.js'
import { fileWriteError } from './errors.js'
import { type Finding, type Severity, type VulnerablePackage, severityRank } from './finding.js'
import { listed, oneLine } from './log-safety.js'
import {
  advisoryUrl,
  compareText,
  escapeMarkdown,
  grouped,
  isCanonicalHttpUrl,
  linkOrText,
  parseHttpUrl
} from './markdown.js'
import type { DecidedFinding } from './policy.js'
import type { GateReport } from './report.js'
import { setKey } from './set-key.js'

export const TOOL_NAME = 'ecr-scan-gate'
/** Kept by hand: ncc bundles no package.json; a test holds it equal to package.json's version. */
export const TOOL_VERSION = '1.0.0'
// The repository the README's `uses:` line names; its owner "org" stands for the one it is published under.
const TOOL_INFORMATION_URI = 'https://github.com/org/ecr-scan-gate'
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'
/** The partialFingerprints key that names our own fingerprint algorithm; bump the version if the inputs change. */
export const FINGERPRINT_KEY = 'ecrScanGate/v1'
/** GitHub rejects a run with more results than this. */
export const MAX_RESULTS_PER_RUN = 25_000
/** GitHub rejects a file over 10 MB gzipped; 10,000,000 bytes is the strictest reading of "10 MB". */
const MAX_GZIP_BYTES = 10_000_000

// Tried from a run's first slash only: from every slash, a long run followed by anything else costs its length squared.
const TRAILING_SLASHES = /(?<!\/)\/+$/

// Where CVSS gives no score: the values Trivy uses, so alerts from both tools rank alike. INFORMATIONAL gets the
// lowest valid value (GitHub accepts 0.1 to 10.0 and has no band under "low"); UNTRIAGED gets none, so GitHub ranks
// it by its level instead of by a severity nobody has assessed yet.
const FALLBACK_SECURITY_SEVERITY: Record<Severity, string | undefined> = {
  CRITICAL: '9.5',
  HIGH: '8.0',
  MEDIUM: '5.5',
  LOW: '2.0',
  INFORMATIONAL: '0.1',
  UNTRIAGED: undefined
}

// GitHub shows at most 1024 characters of a rule's descriptions; the rest bound what one finding can add to the file.
const MAX_DESCRIPTION = 1000
const MAX_ID = 200
const MAX_NAME = 200
const MAX_VERSION = 100
const MAX_PATH = 500
const MAX_REASON = 300
const MAX_PACKAGES_IN_HELP = 20
const MAX_PACKAGE_MANAGER_TAGS = 5
const SAMPLE_BYTES = 1_000_000
// Results drafted at most: drafts held until the file is written cost some 3 MB of memory per thousand.
const DRAFT_LIMIT = 10_000
// Results drafted at a time, about a millisecond of work: a page that arrives meanwhile waits no longer than that.
const DRAFT_SLICE = 100
// Ids as vendors write them (CVE-2024-1234, GHSA-xxxx-xxxx-xxxx, ALAS2-2024-123) need no cleaning: the fast path.
const SIMPLE_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/

/** What buildSarif may be told besides the report; each defaults from report.inputs or GitHub's limits. */
export interface SarifOptions {
  /** Repository-relative path the results point at; default inputs.dockerfile. Empty means image-scoped paths. */
  dockerfile?: string
  /** Category for runAutomationDetails.id; default inputs.sarifCategory, else derived from the repository. */
  category?: string
  /** Absolute checkout path (GITHUB_WORKSPACE): an absolute dockerfile under it becomes repository-relative. */
  workspace?: string
  maxResults?: number
  maxGzipBytes?: number
  /**
   * Also emit ignored and suppressed findings, marked with SARIF `suppressions`. Off by default: GitHub code scanning
   * does not honour `suppressions` (github/codeql-action#1230), so they would open alerts for accepted risks.
   */
  includeSuppressed?: boolean
  /** Texts made while the pages were read; each is used only where it matches what would be made now. */
  draft?: SarifDraft
}

/** The serialised SARIF log and what it holds. */
export interface SarifBuild {
  /** The SARIF 2.1.0 log, compact JSON. */
  text: string
  results: number
  rules: number
  /** Results left out to stay within GitHub's limits. */
  dropped: number
  /** For report.warnings: what was left out and why. */
  warnings: string[]
}

/** A result the file holds: made only for the kept ones (see collectCandidates). */
interface Candidate {
  decided: DecidedFinding
  pkg: VulnerablePackage | undefined
  ruleId: string
  /** The id as identities compare it (upper case). */
  ruleKey: string
  /** Identity of the result across builds, when ordering or deduplicating needed it (see identityOf). */
  identity?: string
}

interface RuleState {
  id: string
  index: number
  representative: Finding
  /** The packages the help lists (distinct by name, version and fix; at most MAX_PACKAGES_IN_HELP). */
  packages: VulnerablePackage[]
  morePackages: number
  packageManagers: string[]
}

/** Writes the SARIF file named by inputs.sarifFile and returns its path; nothing without a path or a verdict. */
export async function writeSarif(report: GateReport, options: SarifOptions = {}): Promise<string | undefined> {
  const path = report.inputs?.sarifFile ?? ''
  // An empty run would close every open alert: only a decided gate may speak for the image.
  if (!path || !report.verdict) return undefined
  const plan = planSarif(report, { workspace: process.env.GITHUB_WORKSPACE, ...options })
  let count: number | undefined
  try {
    await prepareReportPath(path)
    // Written as made, every result GitHub's count allows; gzipping the same bytes on the way tells whether the file
    // is within the size limit without holding it.
    const chunks = sarifChunks(plan, plan.ruleList.length, plan.kept.length)
    const { bytes, gzipBytes = 0 } = await writeChunkedFile(path, chunks, { measureGzip: true })
    if (fitsUnzipped(bytes, plan.maxGzipBytes) || gzipBytes <= plan.maxGzipBytes * MEASURE_MARGIN) {
      count = plan.kept.length
    } else {
      // Rare (megabytes of text per finding): cut the tail the way the in-memory build does, and write again.
      plan.draft?.used.reset()
      const fitted = fitInMemory(plan)
      count = fitted.count
      await writeChunkedFile(path, fitted.parts)
    }
  } catch (error) {
    count ??= fitInMemory(plan).count
    report.warnings.push(...limitWarnings(plan, count))
    // An error, not a warning: the file is what code scanning reads, and a step that passed without it would let
    // the upload after it fail, or upload nothing, with no verdict on record.
    throw fileWriteError('the SARIF file', path, 'sarif-file', 'SARIF', error)
  }
  report.warnings.push(...limitWarnings(plan, count))
  core.info(`SARIF: wrote ${count} result(s) for ${rulesUsedBy(plan, count)} vulnerability id(s) to ${oneLine(path, 500)}.`)
  const used = plan.draft?.used
  if (used) core.debug(`SARIF: ${used.rules} rule text(s) and ${used.results} result(s) were made from drafts made while pages arrived.`)
  return path
}

/** Builds the SARIF log for code scanning from the decided findings: pure, deterministic, within GitHub's limits. */
export function buildSarif(report: GateReport, options: SarifOptions = {}): SarifBuild {
  const plan = planSarif(report, options)
  const { count, parts } = fitInMemory(plan)
  return {
    text: [...parts].join(''),
    results: count,
    rules: rulesUsedBy(plan, count),
    dropped: plan.total - count,
    warnings: limitWarnings(plan, count)
  }
}

/** Everything the file is made from, before any text: the candidates in order and the rules the kept ones use. */
interface Plan {
  frame: Frame
  repository: string
  dockerfile: string
  /** Where results point without a dockerfile: the repository as a relative URI. */
  imageRoot: string
  identity: Identity
  maxResults: number
  maxGzipBytes: number
  /** Results before the limits. */
  total: number
  kept: Candidate[]
  /** The results past maxResults, counted rather than held: only the warning needs them. */
  beyondKept: Tally
  rules: Map<string, RuleState>
  ruleList: RuleState[]
  /** Per rule, the index of the first kept result that uses it. */
  ruleFirstUse: number[]
  draft: SarifDraft | undefined
}

function planSarif(report: GateReport, options: SarifOptions): Plan {
  options.draft?.stop()
  const repository = repositoryText(report.target?.repositoryName ?? report.inputs?.target.repositoryName ?? '')
  const dockerfile = artifactUri(options.dockerfile ?? report.inputs?.dockerfile ?? '', options.workspace)
  const maxResults = Math.max(0, Math.min(options.maxResults ?? MAX_RESULTS_PER_RUN, MAX_RESULTS_PER_RUN))
  const maxGzipBytes = options.maxGzipBytes ?? MAX_GZIP_BYTES
  const identity = identityOf(repository)
  const includeSuppressed = options.includeSuppressed ?? false
  const collected = collectCandidates(report.verdict?.decided ?? [], identity, includeSuppressed, maxResults)
  const { kept, total, beyondKept } = collected
  const rules = new Map<string, RuleState>()
  const ruleFirstUse: number[] = []
  kept.forEach((candidate, i) => {
    const index = noteRule(rules, candidate)
    if (index === ruleFirstUse.length) ruleFirstUse.push(i)
  })
  const frame = runFrame(report, repository, options.category ?? report.inputs?.sarifCategory ?? '')
  const ruleList = [...rules.values()]
  return {
    frame,
    repository,
    dockerfile,
    imageRoot: encodePath(repository) || 'image',
    identity,
    maxResults,
    maxGzipBytes,
    total,
    kept,
    beyondKept,
    rules,
    ruleList,
    ruleFirstUse,
    // Drafted for another repository (inputs that changed since), its texts would name the wrong one.
    draft: options.draft?.repository === repository ? options.draft : undefined
  }
}

function repositoryText(repositoryName: string): string {
  return oneLine(repositoryName, MAX_NAME)
}

function ruleText(plan: Plan, index: number): string {
  const state = plan.ruleList[index] as RuleState
  return plan.draft?.ruleText(state) ?? ruleJson(state.id, state)
}

function resultText(plan: Plan, index: number): string {
  const candidate = plan.kept[index] as Candidate
  const state = plan.rules.get(candidate.ruleId) as RuleState
  return resultJson(candidate, state.index, plan)
}

// Rules and results are written as JSON text directly, in the key order of SARIF's ReportingDescriptor and Result,
// every string through JSON.stringify: building an object per rule and result first made them three times slower and
// was most of the garbage at 100,000 findings. The schema and golden-file tests hold the shape.
const json = JSON.stringify

/** Ignored by a rule or suppressed in Inspector: an accepted risk, which SARIF marks with `suppressions`. */
function isAccepted(decided: DecidedFinding): boolean {
  return decided.decision === 'ignored' || decided.decision === 'suppressed'
}

function isExcluded(decided: DecidedFinding, includeSuppressed: boolean): boolean {
  return !includeSuppressed && isAccepted(decided)
}

interface Collected {
  /** The first maxResults results in priority order. */
  kept: Candidate[]
  /** Results after removing duplicates, kept or not. */
  total: number
  /** The results past maxResults, counted rather than held: only the warning needs them. */
  beyondKept: Tally
}

/**
 * Every result (a finding in each of its packages) in priority order without duplicates: the first maxResults become
 * candidates, the rest are only counted. Sorted as indices over typed arrays, so 100,000 findings do not become
 * 100,000 objects of which GitHub takes a quarter: those outlived the young generation and made it grow.
 */
function collectCandidates(
  decided: readonly DecidedFinding[],
  identity: Identity,
  includeSuppressed: boolean,
  maxResults: number
): Collected {
  let count = 0
  for (const d of decided) if (!isExcluded(d, includeSuppressed)) count += resultsOf(d.finding)
  const owners = new Int32Array(count)
  // Which of the finding's packages, or -1 when it names none.
  const packageIndex = new Int32Array(count)
  // Blocking first, then severity: rank (1 to 6) plus 8 when blocking, so one comparison orders both.
  const orders = new Uint8Array(count)
  const scores = new Float64Array(count)
  const ruleIds: string[] = []
  const ruleKeys: string[] = []
  // How many results each id has: an id with one result cannot have a duplicate, so only the others need identities.
  const perRule = new Map<string, number>()
  let at = 0
  decided.forEach((d, owner) => {
    if (isExcluded(d, includeSuppressed)) return
    const finding = d.finding
    const ruleId = ruleIdOf(finding)
    const ruleKey = ruleId.toUpperCase()
    const packages = resultsOf(finding)
    const order = (d.decision === 'blocking' ? 8 : 0) + severityRank(finding.severity)
    const score = finding.score ?? -1
    perRule.set(ruleKey, (perRule.get(ruleKey) ?? 0) + packages)
    for (let p = 0; p < packages; p++, at++) {
      owners[at] = owner
      packageIndex[at] = finding.packages.length > 0 ? p : -1
      orders[at] = order
      scores[at] = score
      ruleIds.push(ruleId)
      ruleKeys.push(ruleKey)
    }
  })
  const candidateAt = (i: number): Candidate => {
    const d = decided[owners[i] ?? 0] as DecidedFinding
    const p = packageIndex[i] ?? -1
    const pkg = p < 0 ? undefined : d.finding.packages[p]
    return { decided: d, pkg, ruleId: ruleIds[i] ?? '', ruleKey: ruleKeys[i] ?? '' }
  }
  // Made on first need, at full length: writing far past the end of an empty array makes a slow dictionary of it.
  let identities: (string | undefined)[] | undefined
  const identityAt = (i: number): string => {
    identities ??= new Array<string | undefined>(count)
    return (identities[i] ??= identity(candidateAt(i)))
  }
  const sorted = Array.from(orders, (_, i) => i)
  sorted.sort(
    // Blocking first, then severity, then score; ties broken by id and package so the order never depends on ECR's.
    (a, b) =>
      (orders[b] ?? 0) - (orders[a] ?? 0) ||
      (scores[b] ?? 0) - (scores[a] ?? 0) ||
      compareText(ruleIds[a] ?? '', ruleIds[b] ?? '') ||
      compareText(identityAt(a), identityAt(b))
  )
  // The same vulnerability in the same package twice would be one alert to GitHub: keep the most severe copy.
  const seen = new Set<string>()
  const kept: Candidate[] = []
  const beyondKept = new Tally()
  let total = 0
  for (const i of sorted) {
    if (perRule.get(ruleKeys[i] ?? '') !== 1) {
      const key = setKey(identityAt(i))
      if (seen.has(key)) continue
      seen.add(key)
    }
    total++
    if (kept.length < maxResults) {
      const candidate = candidateAt(i)
      const known = identities?.[i]
      if (known !== undefined) candidate.identity = known
      kept.push(candidate)
    } else {
      beyondKept.add(decided[owners[i] ?? 0] as DecidedFinding)
    }
  }
  return { kept, total, beyondKept }
}

function ruleIdOf(finding: Finding): string {
  return SIMPLE_ID.test(finding.id) ? finding.id : oneLine(finding.id, MAX_ID) || 'UNKNOWN-VULNERABILITY'
}

type Identity = (candidate: Candidate) => string

/**
 * The identity of a result (its fingerprint's input): the one ordering or deduplicating made, else made anew, so the
 * 25,000 written results do not each keep theirs alive until the file is done.
 */
function identityOf(repository: string): Identity {
  const prefix = `[${JSON.stringify(repository)},`
  return (candidate) => {
    if (candidate.identity !== undefined) return candidate.identity
    const { pkg, ruleKey } = candidate
    const finding = candidate.decided.finding
    // The JSON of [repository, id, name, version, path], written without the array: the same text, less garbage.
    return (
      `${prefix}${json(ruleKey)},${json(head(pkg?.name ?? finding.packageName))},` +
      `${json(head(pkg?.version ?? finding.packageVersion))},${json(head(pkg?.filePath ?? ''))}]`
    )
  }
}

// Enough to tell packages apart; a megabyte name must not make every comparison and hash a megabyte long.
function head(text: string): string {
  return text.length > 1000 ? text.slice(0, 1000) : text
}

function noteRule(rules: Map<string, RuleState>, candidate: Candidate): number {
  const finding = candidate.decided.finding
  let state = rules.get(candidate.ruleId)
  if (!state) {
    // Arrays rather than a Map and a Set per rule: they hold a few items, and 25,000 rules' hash tables cost 8 MB.
    const id = candidate.ruleId
    state = { id, index: rules.size, representative: finding, packages: [], morePackages: 0, packageManagers: [] }
    rules.set(candidate.ruleId, state)
  } else if (moreSevere(finding, state.representative)) {
    state.representative = finding
  }
  const pkg = candidate.pkg
  if (!pkg) return state.index
  if (state.packages.some((known) => samePackage(known, pkg))) return state.index
  // A literal for the first: a push onto an empty array reserves 17 slots, and most rules list one package.
  if (state.packages.length === 0) state.packages = [pkg]
  else if (state.packages.length < MAX_PACKAGES_IN_HELP) state.packages.push(pkg)
  else state.morePackages++
  const manager = tagText(pkg.packageManager)
  const managers = state.packageManagers
  if (!manager || managers.includes(manager)) return state.index
  if (managers.length === 0) state.packageManagers = [manager]
  else if (managers.length < MAX_PACKAGE_MANAGER_TAGS) managers.push(manager)
  return state.index
}

/** A rule's text as drafted from one finding, with what it was made from. */
interface DraftRule {
  packages: readonly VulnerablePackage[]
  morePackages: number
  packageManagers: readonly string[]
  text: string
}

/** What a result's text holds that neither the verdict nor the file's order decides. */
interface DraftResult {
  pkg: VulnerablePackage | undefined
  fingerprint: string
  messageHead: string
}

/**
 * Rule texts, fingerprints and message openings made ahead of the verdict, from each page of findings read while the
 * next page is on its way: that round trip is idle time, and at 10,000 findings these texts took some 50 ms after the
 * last page. A drafted text is used only where what would be made now is the same by construction: a rule whose one
 * representative finding and packages (by identity) are the ones drafted, a result of the same finding and package;
 * anything else is made anew, as without a draft.
 */
export class SarifDraft {
  readonly repository: string
  /** How many rule texts and results the last pass over the file took from drafts: for the debug log. */
  readonly used = {
    rules: 0,
    results: 0,
    reset(): void {
      this.rules = this.results = 0
    }
  }
  private readonly identity: Identity
  private rules = new WeakMap<Finding, DraftRule>()
  private results = new WeakMap<Finding, DraftResult[]>()
  private queue: Finding[] = []
  private queueHead = 0
  /** Results (a finding in each of its packages) read, and queued, since page one of the current read. */
  private read = 0
  private queued = 0
  private next: NodeJS.Immediate | undefined
  /** Set when drafting threw: no more drafting in this run. */
  private failed = false

  constructor(repositoryName: string) {
    this.repository = repositoryText(repositoryName)
    this.identity = identityOf(this.repository)
  }

  /**
   * Queues a page's findings for drafting, a slice at a time between other work, so a page arriving meanwhile is
   * handled (and the next one asked for) without waiting for the drafts. Counted in results, as the file counts them:
   * not past DRAFT_LIMIT, and not at all when the scan holds more than one run can (ECR's counts, `announced`, say so
   * up front; the results read say so when the counts were too low, and then the drafts made are dropped): which
   * results the file keeps is known only with the verdict, and drafts of the rest would only hold memory. (The last
   * page is never told: a scan whose results pass 25,000 on it keeps its drafts, at most DRAFT_LIMIT of them.) Page
   * one starts afresh: a read that starts over (the scan changed under it) drafts its own findings.
   */
  readonly add = (findings: readonly Finding[], announced: number | undefined, page: number): void => {
    if (this.failed) return
    if (page === 1) this.drop({ restart: true })
    const results = findings.reduce((sum, finding) => sum + resultsOf(finding), 0)
    const within = this.read <= MAX_RESULTS_PER_RUN
    this.read += results
    if (this.read > MAX_RESULTS_PER_RUN) {
      if (within) this.drop({ restart: false })
      return
    }
    if (announced === undefined || announced > MAX_RESULTS_PER_RUN || this.queued + results > DRAFT_LIMIT) return
    this.queued += results
    this.queue.push(...findings)
    // stop() ends the chain: the file's plan calls it, and main.ts does for a run that ends without a file.
    this.next ??= setImmediate(this.draftSlice)
  }

  /** Findings queued and not yet drafted. */
  get pending(): number {
    return this.queue.length - this.queueHead
  }

  /** Ends drafting: what is still queued is made with the file, as without a draft. */
  stop(): void {
    clearImmediate(this.next)
    this.next = undefined
    this.queue = []
    this.queueHead = 0
  }

  /** Stops and forgets every draft; with `restart`, a new read begins. */
  private drop({ restart }: { restart: boolean }): void {
    this.stop()
    this.rules = new WeakMap()
    this.results = new WeakMap()
    if (restart) this.read = this.queued = 0
  }

  private readonly draftSlice = (): void => {
    this.next = undefined
    try {
      for (let budget = DRAFT_SLICE; budget > 0 && this.queueHead < this.queue.length; ) {
        const finding = this.queue[this.queueHead++] as Finding
        budget -= resultsOf(finding)
        this.draftOne(finding)
      }
    } catch (error) {
      // Drafts only save time: the file is made without them, and says whatever is wrong itself.
      core.debug(`SARIF drafts stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
      this.failed = true
      this.drop({ restart: false })
      return
    }
    if (this.pending > 0) this.next = setImmediate(this.draftSlice)
    else this.stop()
  }

  private draftOne(finding: Finding): void {
    const rules = new Map<string, RuleState>()
    const results: DraftResult[] = []
    for (const candidate of this.candidatesAlone(finding)) {
      noteRule(rules, candidate)
      const fingerprint = fingerprintOf(this.identity(candidate))
      results.push({ pkg: candidate.pkg, fingerprint, messageHead: flat(messageHead(candidate, this.repository)) })
    }
    this.results.set(finding, results)
    for (const state of rules.values()) {
      const { packages, morePackages, packageManagers } = state
      this.rules.set(finding, { packages, morePackages, packageManagers, text: flat(ruleJson(state.id, state)) })
    }
  }

  /**
   * The results the file would make of this finding were it the only one of its rule, as collectCandidates orders and
   * deduplicates them (by identity), without its typed arrays: a few small ones per finding cost more than the texts.
   */
  private candidatesAlone(finding: Finding): Candidate[] {
    const decided: DecidedFinding = { finding, decision: 'blocking', reason: '' }
    const ruleId = ruleIdOf(finding)
    const ruleKey = ruleId.toUpperCase()
    if (finding.packages.length <= 1) return [{ decided, pkg: finding.packages[0], ruleId, ruleKey }]
    const candidates = finding.packages.map((pkg): Candidate => ({ decided, pkg, ruleId, ruleKey }))
    for (const candidate of candidates) candidate.identity = this.identity(candidate)
    candidates.sort((a, b) => compareText(a.identity ?? '', b.identity ?? ''))
    return candidates.filter((candidate, i) => i === 0 || candidate.identity !== candidates[i - 1]?.identity)
  }

  /** The drafted text of this rule, if the rule is still the one drafted. */
  ruleText(state: RuleState): string | undefined {
    const draft = this.rules.get(state.representative)
    if (
      !draft ||
      draft.morePackages !== state.morePackages ||
      !sameItems(draft.packages, state.packages) ||
      !sameItems(draft.packageManagers, state.packageManagers)
    ) {
      return undefined
    }
    this.used.rules++
    return draft.text
  }

  /** What was drafted for this result's finding and package, if anything. */
  result(candidate: Candidate): DraftResult | undefined {
    const draft = this.results.get(candidate.decided.finding)?.find((made) => made.pkg === candidate.pkg)
    if (draft) this.used.results++
    return draft
  }
}

/**
 * The text as one flat string. Concatenation makes a tree of its pieces, and a text held until the file is written
 * would keep the tree alive: 10,000 drafted rules took 96 MB so, against 11 MB flat.
 */
function flat(text: string): string {
  // V8 flattens a string a regular expression reads; this one matches at once, without scanning it.
  FLATTEN.lastIndex = 0
  FLATTEN.test(text)
  return text
}

const FLATTEN = /(?:)/y

/** The results a finding makes in the file: one per package it names, or one. */
function resultsOf(finding: Finding): number {
  return Math.max(1, finding.packages.length)
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i])
}

function samePackage(a: VulnerablePackage, b: VulnerablePackage): boolean {
  return a.name === b.name && a.version === b.version && a.fixedInVersion === b.fixedInVersion
}

function moreSevere(a: Finding, b: Finding): boolean {
  const bySeverity = severityRank(a.severity) - severityRank(b.severity)
  return bySeverity > 0 || (bySeverity === 0 && (a.score ?? -1) > (b.score ?? -1))
}

/** GitHub's security-severity for a finding: its CVSS score when it has one, else a value for its severity. */
function securitySeverity(finding: Finding): string | undefined {
  const score = finding.score
  // GitHub accepts 0.1 to 10.0; a score of 0 says nothing about the risk.
  if (score !== undefined && score >= 0.1 && score <= 10) return score.toFixed(1)
  return FALLBACK_SECURITY_SEVERITY[finding.severity]
}

/** The SARIF level: error when the finding blocks, else warning down to MEDIUM and note below. */
function sarifLevel(decided: DecidedFinding): 'error' | 'warning' | 'note' {
  if (decided.decision === 'blocking') return 'error'
  return severityRank(decided.finding.severity) >= severityRank('MEDIUM') ? 'warning' : 'note'
}

function ruleJson(id: string, state: RuleState): string {
  const finding = state.representative
  const severity = securitySeverity(finding)
  const helpUri = httpUri(finding.link) ?? advisoryUrl(id)
  const names = state.packages.map((pkg) => oneLine(pkg.name, MAX_NAME)).filter(Boolean)
  const uniqueNames = [...new Set(names)]
  const inPackages = uniqueNames.length === 0 ? '' : ` in ${listed(uniqueNames, 3, state.morePackages)}`
  const short = sentence(`${id} (${finding.severity})${inPackages}`, MAX_DESCRIPTION)
  const description = oneLine(finding.description, MAX_DESCRIPTION) || oneLine(finding.title, MAX_DESCRIPTION)
  // Version matching against vendor advisories: backported fixes make some matches false, so not "very-high".
  // A set: SARIF wants tags unique, and a package manager's name is the data's (one named "high" or "security").
  const tags = [...new Set(['security', 'vulnerability', finding.severity.toLowerCase(), ...state.packageManagers])]
  return (
    `{"id":${json(id)},"shortDescription":{"text":${json(short)}},` +
    `"fullDescription":{"text":${json(sentence(description || short, MAX_DESCRIPTION))}},` +
    (helpUri ? `"helpUri":${json(helpUri)},` : '') +
    `"help":{"text":${json(helpText(id, state, helpUri))},"markdown":${json(helpMarkdown(id, state, helpUri))}},` +
    `"properties":{${severity ? `"security-severity":${json(severity)},` : ''}"precision":"high","tags":${json(tags)}}}`
  )
}

function sentence(text: string, max: number): string {
  const trimmed = text.trim()
  if (/[.!?…]$/.test(trimmed)) return trimmed
  return trimmed.length < max ? `${trimmed}.` : trimmed
}

function scoreText(finding: Finding): string {
  return finding.score !== undefined ? `, CVSS ${finding.score}` : ''
}

function fixLine(finding: Finding, pkg: VulnerablePackage): string {
  const fixed = oneLine(pkg.fixedInVersion, MAX_VERSION)
  if (fixed) return `fixed in ${fixed}`
  return finding.kind === 'basic' ? 'basic scanning gives no fixed version' : 'no fixed version yet'
}

function remedy(state: RuleState): string {
  const finding = state.representative
  const anyFix = state.packages.some((pkg) => pkg.fixedInVersion !== '')
  if (anyFix) {
    return (
      'Fix: upgrade each package to its fixed-in version or later (for OS packages, rebuild on an updated base image ' +
      'or upgrade the package in the Dockerfile), then push the image again.'
    )
  }
  if (finding.kind === 'basic') {
    return 'Fix: basic scanning gives no fixed version; see the advisory for the release that fixes it.'
  }
  return 'Fix: no fixed version is known yet; follow the advisory, or remove the package if the image does not need it.'
}

function helpText(id: string, state: RuleState, helpUri: string | undefined): string {
  const finding = state.representative
  const vector = oneLine(finding.vector, 200)
  // The description is the rule's fullDescription, which code scanning shows above the help: not repeated here.
  const lines = [`${id} (${finding.severity}${scoreText(finding)}${vector ? `, ${vector}` : ''})`, '']
  if (state.packages.length > 0) {
    lines.push('Affected packages in this image:')
    for (const pkg of state.packages) {
      lines.push(`- ${oneLine(pkg.name, MAX_NAME)} ${oneLine(pkg.version, MAX_VERSION)}: ${fixLine(finding, pkg)}`)
    }
    if (state.morePackages > 0) lines.push(`- and ${state.morePackages} more`)
    lines.push('')
  }
  lines.push(remedy(state))
  if (helpUri) lines.push(`Advisory: ${helpUri}`)
  return lines.join('\n')
}

function helpMarkdown(id: string, state: RuleState, helpUri: string | undefined): string {
  const finding = state.representative
  const vector = escapeMarkdown(finding.vector, 200)
  const title = helpUri ? linkOrText(id, helpUri, MAX_ID) : escapeMarkdown(id, MAX_ID)
  const lines = [`**${title}** (${finding.severity}${scoreText(finding)}${vector ? `, ${vector}` : ''})`, '']
  if (state.packages.length > 0) {
    lines.push('Affected packages in this image:', '')
    for (const pkg of state.packages) {
      const fix = escapeMarkdown(fixLine(finding, pkg), MAX_VERSION + 20)
      lines.push(`- ${escapeMarkdown(pkg.name, MAX_NAME)} ${escapeMarkdown(pkg.version, MAX_VERSION)}: ${fix}`)
    }
    if (state.morePackages > 0) lines.push(`- and ${state.morePackages} more`)
    lines.push('')
  }
  lines.push(escapeMarkdown(remedy(state), 400))
  return lines.join('\n')
}

function resultJson(candidate: Candidate, ruleIndex: number, plan: Plan): string {
  const { decided, pkg } = candidate
  const finding = decided.finding
  const drafted = plan.draft?.result(candidate)
  const fingerprint = drafted?.fingerprint ?? fingerprintOf(plan.identity(candidate))
  const filePath = imagePath(pkg?.filePath ?? '')
  const uri = plan.dockerfile || (filePath ? `${plan.imageRoot}/${filePath}` : plan.imageRoot)
  const suppressed = isAccepted(decided)
  const justification = suppressed ? oneLine(decided.reason, MAX_REASON) || decided.decision : ''
  // primaryLocationLineHash is the one key GitHub reads; ours keeps it from hashing line 1 of the Dockerfile, which
  // every result would share. Neither depends on the digest, so a rebuild of the same code keeps its alerts.
  return (
    `{"ruleId":${json(candidate.ruleId)},"ruleIndex":${ruleIndex},"level":${json(sarifLevel(decided))},` +
    `"message":{"text":${json(`${drafted?.messageHead ?? messageHead(candidate, plan.repository)} ${verdictText(decided)}`)}},` +
    `"locations":[{"physicalLocation":{"artifactLocation":{"uri":${json(uri)}},"region":{"startLine":1}}}],` +
    `"partialFingerprints":{"primaryLocationLineHash":"${fingerprint}:1",${json(FINGERPRINT_KEY)}:"${fingerprint}"},` +
    `"properties":{"severity":${json(finding.severity)},"decision":${json(decided.decision)}` +
    `${finding.score !== undefined ? `,"score":${json(finding.score)}` : ''}}` +
    `${suppressed ? `,"suppressions":[{"kind":"external","justification":${json(justification)}}]` : ''}}`
  )
}

function fingerprintOf(identity: string): string {
  return hash('sha256', identity, 'hex')
}

/** The message up to what the verdict says of the finding (see verdictText): the same whatever the policy. */
function messageHead(candidate: Candidate, repository: string): string {
  const { decided, pkg } = candidate
  const finding = decided.finding
  const name = oneLine(pkg?.name ?? finding.packageName, MAX_NAME)
  const version = oneLine(pkg?.version ?? finding.packageVersion, MAX_VERSION)
  const filePath = oneLine(pkg?.filePath ?? '', MAX_PATH)
  const image = repository || 'the image'
  const subject = name
    ? `Package ${name}${version ? ` ${version}` : ''}${filePath ? ` (${filePath})` : ''} in image ${image}`
    : `Image ${image}`
  const parts = [`${subject} is affected by ${candidate.ruleId} (${finding.severity}${scoreText(finding)}).`]
  if (pkg) parts.push(`${capitalise(fixLine(finding, pkg))}.`)
  if (finding.exploitAvailable === 'YES') parts.push('A known exploit is available.')
  return linkSafe(parts.join(' '))
}

/** The message's last sentence: whether the finding blocks, and why. */
function verdictText(decided: DecidedFinding): string {
  const reason = oneLine(decided.reason, MAX_REASON)
  return linkSafe(
    decided.decision === 'blocking'
      ? `Blocks the gate: ${reason || 'breaks the policy'}.`
      : `Does not block (${decided.decision})${reason ? `: ${reason}` : ''}.`
  )
}

// SARIF reads [text](target) in a message as an embedded link: brackets from the data are escaped to stay text.
function linkSafe(text: string): string {
  return text.replace(/[\\[\]]/g, '\\$&')
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** A plain absolute http(s) URI, percent-encoded so strict URI parsers accept it; else undefined. */
export function httpUri(value: unknown): string | undefined {
  if (isCanonicalHttpUrl(value)) return value
  const url = parseHttpUrl(value)
  if (!url) return undefined
  // WHATWG URLs keep characters RFC 3986 forbids (|, ^, {, a lone %); the .NET validator and GitHub want them encoded.
  const rest = `${url.pathname}${url.search}${url.hash}`
    .replace(/%(?![0-9A-Fa-f]{2})/g, '%25')
    .replace(/[^A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]/g, (c) => encodeURIComponent(c))
  // The SARIF Multitool rejects absolute URIs holding characters beyond U+FFFF (4-byte UTF-8, %F0 to %F4); no
  // advisory page needs one, so such a link is dropped rather than the file failing validation.
  if (/%F[0-4]/i.test(rest)) return undefined
  return `${url.origin}${rest}`
}

/** A user-given file path as a repository-relative URI (absolute only when it lies outside the workspace). */
function artifactUri(path: string, workspace: string | undefined): string {
  let value = oneLine(path, MAX_PATH).replace(/\\/g, '/')
  if (!value) return ''
  const root = workspace ? workspace.replace(/\\/g, '/').replace(TRAILING_SLASHES, '') : ''
  if (root && value.startsWith(`${root}/`)) value = value.slice(root.length + 1)
  const absolute = value.startsWith('/')
  const normalised = posix.normalize(value).replace(/^(\.\/)+/, '')
  const encoded = normalised
    .split('/')
    .map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment)))
    .join('/')
  return absolute ? `file://${encoded}` : encoded
}

/** A path inside the image as relative URI segments: no leading slash, no dot segments that could climb out. */
function imagePath(path: string): string {
  return encodePath(oneLine(path, MAX_PATH).replace(/\\/g, '/'))
}

function encodePath(path: string): string {
  return path
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '..')
    .map((segment) => encodeURIComponent(segment))
    .join('/')
}

function tagText(value: string): string {
  return oneLine(value, 40)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

interface Frame {
  head: string
  middle: string
  tail: string
}

function runFrame(report: GateReport, repository: string, category: string): Frame {
  const driver = JSON.stringify({ name: TOOL_NAME, informationUri: TOOL_INFORMATION_URI, semanticVersion: TOOL_VERSION })
  // The driver object without its closing brace: the rules array goes in its place.
  const driverHead = driver.slice(0, -1)
  const target = report.target ?? report.inputs?.target
  const digest = report.imageDigest || target?.imageDigest || ''
  const properties = {
    repository,
    ...(target?.registryId ? { registryId: oneLine(target.registryId, MAX_NAME) } : {}),
    ...(target?.region ? { region: oneLine(target.region, MAX_NAME) } : {}),
    ...(target?.imageTag ? { imageTag: oneLine(target.imageTag, MAX_NAME) } : {}),
    ...(digest ? { imageDigest: oneLine(digest, MAX_NAME) } : {}),
    ...(report.verdict ? { verdict: report.verdict.result } : {})
  }
  return {
    head: `{"$schema":${JSON.stringify(SARIF_SCHEMA)},"version":"2.1.0","runs":[{"tool":{"driver":${driverHead},"rules":[`,
    middle: `]}},"automationDetails":${JSON.stringify({ id: automationId(category, repository) })},"results":[`,
    tail: `],"columnKind":"utf16CodeUnits","properties":${JSON.stringify(properties)}}]}`
  }
}

/**
 * runAutomationDetails.id: GitHub reads `category/run-id` and splits at the last slash, so the category gets a
 * trailing slash (no run id) and a category without one would otherwise be read as a run id of no category.
 */
export function automationId(category: string, repository: string): string {
  const given = oneLine(category, 500)
  const id = given || `${TOOL_NAME}/${oneLine(repository, MAX_NAME) || 'image'}`
  return id.endsWith('/') ? id : `${id}/`
}

/** How many rules the first n results use: rules are numbered by first use, so always the first ones. */
function rulesUsedBy(plan: Plan, n: number): number {
  const firstUse = plan.ruleFirstUse
  let low = 0
  let high = firstUse.length
  while (low < high) {
    const mid = (low + high) >> 1
    if ((firstUse[mid] ?? Number.MAX_SAFE_INTEGER) < n) low = mid + 1
    else high = mid
  }
  return low
}

// Small groups, so each chunk dies young: V8 allocates a string over 128 KiB in a space only a full collection frees,
// and at 100,000 findings such chunks added tens of megabytes to the peak.
const TEXTS_PER_CHUNK = 25

/** The file holding the first ruleCount rules and resultCount results, in pieces made as they are consumed. */
function* sarifChunks(plan: Plan, ruleCount: number, resultCount: number): Generator<string> {
  yield plan.frame.head
  yield* joinedInGroups(ruleCount, (i) => ruleText(plan, i))
  yield plan.frame.middle
  yield* joinedInGroups(resultCount, (i) => resultText(plan, i))
  yield plan.frame.tail
}

function* joinedInGroups(count: number, text: (i: number) => string): Generator<string> {
  for (let start = 0; start < count; start += TEXTS_PER_CHUNK) {
    const group: string[] = []
    for (let i = start; i < Math.min(count, start + TEXTS_PER_CHUNK); i++) group.push(text(i))
    yield `${start > 0 ? ',' : ''}${group.join(',')}`
  }
}

// The written file's size gzipped at the fastest level is, for text, larger than at the default level GitHub's upload
// uses; the margin makes that hold for any input, and a file measured near the limit goes to the exact in-memory fit.
const MEASURE_MARGIN = 0.9

/** Gzip never grows text by more than a few bytes per 16 KiB block: a file this small fits whatever it holds. */
function fitsUnzipped(bytes: number, maxGzipBytes: number): boolean {
  return bytes + Math.ceil(bytes / 1000) + 64 <= maxGzipBytes
}

/** The in-memory build: every kept text at once, cut to the size limit; the writer's fallback and buildSarif. */
function fitInMemory(plan: Plan): { count: number; parts: Iterable<string> } {
  const ruleTexts = plan.ruleList.map((_, i) => ruleText(plan, i))
  const resultTexts = plan.kept.map((_, i) => resultText(plan, i))
  const sizes = prefixSizes(plan, ruleTexts, resultTexts)
  const render = (n: number): string => assemble(plan.frame, ruleTexts, resultTexts, sizes, n)
  const count = fitToSize(sizes, sampler(ruleTexts, resultTexts, sizes), resultTexts.length, plan.maxGzipBytes, render)
  const ruleCount = sizes.rulesUsedBy(count)
  return { count, parts: pieces(plan.frame, ruleTexts.slice(0, ruleCount), resultTexts.slice(0, count)) }
}

interface Sizes {
  /** Bytes of the file holding the first n results and the rules they use. */
  bytes(n: number): number
  rulesUsedBy(n: number): number
}

function prefixSizes(plan: Plan, ruleTexts: string[], resultTexts: string[]): Sizes {
  const frame = plan.frame
  const base = Buffer.byteLength(frame.head) + Buffer.byteLength(frame.middle) + Buffer.byteLength(frame.tail)
  const resultBytes = [0]
  for (const text of resultTexts) resultBytes.push((resultBytes.at(-1) ?? 0) + Buffer.byteLength(text) + 1)
  const ruleBytes = [0]
  for (const text of ruleTexts) ruleBytes.push((ruleBytes.at(-1) ?? 0) + Buffer.byteLength(text) + 1)
  const used = (n: number): number => rulesUsedBy(plan, n)
  return {
    bytes: (n) => base + (resultBytes[n] ?? 0) + (ruleBytes[used(n)] ?? 0),
    rulesUsedBy: used
  }
}

function* pieces(frame: Frame, ruleTexts: string[], resultTexts: string[]): Generator<string> {
  yield frame.head
  yield ruleTexts.join(',')
  yield frame.middle
  yield resultTexts.join(',')
  yield frame.tail
}

function assemble(frame: Frame, ruleTexts: string[], resultTexts: string[], sizes: Sizes, n: number): string {
  const rules = ruleTexts.slice(0, sizes.rulesUsedBy(n)).join(',')
  return `${frame.head}${rules}${frame.middle}${resultTexts.slice(0, n).join(',')}${frame.tail}`
}

/**
 * The number of results that keeps the file under the gzip limit. Gzip never grows text by more than a few bytes
 * per 16 KiB block, so a file under the limit uncompressed needs no check. Over it, a strided sample of about 1 MB
 * estimates the ratio (neighbours in the real file share more, so the whole compresses at least as well); only a file
 * the estimate puts near the limit is gzipped whole, and a cut is confirmed by gzipping again.
 */
function fitToSize(
  sizes: Sizes,
  sample: (n: number) => string,
  n: number,
  limit: number,
  render: (n: number) => string
): number {
  const raw = sizes.bytes(n)
  if (fitsUnzipped(raw, limit)) return n
  const part = sample(n)
  const estimate = (raw * gzipSync(part).length) / Math.max(1, Buffer.byteLength(part))
  if (estimate <= limit * 0.8) return n
  let count = n
  let margin = 0.95
  for (let attempt = 0; attempt < 6 && count > 0; attempt++) {
    const gzipped = gzipSync(render(count)).length
    if (gzipped <= limit) return count
    const target = (sizes.bytes(count) * limit * margin) / gzipped
    count = largestWithin(sizes, count, target)
    margin *= 0.9
  }
  return count > 0 && gzipSync(render(count)).length <= limit ? count : 0
}

/** About a megabyte of the first n results and their rules, every k-th of each. */
function sampler(ruleTexts: string[], resultTexts: string[], sizes: Sizes): (n: number) => string {
  return (n) => {
    const rules = ruleTexts.slice(0, sizes.rulesUsedBy(n))
    const results = resultTexts.slice(0, n)
    const stride = Math.max(1, Math.ceil(sizes.bytes(n) / SAMPLE_BYTES))
    const pick = (texts: string[]): string[] => texts.filter((_, i) => i % stride === 0)
    return [...pick(rules), ...pick(results)].join(',')
  }
}

function largestWithin(sizes: Sizes, upTo: number, bytes: number): number {
  let low = 0
  let high = upTo
  while (low < high) {
    const mid = (low + high + 1) >> 1
    if (sizes.bytes(mid) <= bytes) low = mid
    else high = mid - 1
  }
  return low
}

class Tally {
  count = 0
  blocking = 0
  /** In order of first appearance, which the warning keeps. */
  readonly bySeverity = new Map<Severity, number>()

  add({ finding, decision }: DecidedFinding): void {
    this.count++
    if (decision === 'blocking') this.blocking++
    this.bySeverity.set(finding.severity, (this.bySeverity.get(finding.severity) ?? 0) + 1)
  }

  /** Adds another tally's counts, its severities after this one's. */
  addAll(other: Tally): void {
    this.count += other.count
    this.blocking += other.blocking
    for (const [severity, n] of other.bySeverity) this.bySeverity.set(severity, (this.bySeverity.get(severity) ?? 0) + n)
  }
}

function limitWarnings(plan: Plan, count: number): string[] {
  const { total, maxResults, maxGzipBytes } = plan
  if (count >= total) return []
  // The dropped results in priority order: the kept ones the size limit cut, then those past maxResults.
  const dropped = new Tally()
  for (const c of plan.kept.slice(count)) dropped.add(c.decided)
  dropped.addAll(plan.beyondKept)
  const { blocking, bySeverity } = dropped
  const detail = [...bySeverity.entries()].map(([severity, n]) => `${n} ${severity}`).join(', ')
  const limits = []
  if (total > maxResults) limits.push(`at most ${grouped(maxResults)} results per run`)
  if (count < Math.min(maxResults, total)) {
    const megabytes = grouped(Number((maxGzipBytes / 1_000_000).toFixed(3)))
    limits.push(`at most ${megabytes} MB of gzipped SARIF per file`)
  }
  return [
    `SARIF: GitHub code scanning accepts ${limits.join(' and ')}, so ${dropped.count} of ${total} results were left out ` +
      `(${detail}${blocking > 0 ? `; ${blocking} of them blocking` : ''}) and the ${count} most severe were written. ` +
      'Alerts for the ones left out will close as if fixed; the JSON report lists every finding.'
  ]
}
