import {
  type Finding,
  type Severity,
  SEVERITIES,
  type VulnerablePackage,
  asciiLower,
  asciiUpper,
  isSuppressed,
  severityRank
} from './finding.js'
import { listed } from './log-safety.js'
import { TextSet, setKey } from './set-key.js'

/** The lowest severity that blocks, or NONE when severity alone never blocks. */
export type Threshold = Severity | 'NONE'
export const THRESHOLDS: readonly Threshold[] = [...SEVERITIES, 'NONE']

/** What a rule or VEX statement is about: a vulnerability, and optionally one package and some images. */
export interface RuleScope {
  id: string
  /** Other names of the same vulnerability (VEX aliases): the scope matches any of them. */
  aliases?: string[]
  /** When set, only this package. */
  package?: string
  /** When set (a VEX package URL's version), only this version of the package. */
  packageVersion?: string
  /** When set (a VEX package URL's type: deb, npm, ...), only packages of that ecosystem where the finding says. */
  packageType?: string
  /** When set (VEX), only an image one of these describes; see DecideOptions.image. */
  products?: ImageMatcher[]
  source: string
  /**
   * VEX only: the statement's place in time among every VEX statement read (later is larger). For a package, the
   * latest statement that concerns it wins, so a later "affected" overrides an earlier "not_affected".
   */
  vexOrder?: number
}

/** An accepted finding: from the `ignore` input, the policy file or a VEX statement. */
export interface IgnoreRule extends RuleScope {
  reason: string
  /** Last day (UTC, YYYY-MM-DD) on which the rule applies. */
  expires?: string
}

/** A VEX statement that the vulnerability affects (or may affect) the package: it ignores nothing, it overrides. */
export interface VexAffected extends RuleScope {
  status: string
  vexOrder: number
}

/** An image a VEX statement names. Every field given must match; a field left out matches anything. */
export interface ImageMatcher {
  /** Any of these digests. */
  digests?: string[]
  /** ACCOUNT@REGION of the registry host the product names; a host that is no ECR registry never matches. */
  registry?: string
  /** Any of these full repository names. */
  repositories?: string[]
  /** The last segment of the repository name (a pkg:oci purl without repository_url). */
  name?: string
  tag?: string
}

/** The image being judged, as far as VEX product matching needs it. */
export interface ImageIdentity {
  repositoryName: string
  imageDigest?: string
  imageTag?: string
  /** The registry's account and region: a product naming a registry host matches only when both are known. */
  registryId?: string
  region?: string
}

/** Everything the decision depends on besides the findings. */
export interface Policy {
  severityThreshold: Threshold
  onlyFixed: boolean
  blockExploitable: boolean
  minScore: number | undefined
  /** Budgets: a severity blocks only when more of its findings would block than this. */
  max: Partial<Record<Severity, number>>
  ignore: IgnoreRule[]
  /** VEX statements saying affected or under_investigation: they override earlier not_affected or fixed ones. */
  vexAffected?: VexAffected[]
}

export type Decision =
  | 'blocking'
  | 'ignored'
  | 'suppressed'
  | 'not-new'
  | 'below-threshold'
  | 'below-min-score'
  | 'no-fix'
  | 'within-budget'

export interface DecidedFinding {
  finding: Finding
  decision: Decision
  /** Why, in words a reader of the summary understands. */
  reason: string
  /** Set on an ignored finding the baseline already had: its decision says ignored, yet it is not new. */
  inBaseline?: true
}

export interface SeverityCount {
  found: number
  blocking: number
  ignored: number
}

export interface Counts {
  total: number
  blocking: number
  ignored: number
  suppressed: number
  bySeverity: Record<Severity, SeverityCount>
}

export interface Verdict {
  result: 'pass' | 'fail'
  decided: DecidedFinding[]
  counts: Counts
  /** Rules whose date has passed: they no longer apply, and the user should hear about it. */
  expiredRules: IgnoreRule[]
  /** Rules that matched no finding: candidates for removal. */
  staleRules: IgnoreRule[]
}

export interface DecideOptions {
  /** The day the gate runs; expiry is judged on its UTC date. */
  now: Date
  /** Keys (see findingKeys) of what the baseline image already has; absent means every finding is new. */
  baseline?: Pick<ReadonlySet<string>, 'has'>
  /**
   * The image judged. Rules scoped to products (VEX) apply only when it matches; without it they never apply, since
   * ignoring findings on an unproven match would weaken the gate.
   */
  image?: ImageIdentity
}

