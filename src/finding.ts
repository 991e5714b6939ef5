import type { EnhancedImageScanFinding, ImageScanFinding } from '@aws-sdk/client-ecr'
import { statusToken } from './log-safety.js'

/** Severities from most to least severe; UNTRIAGED also stands for basic scanning's UNDEFINED. */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNTRIAGED'] as const
export type Severity = (typeof SEVERITIES)[number]

/** Rank for ordering: higher is more severe. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity)
}

export type FixAvailable = 'YES' | 'NO' | 'PARTIAL' | 'UNKNOWN'

export interface VulnerablePackage {
  name: string
  version: string
  fixedInVersion: string
  filePath: string
  packageManager: string
}

/** One ECR finding, basic or enhanced, in the shape every later stage reads. */
export interface Finding {
  kind: 'basic' | 'enhanced'
  id: string
  severity: Severity
  /** The severity string exactly as ECR sent it (UNDEFINED, UNTRIAGED, or something newer). */
  rawSeverity: string
  title: string
  description: string
  link: string
  packageName: string
  packageVersion: string
  fixedInVersion: string
  /** Every package the finding names; the first is the one in packageName/packageVersion. */
  packages: VulnerablePackage[]
  fixAvailable: FixAvailable
  exploitAvailable: 'YES' | 'NO' | 'UNKNOWN'
  score: number | undefined
  vector: string
  /** Inspector's status (ACTIVE, SUPPRESSED, CLOSED); empty for basic findings. */
  inspectorStatus: string
  findingArn: string
}

// Finding data comes from package metadata anyone can publish, and a future API version may change types:
// every field is coerced rather than trusted.
function text(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return ''
}

// Above every reporter's limit (the JSON report keeps 32,768 characters), so each still sees that the text was longer
// and marks the cut as before; a megabyte description from package metadata is not held once per finding.
const MAX_DESCRIPTION = 40_000

function description(value: unknown): string {
  const full = text(value)
  if (full.length <= MAX_DESCRIPTION) return shared(full)
  // A slice would keep the whole original alive; a round trip through UTF-16 bytes copies it, lone surrogates included.
  return Buffer.from(full.slice(0, MAX_DESCRIPTION), 'utf16le').toString('utf16le')
}

// The same package names, versions, vectors and advisory texts come back in finding after finding (one CVE in several
// packages, several CVEs in one package): one copy of each is enough. Bounded, so unique text cannot grow it forever.
// Longer text is rarely repeated, and V8 hashes very long strings by their length only, which a Map must then compare.
const SHARED_LIMIT = 20_000
const SHARED_MAX_LENGTH = 4_096
let sharedText = new Map<string, string>()

function shared(value: string): string {
  if (value === '' || value.length > SHARED_MAX_LENGTH) return value
  const known = sharedText.get(value)
  if (known !== undefined) return known
  if (sharedText.size >= SHARED_LIMIT) sharedText = new Map()
  sharedText.set(value, value)
  return value
}

function score(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 10 ? n : undefined
}

// A score of 0 says nothing about the risk of a finding ECR calls vulnerable: it reads as unknown, which min-score
// never exempts (as for enhanced findings and in the SARIF).
function riskScore(value: unknown): number | undefined {
  const n = score(value)
  return n ? n : undefined
}

/** The CVSS entry with the highest base score: the first one may be CVSS 2, lower than the CVSS 3 beside it. */
function highestCvss(entries: unknown[]): Record<string, unknown> {
  let best: Record<string, unknown> = {}
  for (const entry of entries) {
    const candidate = record(entry)
    if ((riskScore(candidate.baseScore) ?? -1) > (riskScore(best.baseScore) ?? -1)) best = candidate
  }
  return best
}

// Ids, package names and statuses compare without case in ASCII only: full Unicode case mapping makes the long s (ſ)
// an S and the Kelvin sign (K) a k, so 'ſuppressed' would drop a finding and a rule written with look-alikes would
// match a name a reviewer reads as different.
/** The text with its ASCII letters in upper case, every other character as it is. */
export function asciiUpper(text: string): string {
  return text.replace(/[a-z]+/g, (letters) => letters.toUpperCase())
}

