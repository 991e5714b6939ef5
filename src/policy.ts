import { type Finding, type Severity, SEVERITIES, isSuppressed, severityRank } from './finding.js'

/** The lowest severity that blocks, or NONE when severity alone never blocks. */
export type Threshold = Severity | 'NONE'
export const THRESHOLDS: readonly Threshold[] = [...SEVERITIES, 'NONE']

/** An accepted finding: from the `ignore` input, the policy file or a VEX statement. */
export interface IgnoreRule {
  id: string
  /** When set, the rule covers this package only. */
  package?: string
  reason: string
  /** Last day (UTC, YYYY-MM-DD) on which the rule applies. */
  expires?: string
  source: string
  /** Other names of the same vulnerability (VEX aliases): the rule matches any of them. */
  aliases?: string[]
  /** When set (VEX), the rule applies only to an image one of these describes; see DecideOptions.image. */
  products?: ImageMatcher[]
}

/** An image a VEX statement names. Every field given must match; a field left out matches anything. */
export interface ImageMatcher {
  /** Any of these digests. */
  digests?: string[]
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
  /** Keys (see findingKey) of findings the baseline image already has; absent means every finding is new. */
  baseline?: ReadonlySet<string>
  /**
   * The image judged. Rules scoped to products (VEX) apply only when it matches; without it they never apply, since
   * ignoring findings on an unproven match would weaken the gate.
   */
  image?: ImageIdentity
}

/** Identity of a finding across images: vulnerability and package, not digest or version. */
export function findingKey(finding: Finding): string {
  return `${finding.id.toUpperCase()}|${finding.packageName}`
}

/** True while the rule's expiry day (UTC) has not passed. */
export function isRuleActive(rule: IgnoreRule, now: Date): boolean {
  return rule.expires === undefined || now.toISOString().slice(0, 10) <= rule.expires
}

/** True when the matcher describes the image. */
export function imageMatches(matcher: ImageMatcher, image: ImageIdentity): boolean {
  if (matcher.digests && !(image.imageDigest && matcher.digests.includes(image.imageDigest))) return false
  if (matcher.repositories && !matcher.repositories.includes(image.repositoryName)) return false
  if (matcher.name !== undefined && matcher.name !== image.repositoryName.split('/').pop()) return false
  if (matcher.tag !== undefined && matcher.tag !== image.imageTag) return false
  return true
}

/** True when the rule concerns this image: it names no products, or one of them is this image. */
export function ruleAppliesToImage(rule: IgnoreRule, image: ImageIdentity | undefined): boolean {
  if (rule.products === undefined) return true
  return image !== undefined && rule.products.some((matcher) => imageMatches(matcher, image))
}

// Looking rules up by id keeps deciding linear: a scan of every rule per finding is 4 s at 1,000 rules and 100,000
// findings. Each list keeps the rules' order, so the first match is the one a scan would have found.
function indexRules(rules: readonly IgnoreRule[]): Map<string, IgnoreRule[]> {
  const index = new Map<string, IgnoreRule[]>()
  for (const rule of rules) {
    for (const key of new Set([rule.id, ...(rule.aliases ?? [])].map((id) => id.toUpperCase()))) {
      const list = index.get(key)
      if (list) list.push(rule)
      else index.set(key, [rule])
    }
  }
  return index
}

// The id (or an alias) already matched: that is how the rule was looked up.
function packageMatches(rule: IgnoreRule, finding: Finding): boolean {
  if (rule.package === undefined) return true
  // Package names are case-insensitive in several ecosystems (PyPI, NuGet), and a VEX purl lowercases them.
  const wanted = rule.package.toLowerCase()
  const names = [finding.packageName, ...finding.packages.map((pkg) => pkg.name)]
  return names.some((name) => name.toLowerCase() === wanted)
}

function emptyCounts(): Counts {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, { found: 0, blocking: 0, ignored: 0 }])) as Record<
    Severity,
    SeverityCount
  >
  return { total: 0, blocking: 0, ignored: 0, suppressed: 0, bySeverity }
}

function candidateDecision(finding: Finding, policy: Policy): DecidedFinding {
  if (policy.blockExploitable && finding.exploitAvailable === 'YES') {
    return { finding, decision: 'blocking', reason: 'a known exploit is available (block-exploitable)' }
  }
  if (policy.severityThreshold === 'NONE' || severityRank(finding.severity) < severityRank(policy.severityThreshold)) {
    return { finding, decision: 'below-threshold', reason: `below the severity threshold ${policy.severityThreshold}` }
  }
  // An unknown score cannot prove the finding harmless, so it keeps blocking.
  if (policy.minScore !== undefined && finding.score !== undefined && finding.score < policy.minScore) {
    return { finding, decision: 'below-min-score', reason: `score ${finding.score} is below min-score ${policy.minScore}` }
  }
  if (policy.onlyFixed && finding.kind === 'enhanced' && finding.fixAvailable === 'NO') {
    return { finding, decision: 'no-fix', reason: 'no fix is available (only-fixed)' }
  }
  const why =
    policy.onlyFixed && finding.kind === 'basic'
      ? `${finding.severity} at or above ${policy.severityThreshold}; basic scanning gives no fix data, so only-fixed cannot exempt it`
      : `${finding.severity} at or above ${policy.severityThreshold}`
  return { finding, decision: 'blocking', reason: why }
}

/** The gate's decision: pure, so every rule is testable without I/O. */
export function decide(findings: readonly Finding[], policy: Policy, options: DecideOptions): Verdict {
  // Rules for other images (VEX products) are neither applied, stale nor expired: they are simply not about this one.
  const rules = policy.ignore.filter((rule) => ruleAppliesToImage(rule, options.image))
  const activeRules = rules.filter((rule) => isRuleActive(rule, options.now))
  const rulesById = indexRules(activeRules)
  const expiredRules = rules.filter((rule) => !isRuleActive(rule, options.now))
  const usedRules = new Set<IgnoreRule>()

  const decided = findings.map((finding): DecidedFinding => {
    if (isSuppressed(finding)) {
      return { finding, decision: 'suppressed', reason: `Inspector status ${finding.inspectorStatus}` }
    }
    const rule = rulesById.get(finding.id.toUpperCase())?.find((candidate) => packageMatches(candidate, finding))
    if (rule) {
      usedRules.add(rule)
      return { finding, decision: 'ignored', reason: `${rule.reason} (${rule.source})` }
    }
    if (options.baseline?.has(findingKey(finding))) {
      return { finding, decision: 'not-new', reason: 'already present in the baseline image' }
    }
    return candidateDecision(finding, policy)
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
    for (const d of inBudget) {
      d.decision = 'within-budget'
      d.reason = `${inBudget.length} ${severity} within the budget of ${budget}`
    }
  }
}