/** A finding's packages; a finding that names none stands for its (possibly empty) packageName alone. */
function packagesOf(finding: Finding): readonly Pick<VulnerablePackage, 'name' | 'version' | 'packageManager'>[] {
  return finding.packages.length > 0
    ? finding.packages
    : [{ name: finding.packageName, version: finding.packageVersion, packageManager: '' }]
}

/** Identity of a finding across images: vulnerability and package, not digest or version. */
export function findingKey(finding: Finding): string {
  return vulnerabilityInPackage(finding.id, finding.packageName)
}

function vulnerabilityInPackage(id: string, packageName: string): string {
  return `${asciiUpper(id)}|${packageName}`
}

/**
 * Identities of everything a finding reports, one per package: the same vulnerability reaching one more package is
 * something new, even when the finding already existed for another package.
 */
export function findingKeys(finding: Finding): string[] {
  if (finding.packages.length <= 1) return [findingKey(finding)]
  return [...new TextSet(finding.packages.map((pkg) => vulnerabilityInPackage(finding.id, pkg.name)))]
}

/**
 * True for a day of the Gregorian calendar as ISO 8601 writes it (years 0000 to 9999), by arithmetic: Date rolls
 * 2026-02-30 over into March, and Date.UTC reads the years 0 to 99 as 1900 to 1999.
 */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  const knownYear = Number.isInteger(year) && year >= 0 && year <= 9999
  return knownYear && days !== undefined && Number.isInteger(day) && day >= 1 && day <= days
}

/** True while the rule's expiry day (UTC) has not passed. */
export function isRuleActive(rule: IgnoreRule, now: Date): boolean {
  return rule.expires === undefined || now.toISOString().slice(0, 10) <= rule.expires
}

/** True when the matcher describes the image. */
function imageMatches(matcher: ImageMatcher, image: ImageIdentity): boolean {
  if (matcher.registry !== undefined && matcher.registry !== registryOf(image)) return false
  if (matcher.digests && !(image.imageDigest && matcher.digests.includes(image.imageDigest))) return false
  if (matcher.repositories && !matcher.repositories.includes(image.repositoryName)) return false
  if (matcher.name !== undefined && matcher.name !== image.repositoryName.split('/').pop()) return false
  if (matcher.tag !== undefined && matcher.tag !== image.imageTag) return false
  return true
}

// Hosts differ by partition and endpoint flavour (FIPS, dual-stack); account and region are what name the registry.
function registryOf(image: ImageIdentity): string | undefined {
  return image.registryId && image.region ? `${image.registryId}@${image.region}` : undefined
}

/** True when the rule concerns this image: it names no products, or one of them is this image. */
function ruleAppliesToImage(rule: RuleScope, image: ImageIdentity | undefined): boolean {
  if (rule.products === undefined) return true
  return image !== undefined && rule.products.some((matcher) => imageMatches(matcher, image))
}

// Looking rules up by id keeps deciding linear: a scan of every rule per finding is 4 s at 1,000 rules and 100,000
// findings. Each list keeps the rules' order, so the first match is the one a scan would have found.
/** A vulnerability id as the rule index's key: ids compare ASCII-case-blind, and any length of them stays one lookup. */
function idKey(id: string): string {
  return setKey(asciiUpper(id))
}

function indexRules<T extends RuleScope>(rules: readonly T[], keyOf: (id: string) => string = idKey): Map<string, T[]> {
  const index = new Map<string, T[]>()
  for (const rule of rules) {
    for (const key of new Set([rule.id, ...(rule.aliases ?? [])].map(keyOf))) {
      const list = index.get(key)
      if (list) list.push(rule)
      else index.set(key, [rule])
    }
  }
  return index
}

type PackageFacts = Pick<VulnerablePackage, 'name' | 'version' | 'packageManager'>