/** The text with its ASCII letters in lower case, every other character as it is. */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase())
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

/** Maps ECR's severity strings onto ours; anything unknown counts as UNTRIAGED so it is never dropped. */
export function normaliseSeverity(value: unknown): Severity {
  const upper = text(value).trim().toUpperCase()
  return (SEVERITIES as readonly string[]).includes(upper) ? (upper as Severity) : 'UNTRIAGED'
}

function yesNo(value: unknown): 'YES' | 'NO' | 'UNKNOWN' {
  const upper = text(value).toUpperCase()
  return upper === 'YES' || upper === 'NO' ? upper : 'UNKNOWN'
}

/** Normalises a basic-scanning finding. */
export function fromBasic(raw: ImageScanFinding | unknown): Finding {
  const finding = record(raw)
  const attributes = new Map<string, string>()
  for (const attribute of list(finding.attributes)) {
    const { key, value } = record(attribute)
    if (typeof key === 'string') attributes.set(key, shared(text(value)))
  }
  const id = text(finding.name)
  const packageName = attributes.get('package_name') ?? ''
  const packageVersion = attributes.get('package_version') ?? ''
  const cvss3 = riskScore(attributes.get('CVSS3_SCORE'))
  return {
    kind: 'basic',
    id,
    severity: normaliseSeverity(finding.severity),
    rawSeverity: shared(text(finding.severity)),
    title: packageName ? `${id} - ${packageName}` : id,
    description: description(finding.description),
    link: text(finding.uri),
    packageName,
    packageVersion,
    fixedInVersion: '',
    packages: packageName ? basicPackages(packageName, packageVersion) : [],
    fixAvailable: 'UNKNOWN',
    exploitAvailable: 'UNKNOWN',
    score: cvss3 ?? riskScore(attributes.get('CVSS2_SCORE')),
    vector: cvss3 !== undefined ? (attributes.get('CVSS3_VECTOR') ?? '') : (attributes.get('CVSS2_VECTOR') ?? ''),
    inspectorStatus: '',
    findingArn: ''
  }
}

// A basic finding names one package by name and version, and a package has many CVEs: findings share one frozen list
// per package (frozen, so a change meant for one finding fails loudly instead of changing them all).
let sharedPackages = new Map<string, VulnerablePackage[]>()

function basicPackages(name: string, version: string): VulnerablePackage[] {
  const fresh = (): VulnerablePackage[] => {
    const pkg = Object.freeze({ name, version, fixedInVersion: '', filePath: '', packageManager: '' })
    return Object.freeze([pkg]) as VulnerablePackage[]
  }
  if (name.length + version.length >= SHARED_MAX_LENGTH) return fresh()
  const key = `${name}\u0000${version}`
  const known = sharedPackages.get(key)
  if (known) return known
  const packages = fresh()
  if (sharedPackages.size >= SHARED_LIMIT) sharedPackages = new Map()
  sharedPackages.set(key, packages)
  return packages
}

function fixedIn(value: unknown): string {
  const version = text(value)
  // Inspector writes the default epoch ("0:1.2-3") where the installed version has none; they mean the same.
  return version === 'NotAvailable' ? '' : version.replace(/^0:/, '')
}