// Inspector's package managers per package-URL type. A type not listed here (but generic, which names no ecosystem)
// matches nothing: the gate cannot tell which packages it means. Basic scanning names no manager: it reports the
// operating system's packages only, so its findings count as OS.
const MANAGERS_OF_TYPE: Record<string, readonly string[]> = {
  deb: ['OS'],
  rpm: ['OS'],
  apk: ['OS'],
  alpm: ['OS'],
  npm: ['NPM', 'YARN', 'NODEPKG'],
  pypi: ['PIP', 'PIPENV', 'POETRY', 'PYTHONPKG'],
  maven: ['JAR', 'POM'],
  golang: ['GOBINARY', 'GOMOD'],
  gem: ['BUNDLER', 'GEMSPEC'],
  cargo: ['CARGO'],
  composer: ['COMPOSER'],
  nuget: ['NUGET', 'DOTNET_CORE']
}

// Debian and RPM versions may carry an epoch ("1:2.3-4") on one side and not on the other.
function sameVersion(a: string, b: string): boolean {
  return a === b || a.replace(/^\d+:/, '') === b.replace(/^\d+:/, '')
}

// The id (or an alias) already matched: that is how the rule was looked up.
function packageMatches(scope: RuleScope, pkg: PackageFacts): boolean {
  if (scope.package === undefined) return true
  // Package names are case-insensitive in several ecosystems (PyPI, NuGet), and a VEX purl lowercases them.
  if (asciiLower(pkg.name) !== asciiLower(scope.package)) return false
  if (scope.packageVersion !== undefined && !sameVersion(pkg.version, scope.packageVersion)) return false
  if (scope.packageType === undefined || scope.packageType === 'generic') return true
  const managers = MANAGERS_OF_TYPE[scope.packageType]
  return managers !== undefined && managers.includes(asciiUpper(pkg.packageManager) || 'OS')
}

interface RuleIndex {
  rules: Map<string, IgnoreRule[]>
  /** Keyed by aliasKey: every name any VEX statement gives the vulnerability. */
  affected: Map<string, VexAffected[]>
  /** From an id's idKey to its alias group's key. */
  aliasKey: (key: string) => string
}

/** One id's rules by the package they name, so a package meets only the rules that can match it. */
interface RulesByPackage<T> {
  byName: Map<string, T[]>
  /** Rules of the workflow or policy file that name no package: they match every package. */
  ownUnscoped: T[]
  /** VEX rules that name no package, and the one of them that came last (the first of those, on a tie). */
  vexUnscoped: T[]
  latestVexUnscoped: T | undefined
  position: Map<T, number>
}

// Built once per id, when a finding first needs it: testing every rule of an id against every package of every
// finding cost rules x packages (a VEX statement's subcomponents are one rule each; 16,000 of them took 27 s, and as
// many statements naming no package 4 s at 8,000).
const rulesByPackage = new WeakMap<readonly RuleScope[], RulesByPackage<RuleScope>>()

function groupedByPackage<T extends RuleScope>(rules: readonly T[]): RulesByPackage<T> {
  const known = rulesByPackage.get(rules) as RulesByPackage<T> | undefined
  if (known) return known
  const grouped: RulesByPackage<T> = { byName: new Map(), ownUnscoped: [], vexUnscoped: [], latestVexUnscoped: undefined, position: new Map() }
  for (const [at, rule] of rules.entries()) {
    grouped.position.set(rule, at)
    if (rule.package === undefined) {
      ;(rule.vexOrder === undefined ? grouped.ownUnscoped : grouped.vexUnscoped).push(rule)
      continue
    }
    const key = asciiLower(rule.package)
    const list = grouped.byName.get(key)
    if (list) list.push(rule)
    else grouped.byName.set(key, [rule])
  }
  grouped.latestVexUnscoped = latestOf(grouped.vexUnscoped)
  rulesByPackage.set(rules, grouped as RulesByPackage<RuleScope>)
  return grouped
}

/** The claim that came last (highest vexOrder); on a tie, the first of them in the order given. */
function latestOf<T extends RuleScope>(claims: readonly (T | undefined)[]): T | undefined {
  let latest: T | undefined
  for (const claim of claims) {
    if (claim && (!latest || (claim.vexOrder ?? -1) > (latest.vexOrder ?? -1))) latest = claim
  }
  return latest
}

/** The earliest of these rules in their list's order. */
function firstOf<T>(rules: readonly (T | undefined)[], position: Map<T, number>): T | undefined {
  const present = rules.filter((rule): rule is T => rule !== undefined)
  return present.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0))[0]
}