/** Normalises an enhanced (Amazon Inspector) finding. */
export function fromEnhanced(raw: EnhancedImageScanFinding | unknown): Finding {
  const finding = record(raw)
  const details = record(finding.packageVulnerabilityDetails)
  const packages: VulnerablePackage[] = list(details.vulnerablePackages).map((item) => {
    const pkg = record(item)
    return {
      name: shared(text(pkg.name)),
      version: shared([text(pkg.version), text(pkg.release)].filter(Boolean).join('-')),
      fixedInVersion: shared(fixedIn(pkg.fixedInVersion)),
      filePath: shared(text(pkg.filePath)),
      packageManager: shared(text(pkg.packageManager))
    }
  })
  const first = packages[0]
  const cvss = record(record(finding.scoreDetails).cvss)
  const listedCvss = highestCvss(list(details.cvss))
  const recommendation = record(record(finding.remediation).recommendation)
  const id = text(details.vulnerabilityId) || text(finding.title).split(' ')[0] || text(finding.findingArn)
  const fix = text(finding.fixAvailable).toUpperCase()
  return {
    kind: 'enhanced',
    id,
    severity: normaliseSeverity(finding.severity),
    rawSeverity: shared(text(finding.severity)),
    title: text(finding.title) || id,
    description: description(finding.description),
    link: text(details.sourceUrl) || text(recommendation.url) || text(list(details.referenceUrls)[0]),
    packageName: first?.name ?? '',
    packageVersion: first?.version ?? '',
    fixedInVersion: first?.fixedInVersion ?? '',
    packages,
    fixAvailable: fix === 'YES' || fix === 'NO' || fix === 'PARTIAL' ? fix : 'UNKNOWN',
    exploitAvailable: yesNo(finding.exploitAvailable),
    score: riskScore(finding.score) ?? riskScore(cvss.score) ?? riskScore(listedCvss.baseScore),
    vector: shared(text(cvss.scoringVector) || text(listedCvss.scoringVector)),
    inspectorStatus: shared(asciiUpper(text(finding.status))),
    findingArn: text(finding.findingArn)
  }
}

/** True for findings Inspector no longer counts (suppressed by a rule, or closed): they are reported apart. */
export function isSuppressed(finding: Finding): boolean {
  return finding.inspectorStatus === 'SUPPRESSED' || finding.inspectorStatus === 'CLOSED'
}

/** The finding's packages, as copies and reads of a finding are compared. */
export function packagesKey(finding: Finding): string {
  return finding.packages.map((p) => `${p.name}@${p.version}@${p.filePath}`).join(',')
}

/**
 * What names one finding, on one page and across reads: Inspector's ARN (empty for basic findings) with the
 * vulnerability and the packages it is about. The ARN alone is not enough: a listing that put two vulnerabilities, or
 * two packages, under one ARN would count them as one, and the other would never be decided on. Package versions stay
 * out: a later read may name another version of the same finding's package.
 */
export function findingIdentity(finding: Finding): string {
  return `${finding.findingArn}|${finding.kind}|${finding.id}|${finding.packages.map((p) => `${p.name}@${p.filePath}`).join(',')}`
}

const DEFINED_SEVERITIES = new Set<string>([...SEVERITIES, 'UNDEFINED'])

/** A warning naming the severities ECR sent that are none it defines (each counted as UNTRIAGED), if any. */
export function unknownSeverityWarning(findings: readonly Finding[]): string | undefined {
  const unknown = new Map<string, number>()
  for (const finding of findings) {
    if (finding.severity !== 'UNTRIAGED') continue
    const raw = finding.rawSeverity.trim().toUpperCase()
    if (!DEFINED_SEVERITIES.has(raw)) unknown.set(raw, (unknown.get(raw) ?? 0) + 1)
  }
  if (unknown.size === 0) return undefined
  const total = [...unknown.values()].reduce((sum, n) => sum + n, 0)
  // Quoted as harmless tokens: the value is ECR's, but a proxy or a future API may send anything.
  const named = [...unknown].map(([raw, n]) => `${raw ? `"${statusToken(raw)}"` : 'none'}: ${n}`)
  return (
    `${total === 1 ? '1 finding carries' : `${total} findings carry`} a severity ECR does not define ` +
    `(${named.slice(0, 5).join(', ')}${named.length > 5 ? `, and ${named.length - 5} more` : ''}); ` +
    'each counts as UNTRIAGED, which severity-threshold blocks only at UNTRIAGED.'
  )
}