/** The VEX claim about this package that came last: of `vexNamed` (those naming it) and of those naming no package. */
function latestFor<T extends RuleScope>(grouped: RulesByPackage<T> | undefined, vexNamed: readonly T[]): T | undefined {
  if (!grouped) return undefined
  // In list order, so a tie goes to the claim listed first, as it did when every claim was tried in turn.
  const inOrder = [...vexNamed, grouped.latestVexUnscoped].filter((rule): rule is T => rule !== undefined)
  inOrder.sort((a, b) => (grouped.position.get(a) ?? 0) - (grouped.position.get(b) ?? 0))
  return latestOf(inOrder)
}

/**
 * The key of a vulnerability's alias group: ids that any VEX statement names together are one vulnerability. Used for
 * affected statements only, which can only make a finding block: a later `affected` naming the GHSA id overrides an
 * earlier `not_affected` that named the CVE with that GHSA as its alias. Ignore rules keep their own names, so aliases
 * chained across statements cannot widen what they accept.
 */
function aliasKeys(scopes: readonly RuleScope[]): (key: string) => string {
  // Union-find with path compression and union by size: a pull request's VEX file can chain 100,000 aliases.
  const parent = new Map<string, string>()
  const size = new Map<string, number>()
  const root = (id: string): string => {
    let top = id
    for (let up = parent.get(top); up !== undefined && up !== top; up = parent.get(top)) top = up
    for (let at = id, up = parent.get(at); up !== undefined && up !== top; at = up, up = parent.get(at)) parent.set(at, top)
    return top
  }
  for (const scope of scopes) {
    if (scope.vexOrder === undefined) continue
    const [first, ...others] = [scope.id, ...(scope.aliases ?? [])].map(idKey)
    if (first === undefined) continue
    for (const other of others) {
      const [a, b] = [root(first), root(other)]
      if (a === b) continue
      const [big, small] = (size.get(a) ?? 1) >= (size.get(b) ?? 1) ? [a, b] : [b, a]
      parent.set(small, big)
      size.set(big, (size.get(big) ?? 1) + (size.get(small) ?? 1))
    }
  }
  return root
}

interface PackageAcceptance {
  /** The rule that accepts the vulnerability in this package, if any. */
  rule?: IgnoreRule
  /** Every rule naming this package, the overridden VEX ones included: none of them is stale. */
  matched: IgnoreRule[]
  /** The rules naming no package that matched too (the same list for every package of the id). */
  unscoped: readonly IgnoreRule[]
}

/**
 * A rule of the workflow or policy file accepts the vulnerability in this package; else the VEX statement about it
 * that came last does, when it says not_affected or fixed.
 */
function ruleForPackage(id: string, pkg: PackageFacts, index: RuleIndex): PackageAcceptance {
  const name = asciiLower(pkg.name)
  const list = index.rules.get(id)
  const grouped = list ? groupedByPackage(list) : undefined
  const named = (grouped?.byName.get(name) ?? []).filter((rule) => packageMatches(rule, pkg))
  // Every rule of the workflow or file that covers the package is in use, though the first one gives the reason.
  const ownNamed = named.filter((rule) => rule.vexOrder === undefined)
  if (grouped && (ownNamed.length > 0 || grouped.ownUnscoped.length > 0)) {
    return { rule: firstOf([ownNamed[0], grouped.ownUnscoped[0]], grouped.position), matched: ownNamed, unscoped: grouped.ownUnscoped }
  }
  const affectedList = index.affected.get(index.aliasKey(id))
  const affected = affectedList ? groupedByPackage(affectedList) : undefined
  const affectedNamed = (affected?.byName.get(name) ?? []).filter((claim) => packageMatches(claim, pkg))
  const vexNamed = named.filter((rule) => rule.vexOrder !== undefined)
  // A rule beats an affected statement of the same order, as when rules were tried first.
  const latest: RuleScope | undefined = latestOf<RuleScope>([latestFor(grouped, vexNamed), latestFor(affected, affectedNamed)])
  return { rule: latest && 'reason' in latest ? (latest as IgnoreRule) : undefined, matched: vexNamed, unscoped: grouped?.vexUnscoped ?? [] }
}

interface Acceptance {
  /** Set when every package of the finding is accepted. */
  rule?: IgnoreRule
  /** Packages no rule accepts, when some other package is accepted. */
  uncovered: string[]
}

/**
 * Whether ignore rules accept the finding: only when they accept it in every package it names. Every rule about some
 * package of it goes into `used` (so it is not stale); a list of rules naming no package goes in once per run.
 */
function acceptance(finding: Finding, index: RuleIndex, used: Set<IgnoreRule>, usedLists: WeakSet<readonly IgnoreRule[]>): Acceptance {
  const id = idKey(finding.id)
  if (!index.rules.has(id)) return { uncovered: [] }
  const accepting: IgnoreRule[] = []
  const uncovered: string[] = []
  for (const pkg of packagesOf(finding)) {
    const { rule, matched, unscoped } = ruleForPackage(id, pkg, index)
    for (const each of matched) used.add(each)
    if (!usedLists.has(unscoped)) {
      for (const each of unscoped) used.add(each)
      usedLists.add(unscoped)
    }
    if (rule) accepting.push(rule)
    else uncovered.push(pkg.name || '(no package name)')
  }
  if (accepting.length > 0 && uncovered.length === 0) return { rule: accepting[0], uncovered }
  return { uncovered: accepting.length > 0 ? uncovered : [] }
}

function listNames(names: readonly string[]): string {
  return listed(names.map((name) => (name.length > 100 ? `${name.slice(0, 100)}…` : name)), 3)
}

function emptyCounts(): Counts {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, { found: 0, blocking: 0, ignored: 0 }])) as Record<
    Severity,
    SeverityCount
  >
  return { total: 0, blocking: 0, ignored: 0, suppressed: 0, bySeverity }
}

// Reasons repeat from finding to finding (one per severity, rule or status): each is made once per decide() and
// shared, where a template per finding left 100,000 copies on the heap, most of what deciding kept alive besides the
// findings.
function memo<K>(make: (key: K) => string): (key: K) => string {
  const texts = new Map<K, string>()
  return (key) => {
    let text = texts.get(key)
    if (text === undefined) {
      text = make(key)
      texts.set(key, text)
    }
    return text
  }
}

interface CandidateReasons {
  belowThreshold: string
  belowMinScore: (score: number) => string
  atOrAbove: (severity: Severity) => string
  basicAtOrAbove: (severity: Severity) => string
}

function candidateReasons(policy: Policy): CandidateReasons {
  return {
    belowThreshold: `below the severity threshold ${policy.severityThreshold}`,
    belowMinScore: memo((score) => `score ${score} is below min-score ${policy.minScore}`),
    atOrAbove: memo((severity) => `${severity} at or above ${policy.severityThreshold}`),
    basicAtOrAbove: memo(
      (severity) =>
        `${severity} at or above ${policy.severityThreshold}; basic scanning gives no fix data, so only-fixed cannot exempt it`
    )
  }
}

function candidateDecision(finding: Finding, policy: Policy, reasons: CandidateReasons): DecidedFinding {
  if (policy.blockExploitable && finding.exploitAvailable === 'YES') {
    return { finding, decision: 'blocking', reason: 'a known exploit is available (block-exploitable)' }
  }
  if (policy.severityThreshold === 'NONE' || severityRank(finding.severity) < severityRank(policy.severityThreshold)) {
    return { finding, decision: 'below-threshold', reason: reasons.belowThreshold }
  }
  // An unknown score cannot prove the finding harmless, so it keeps blocking.
  if (policy.minScore !== undefined && finding.score !== undefined && finding.score < policy.minScore) {
    return { finding, decision: 'below-min-score', reason: reasons.belowMinScore(finding.score) }
  }
  if (policy.onlyFixed && finding.kind === 'enhanced' && finding.fixAvailable === 'NO') {
    return { finding, decision: 'no-fix', reason: 'no fix is available (only-fixed)' }
  }
  const why =
    policy.onlyFixed && finding.kind === 'basic'
      ? reasons.basicAtOrAbove(finding.severity)
      : reasons.atOrAbove(finding.severity)
  return { finding, decision: 'blocking', reason: why }
}

/**
 * The warning only-fixed needs when it could not exempt findings because basic scanning gives no fix data: without it
 * a reader of the summary or the log would see only-fixed on and unfixable findings blocking, and no reason.
 */
export function onlyFixedWarnings(policy: Policy, verdict: Pick<Verdict, 'decided'>): string[] {
  if (!policy.onlyFixed) return []
  const basic = verdict.decided.filter(({ finding, decision }) => decision === 'blocking' && finding.kind === 'basic').length
  if (basic === 0) return []
  const findings = basic === 1 ? '1 blocking finding comes' : `${basic} blocking findings come`
  return [
    `only-fixed is true, but ${findings} from basic scanning, which gives no fix data: only-fixed cannot exempt ` +
      `${basic === 1 ? 'it' : 'them'}, so ${basic === 1 ? 'it blocks' : 'they block'} whether or not a fix exists. ` +
      'Enhanced scanning (Amazon Inspector) reports fixes.'
  ]
}

/** The gate's decision: pure, so every rule is testable without I/O. */
export function decide(findings: readonly Finding[], policy: Policy, options: DecideOptions): Verdict {
  // Rules for other images (VEX products) are neither applied, stale nor expired: they are simply not about this one.
  const rules = policy.ignore.filter((rule) => ruleAppliesToImage(rule, options.image))
  const activeRules = rules.filter((rule) => isRuleActive(rule, options.now))
  const affected = (policy.vexAffected ?? []).filter((claim) => ruleAppliesToImage(claim, options.image))
  const aliasKey = aliasKeys([...rules, ...affected])
  const index: RuleIndex = { rules: indexRules(activeRules), affected: indexRules(affected, (id) => aliasKey(idKey(id))), aliasKey }
  const expiredRules = rules.filter((rule) => !isRuleActive(rule, options.now))
  const usedRules = new Set<IgnoreRule>()
  const usedLists = new WeakSet<readonly IgnoreRule[]>()
  const baseline = options.baseline
  const reasons = candidateReasons(policy)
  const suppressedReason = memo((status: string) => `Inspector status ${status}`)
  const ignoredReason = memo((rule: IgnoreRule) => `${rule.reason} (${rule.source})`)

  const decided = findings.map((finding): DecidedFinding => {
    if (isSuppressed(finding)) {
      return { finding, decision: 'suppressed', reason: suppressedReason(finding.inspectorStatus) }
    }
    const accepted = acceptance(finding, index, usedRules, usedLists)
    const inBaseline = baseline !== undefined && findingKeys(finding).every((key) => baseline.has(key))
    if (accepted.rule) {
      const ignored: DecidedFinding = { finding, decision: 'ignored', reason: ignoredReason(accepted.rule) }
      if (inBaseline) ignored.inBaseline = true
      return ignored
    }
    if (inBaseline) {
      return { finding, decision: 'not-new', reason: 'already present in the baseline image' }
    }
    const decision = candidateDecision(finding, policy, reasons)
    if (accepted.uncovered.length > 0 && decision.decision === 'blocking') {
      decision.reason += `; ignore rules accept it in some packages but not in ${listNames(accepted.uncovered)}`
    }
    return decision
  })

  applyBudgets(decided, policy)

  const counts = emptyCounts()
  for (const { finding, decision } of decided) {
    if (decision === 'suppressed') {
      counts.suppressed++
      continue
    }
    const row = counts.bySeverity[finding.severity]
    counts.total++
    row.found++
    if (decision === 'blocking') {
      counts.blocking++
      row.blocking++
    } else if (decision === 'ignored') {
      counts.ignored++
      row.ignored++
    }
  }

  return {
    result: counts.blocking > 0 ? 'fail' : 'pass',
    decided,
    counts,
    expiredRules,
    staleRules: activeRules.filter((rule) => !usedRules.has(rule))
  }
}

function applyBudgets(decided: DecidedFinding[], policy: Policy): void {
  for (const severity of SEVERITIES) {
    const budget = policy.max[severity]
    if (budget === undefined) continue
    // Exploitable findings block whatever the budget: block-exploitable is a hard line.
    const inBudget = decided.filter(
      (d) =>
        d.decision === 'blocking' &&
        d.finding.severity === severity &&
        !(policy.blockExploitable && d.finding.exploitAvailable === 'YES')
    )
    if (inBudget.length > budget) continue
    const reason = `${inBudget.length} ${severity} within the budget of ${budget}`
    for (const d of inBudget) {
      d.decision = 'within-budget'
      d.reason = reason
    }
  }
}
