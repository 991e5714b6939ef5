import { z } from 'zod'
import { ConfigurationError, documentPath } from './errors.js'
import { asciiUpper } from './finding.js'
import { isRepositoryName, isTag, parseRegistryHost } from './image-ref.js'
import { listed, oneLine } from './log-safety.js'
import { plural } from './markdown.js'
import { type IgnoreRule, type ImageMatcher, type VexAffected, isCalendarDay } from './policy.js'
import { TextSet, setKey } from './set-key.js'
import { suggest } from './suggest.js'
import { readUserFile } from './user-file.js'

/*
 * OpenVEX documents become ignore rules here, before the image digest is known (the user may have named a tag).
 * A statement's products therefore travel with the rule as ImageMatchers, and decide() checks them against the
 * image it is given: the rule applies only when a product is this image, or when the statement names no product.
 */

/** What the VEX files gave: rules to merge into the policy, statements that override them, and warnings. */
export interface VexRules {
  rules: IgnoreRule[]
  affected: VexAffected[]
  warnings: string[]
}

/** A file to read: where it is on disk, and how to name it to the user. */
export interface VexFile {
  path: string
  label: string
}

const STATUSES = ['not_affected', 'affected', 'fixed', 'under_investigation'] as const
type Status = (typeof STATUSES)[number]
const IGNORING: ReadonlySet<Status> = new Set(['not_affected', 'fixed'])
const JUSTIFICATIONS = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist'
] as const

/**
 * An RFC 3339 time, as OpenVEX writes timestamps: with its offset, since a time without one would be read in the
 * runner's time zone and the latest statement could depend on where the job runs.
 */
const isoTime = z.string().refine(isRfc3339Time)

function isRfc3339Time(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/i.exec(value)
  if (!match) return false
  const [year, month, day] = match.slice(1, 4).map(Number) as [number, number, number]
  return isCalendarDay(year, month, day)
}

/** A field OpenVEX defines that the gate does not read: allowed, whatever it holds. */
const unread = z.unknown().optional()
// Every object is strict: a misspelt key ("porducts", "subcomponent") would otherwise drop the scope it was meant to
// set and widen a statement to every image or package.
const identifiers = z.strictObject({ purl: z.string().optional(), cpe22: z.string().optional(), cpe23: z.string().optional() })
const component = z.strictObject({
  '@id': z.string().optional(),
  identifiers: identifiers.optional(),
  hashes: z.record(z.string(), z.unknown()).optional()
})
// OpenVEX before v0.2.0 wrote products, subcomponents and the vulnerability as plain strings.
const subcomponent = z.union([z.string(), component])
// An empty list names nothing; left out, the same key would cover everything. Neither is what an empty list meant.
const subcomponents = z.array(subcomponent).min(1).optional()
const product = z.union([z.string(), component.extend({ subcomponents })])
const vulnerabilityObject = z.strictObject({
  '@id': z.string().optional(),
  name: z.string().optional(),
  description: unread,
  aliases: z.array(z.string()).optional()
})
const vulnerability = z.union([z.string().min(1), vulnerabilityObject])
const statement = z
  .strictObject({
    '@id': unread,
    version: unread,
    vulnerability,
    products: z.array(product).min(1).optional(),
    subcomponents,
    status: z.enum(STATUSES),
    supplier: unread,
    justification: z.enum(JUSTIFICATIONS).optional(),
    impact_statement: z.string().optional(),
    action_statement: unread,
    action_statement_timestamp: unread,
    status_notes: z.string().optional(),
    timestamp: isoTime.optional(),
    last_updated: unread
  })
  .superRefine((s, ctx) => {
    // OpenVEX: a not_affected statement MUST say why; an unexplained one must not quietly accept a vulnerability.
    if (s.status === 'not_affected' && !s.justification && !s.impact_statement?.trim()) {
      ctx.addIssue({ code: 'custom', path: ['justification'], message: NOT_AFFECTED_NEEDS_WHY, input: undefined })
    }
  })
const document = z.strictObject({
  '@context': z.union([z.string(), z.array(z.string())]).refine(isOpenVexContext),
  '@id': unread,
  author: unread,
  role: unread,
  last_updated: unread,
  version: unread,
  tooling: unread,
  // OpenVEX requires it, and it dates every statement that has no timestamp of its own: which statement is the latest
  // decides whether a finding is accepted, so it cannot be guessed.
  timestamp: isoTime,
  statements: z.array(statement)
})
type Product = z.infer<typeof product>
type Subcomponent = z.infer<typeof subcomponent>
type Statement = z.infer<typeof statement>

const NOT_AFFECTED_NEEDS_WHY =
  'a not_affected statement needs a justification or an impact_statement (OpenVEX requires one)'

function isOpenVexContext(context: string | string[]): boolean {
  return (Array.isArray(context) ? context : [context]).some((c) => /^https?:\/\/openvex\.dev\/ns\b/.test(c))
}

const ACCEPTS: Record<string, string> = {
  '@context': 'the OpenVEX context, https://openvex.dev/ns (optionally with a version)',
  statements: 'a list of statements',
  status: STATUSES.join(', '),
  justification: JUSTIFICATIONS.join(', '),
  timestamp: 'an RFC 3339 time with its offset, such as 2026-05-01T12:00:00Z',
  products: 'a non-empty list of products (leave products out for a statement about every image)',
  subcomponents: 'a non-empty list of package URLs (leave subcomponents out for a statement about every package)',
  vulnerability: 'a vulnerability with a name, such as {"name": "CVE-2023-1234"}'
}

/** The keys each kind of object accepts, for the message about a misspelt one. */
function keysAt(path: readonly PropertyKey[]): string[] {
  const names = path.filter((part): part is string => typeof part === 'string')
  const last = names[names.length - 1]
  if (path.length === 0) return Object.keys(document.shape)
  if (last === 'statements') return Object.keys(statement.shape)
  if (last === 'vulnerability') return Object.keys(vulnerabilityObject.shape)
  if (last === 'identifiers') return Object.keys(identifiers.shape)
  if (last === 'products') return [...Object.keys(component.shape), 'subcomponents']
  return Object.keys(component.shape)
}

/**
 * The issues to report: a value that fits neither form of a union (a string or an object) is described by what the
 * object form found wrong, since a plain string has nothing to misspell.
 */
function flatIssues(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0 || typeof issue.input !== 'object') return [issue]
  const objectBranch = issue.errors.find((branch) => !branch.every((inner) => inner.code === 'invalid_type' && inner.path.length === 0))
  if (!objectBranch) return [issue]
  return objectBranch.flatMap((inner) => flatIssues({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue))
}

// What a document held where it should not: values as JSON, but a list or object only by kind, since stringifying
// one would walk all of it (a statement nested 30,000 deep overflowed the stack).
function shown(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : 'a list'
  if (value !== null && typeof value === 'object') return Object.keys(value).length === 0 ? '{}' : 'an object'
  return (JSON.stringify(value) ?? String(value)).slice(0, 60)
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = documentPath(issue.path) || 'the document'
  if (issue.code === 'unrecognized_keys') {
    const accepted = keysAt(issue.path)
    return issue.keys
      .map((key) => `${field}: unknown key "${oneLine(key, 60)}"${suggest(key, accepted)}; accepted keys: ${accepted.join(', ')}`)
      .join('; ')
  }
  if (issue.code === 'custom' && issue.message === NOT_AFFECTED_NEEDS_WHY) return `${field}: ${issue.message}`
  const last = [...issue.path].reverse().find((part): part is string => typeof part === 'string') ?? ''
  const accepts = ACCEPTS[last]
  const got = issue.input === undefined ? 'missing' : `got ${shown(issue.input)}`
  return accepts ? `${field}: ${got}; expected ${accepts}` : `${field}: ${issue.message}`
}

interface Purl {
  type: string
  namespace: string[]
  name: string
  version?: string
  qualifiers: Record<string, string>
}

/** Parses a package URL (pkg:type/namespace/name@version?qualifiers#subpath); undefined when it is not one. */
export function parsePurl(value: string): Purl | undefined {
  if (!/^pkg:/i.test(value.trim())) return undefined
  try {
    let rest = value.trim().slice(4).replace(/^\/+/, '')
    const hash = rest.indexOf('#')
    if (hash >= 0) rest = rest.slice(0, hash)
    const qualifiers: Record<string, string> = {}
    const question = rest.indexOf('?')
    if (question >= 0) {
      for (const pair of rest.slice(question + 1).split('&')) {
        const eq = pair.indexOf('=')
        if (eq > 0) qualifiers[pair.slice(0, eq).toLowerCase()] = decodeURIComponent(pair.slice(eq + 1))
      }
      rest = rest.slice(0, question)
    }
    // An unencoded npm scope (pkg:npm/@scope/name) also holds an @: only one after the last / starts the version.
    let version: string | undefined
    const at = rest.lastIndexOf('@')
    if (at > rest.lastIndexOf('/')) {
      version = decodeURIComponent(rest.slice(at + 1))
      rest = rest.slice(0, at)
    }
    const segments = rest.split('/').filter(Boolean).map(decodeURIComponent)
    const type = segments.shift()?.toLowerCase()
    const name = segments.pop()
    if (!type || !name) return undefined
    return { type, namespace: segments, name, version, qualifiers }
  } catch {
    return undefined // malformed percent-encoding
  }
}

/** The package name ECR reports for a purl: npm scopes and Go modules keep their namespace; Maven is group:artifact. */
export function packageName(purl: Purl): string {
  const namespace = purl.namespace.join('/')
  if (!namespace) return purl.name
  if (purl.type === 'maven') return `${namespace}:${purl.name}`
  if (purl.type === 'npm' || purl.type === 'golang' || purl.type === 'composer') return `${namespace}/${purl.name}`
  return purl.name
}

// A registry host is a first segment with a dot or a port, or localhost (the rule docker itself uses).
// In an image reference a lone segment is a repository (as docker reads "debian"); a repository_url may be a bare host.
function splitRegistry(reference: string, mayBeHostOnly = false): { host?: string; path: string } {
  const segments = reference.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split('/').filter(Boolean)
  const first = segments[0] ?? ''
  const host = (segments.length > 1 || mayBeHostOnly) && (/[.:]/.test(first) || first === 'localhost') ? first : undefined
  return { host, path: (host ? segments.slice(1) : segments).join('/') }
}

// A product in another registry is another image, however its repository is named.
function registryMatcher(host: string | undefined): Pick<ImageMatcher, 'registry'> {
  if (host === undefined) return {}
  // HTTPS's own port names the same registry: docker would log in to either.
  const registry = parseRegistryHost(host.replace(/:443$/, ''))
  return { registry: registry ? `${registry.registryId}@${registry.region}` : `not an ECR registry: ${host.toLowerCase()}` }
}

function ociMatcher(purl: Purl): ImageMatcher {
  const name = purl.name.toLowerCase()
  const tag = purl.qualifiers.tag
  const url = purl.qualifiers.repository_url
  const { host, path } = url ? splitRegistry(url, true) : { host: undefined, path: '' }
  // ECR repository names are lower case, as the purl spec has oci names: compared in lower case, no image is lost.
  const base = path.toLowerCase()
  const scope = { ...registryMatcher(host), ...(tag ? { tag } : {}) }
  // The purl spec makes the name the repository's last segment; some tools put the whole repository in
  // repository_url and others only its namespace: accept either.
  if (!base) return { name, ...scope }
  const repository = base === name || base.endsWith(`/${name}`) ? base : `${base}/${name}`
  return { repositories: [repository], ...scope }
}

// An image reference without a digest: [registry/]repository[:tag].
function referenceMatcher(value: string): ImageMatcher | undefined {
  if (value.includes('://')) return undefined
  const { host, path } = splitRegistry(value.split('@')[0] ?? '')
  let rest = path
  let tag: string | undefined
  const colon = rest.lastIndexOf(':')
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
    if (!isTag(tag)) return undefined
  }
  if (!isRepositoryName(rest)) return undefined
  return { repositories: [rest], ...registryMatcher(host), ...(tag ? { tag } : {}) }
}

function identifiersOf(item: Product | Subcomponent): string[] {
  if (typeof item === 'string') return [item]
  const values = [item['@id'], item.identifiers?.purl, item.identifiers?.cpe22, item.identifiers?.cpe23]
  return values.filter((value): value is string => typeof value === 'string' && value.trim() !== '')
}

/**
 * How a product names an image; undefined when it names something else (a package, a URL, a CPE). A product that names
 * the image more exactly than the gate can compare (a version or hash that is no sha256 digest, a typo'd digest,
 * sha512, a version tag in a purl, a pkg:oci qualifier such as arch) is undefined too for a statement that ignores
 * (`widen` false): dropping only that part would leave the repository, and the statement would cover every image in
 * it. For one that overrides (affected, under_investigation), the wider reading is the safe one, so `widen` keeps it.
 */
export function productMatcher(item: Product, widen = false): ImageMatcher | undefined {
  const ids = identifiersOf(item)
  const digests = new Set<string>()
  // Named by a digest the gate cannot read: an override then covers every image (no image can be ruled out), unless
  // another identifier says the product is something else.
  let unreadableDigest = false
  for (const id of ids) {
    const found = [...id.matchAll(/sha256(?::|%3A)([a-f0-9]{64})\b/gi)]
    for (const match of found) digests.add(`sha256:${match[1]?.toLowerCase()}`)
    if (BARE_DIGEST.test(id) && found.length === 0) unreadableDigest = true
    if (!widen && narrowerThanComparable(id, found.length > 0)) return undefined
  }
  if (typeof item !== 'string') {
    const hashes = Object.entries(item.hashes ?? {})
    for (const [algorithm, value] of hashes) {
      if (/^sha-?256$/i.test(algorithm) && typeof value === 'string' && /^[a-f0-9]{64}$/i.test(value)) {
        digests.add(`sha256:${value.toLowerCase()}`)
      }
    }
    if (hashes.length > 0 && digests.size === 0) {
      if (!widen) return undefined
      unreadableDigest = true
    }
  }
  const scope = placeMatcher(ids.filter((id) => !BARE_DIGEST.test(id)))
  // Only when nothing else names what the product is: a package purl beside a sha512 hash stays a package.
  if (digests.size === 0) return scope ?? (unreadableDigest && ids.every((id) => BARE_DIGEST.test(id)) ? {} : undefined)
  // The digest names the image; where the product also names a registry or repository, that must match too (the
  // README's promise: a product naming a registry matches only that registry). A tag beside a digest adds nothing: the
  // digest is the more exact of the two, and a run named by digest has no tag to compare.
  const { tag: _tag, ...place } = scope ?? {}
  return { ...place, digests: [...digests] }
}

// A digest on its own, well formed or not: never a repository named sha256 with a tag, as an image reference would read it.
const BARE_DIGEST = /^\s*(?:sha(?:256|384|512)|blake3):/i
// What a pkg:oci purl may say besides its name that the gate compares with the image.
const OCI_QUALIFIERS = new Set(['repository_url', 'tag'])

/** True when an image identifier names a version or qualifier the gate cannot compare (see productMatcher). */
function narrowerThanComparable(id: string, hasDigest: boolean): boolean {
  const purl = parsePurl(id)
  if (purl) {
    if (purl.type !== 'oci') return false
    return (purl.version !== undefined && !hasDigest) || Object.keys(purl.qualifiers).some((key) => !OCI_QUALIFIERS.has(key))
  }
  // An image reference: anything after `@` is meant as a digest, as is a digest on its own.
  return !id.includes('://') && (id.includes('@') || BARE_DIGEST.test(id)) && !hasDigest
}

// Where a product says the image is stored: a pkg:oci purl or an image reference, the first that names an image.
function placeMatcher(ids: readonly string[]): ImageMatcher | undefined {
  for (const id of ids) {
    const purl = parsePurl(id)
    if (purl) {
      if (purl.type === 'oci') return ociMatcher(purl)
      continue
    }
    const matcher = referenceMatcher(id)
    if (matcher) return matcher
  }
  return undefined
}

/** The package a subcomponent's package URL names: name, and version and ecosystem when the purl gives them. */
interface PackageScope {
  name: string
  version?: string
  type: string
}

function subcomponentPackage(item: Subcomponent): PackageScope | undefined {
  for (const id of identifiersOf(item)) {
    const purl = parsePurl(id)
    if (!purl) continue
    // Characters a reader cannot see would be cleaned away below, leaving a name other than the one shown.
    if (/[\p{Cc}\p{Cf}]/u.test(packageName(purl))) return undefined
    const name = oneLine(packageName(purl), 200)
    if (!name) return undefined
    const version = oneLine(purl.version, 200)
    return { name, type: purl.type, ...(version ? { version } : {}) }
  }
  return undefined
}

// CVE-..., GHSA-...: the last path segment of an IRI such as https://nvd.nist.gov/vuln/detail/CVE-2023-1234.
function idFromIri(iri: string | undefined): string | undefined {
  const last = iri?.split(/[/#]/).filter(Boolean).pop()
  return last && /^[A-Za-z]+-[\w.:-]+$/.test(last) ? last : undefined
}

function vulnerabilityIds(value: Statement['vulnerability']): string[] {
  const ids =
    typeof value === 'string'
      ? [value.trim()]
      : [value.name?.trim(), idFromIri(value['@id']), ...(value.aliases ?? []).map((alias) => alias.trim())]
  const unique = new Map<string, string>()
  // An id with spaces in it can match no finding, and would only clutter the reasons and warnings.
  for (const id of ids) {
    // As decide() compares ids: Unicode case mapping would fold OSV-ſ1 into OSV-S1 and lose the alias.
    const key = id && setKey(asciiUpper(id))
    if (id && key && !/\s/.test(id) && !unique.has(key)) unique.set(key, id)
  }
  return [...unique.values()]
}

// The reason shows in tables and annotations: free text from the document becomes one line of bounded length.
function reasonOf(s: Statement): string {
  const because = [s.justification, s.impact_statement].map((text) => oneLine(text, 300)).filter(Boolean)
  if (because.length > 0) return because.join(': ')
  return oneLine(s.status_notes, 300) || s.status
}

interface Claim {
  ids: string[]
  status: Status
  reason: string
  source: string
  /** Undefined: the statement names no product, so it covers every image. */
  matcher: ImageMatcher | undefined
  /** Undefined: the statement names no package, so it covers every package. */
  pkg: PackageScope | undefined
  /** The statement's time (its own timestamp, else the document's) and its place in the files: claims of one statement share both. */
  time: number
  order: number
}

const QUOTE = 0x22
const BACKSLASH = 0x5c

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09
}

/**
 * The first key given twice in one object of valid JSON text, in one pass: JSON.parse keeps the last silently, while
 * other tools keep the first, so `"status": "affected", …, "status": "not_affected"` reads differently to each.
 */
export function repeatedKeyAt(text: string): { key: string; offset: number } | undefined {
  // One entry per open container: the keys seen in an object (a TextSet, which finds a long key by its hash where a Set
  // would compare it with every key of its length), undefined for an array.
  const open: (TextSet | undefined)[] = []
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code === 0x7b) open.push(new TextSet())
    else if (code === 0x5b) open.push(undefined)
    else if (code === 0x7d || code === 0x5d) open.pop()
    else if (code === QUOTE) {
      const start = i
      let escaped = false
      for (i++; i < text.length && text.charCodeAt(i) !== QUOTE; i++) {
        if (text.charCodeAt(i) === BACKSLASH) {
          escaped = true
          i++
        }
      }
      let next = i + 1
      while (isJsonSpace(text.charCodeAt(next))) next++
      const keys = open.at(-1)
      if (text.charCodeAt(next) !== 0x3a || !keys) continue
      // Escapes decoded, so "st\u0061tus" is status again.
      const key = escaped ? (JSON.parse(text.slice(start, i + 1)) as string) : text.slice(start + 1, i)
      if (keys.has(key)) return { key, offset: start }
      keys.add(key)
    }
  }
  return undefined
}

function parseDocument(text: string, label: string): z.infer<typeof document> {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    // Node quotes the text around the fault, line breaks included: one line keeps the message one annotation.
    throw new ConfigurationError(`vex-file ${label} is not valid JSON: ${oneLine((error as Error).message, 300)}`)
  }
  const repeated = repeatedKeyAt(text)
  if (repeated) {
    const line = text.slice(0, repeated.offset).split('\n').length
    throw new ConfigurationError(
      `vex-file ${label} gives the key "${oneLine(repeated.key, 60)}" twice in one object (line ${line}). JSON readers disagree ` +
        'on which one counts, so what a reviewer read may not be what applies; keep one.'
    )
  }
  const parsed = document.safeParse(json, { reportInput: true })
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap(flatIssues).slice(0, 5).map(describeIssue).join('; ')
    throw new ConfigurationError(`vex-file ${label} is not an OpenVEX document: ${problems}.`)
  }
  return parsed.data
}

// A statement's vulnerability ids, products and subcomponents multiply: each combination is an entry of a rule that the
// gate checks and the JSON report lists. 3,000 products by 3,000 subcomponents, a file of 0.3 MB, took 47 s and 3.9 GB.
const MAX_CLAIM_ENTRIES = 200_000
// Entries carry their text: a 100,000-digit id or a product of 1,000 digests, repeated for 200,000 subcomponents, took a
// minute and would write gigabytes of JSON report. As much text as the largest VEX file may hold.
const MAX_RULE_TEXT = 32 << 20

/** The text of a product's names the rules repeat: its identifiers and hashes. */
function productText(item: Product): number {
  // Only a string can become a digest; stringifying the rest would overflow the stack on a deeply nested value.
  const hashes = typeof item === 'string' ? [] : Object.values(item.hashes ?? {})
  const hashText = hashes.reduce<number>((sum, value) => sum + (typeof value === 'string' ? value.length : 0), 0)
  return identifiersOf(item).reduce((sum, id) => sum + id.length, hashText)
}

/**
 * What a statement stands for: rule entries (its ids, times its products' subcomponents, or products, or one) and the
 * text of the rules, at most one per package it names, each holding its ids and the products of that package.
 */
function claimSize(s: Statement, ids: readonly string[]): { entries: number; text: number } {
  let entries = 0
  let text = 0
  let packages = s.subcomponents?.length ?? 0
  for (const item of s.products ?? [undefined]) {
    const own = typeof item === 'object' ? item.subcomponents : undefined
    packages += own?.length ?? 0
    const subcomponents = (own ?? s.subcomponents)?.length ?? 1
    entries += subcomponents * ids.length
    if (item !== undefined) text += subcomponents * productText(item)
  }
  return { entries, text: text + Math.max(1, packages) * ids.reduce((sum, id) => sum + id.length, 0) }
}

/** Turns one parsed document's statements into claims, each about one vulnerability, product and package. */
function claimsOf(
  doc: z.infer<typeof document>,
  file: VexFile,
  fileIndex: number,
  warnings: string[],
  budget: { entries: number; text: number }
): Claim[] {
  const claims: Claim[] = []
  const skippedProducts: string[] = []
  const unscoped: string[] = []
  doc.statements.forEach((s, index) => {
    const ids = vulnerabilityIds(s.vulnerability)
    if (ids.length === 0) {
      throw new ConfigurationError(
        `vex-file ${file.label} is not an OpenVEX document: statements[${index}].vulnerability names no vulnerability; expected ${ACCEPTS.vulnerability}.`
      )
    }
    // The statement as warnings and errors name it: once, not once for each subcomponent left out.
    const named = oneLine(ids[0], 100)
    const size = claimSize(s, ids)
    budget.entries += size.entries
    budget.text += size.text
    if (budget.entries > MAX_CLAIM_ENTRIES || budget.text > MAX_RULE_TEXT) {
      const past =
        budget.entries > MAX_CLAIM_ENTRIES
          ? '200,000 rule entries (a statement counts its vulnerability ids × products × subcomponents)'
          : "32 MiB of rule text (a statement's ids are repeated for each package it names, a product's names and hashes for each subcomponent)"
      throw new ConfigurationError(
        `vex-file ${file.label}: statements[${index}] (${named}) takes the VEX documents past ${past}, ` +
          'more than the gate can check in reasonable time and memory. Leave out the products, subcomponents and ' +
          'aliases that are not about this image.'
      )
    }
    const time = Date.parse(s.timestamp ?? doc.timestamp)
    const base = {
      ids,
      status: s.status,
      reason: reasonOf(s),
      source: `VEX ${file.label}`,
      time,
      order: fileIndex * 1e6 + index
    }
    for (const item of s.products ?? [undefined]) {
      const matcher = item === undefined ? undefined : productMatcher(item, !IGNORING.has(s.status))
      if (item !== undefined && matcher === undefined) {
        skippedProducts.push(`statement ${index} (${named}): ${oneLine(identifiersOf(item)[0] ?? 'a product without an id', 100)}`)
        continue
      }
      const subcomponents = (typeof item === 'object' ? item.subcomponents : undefined) ?? s.subcomponents
      if (subcomponents === undefined) {
        claims.push({ ...base, matcher, pkg: undefined })
        continue
      }
      for (const sub of subcomponents) {
        const pkg = subcomponentPackage(sub)
        if (pkg === undefined) {
          // Without a package the statement would cover the vulnerability in every package of the image.
          unscoped.push(`statement ${index} (${named})`)
          continue
        }
        claims.push({ ...base, matcher, pkg })
      }
    }
  })
  if (unscoped.length > 0) {
    warnings.push(
      `VEX ${file.label}: subcomponents without a package URL cannot be matched to a package, so they are not applied: ${listed(unscoped, 10)}.`
    )
  }
  if (doc.statements.length === 0) {
    warnings.push(`VEX ${file.label} holds no statements, so it ignores nothing.`)
  }
  if (skippedProducts.length > 0 && claims.length === 0) {
    warnings.push(
      `VEX ${file.label}: no statement names an image product (a sha256 digest, a pkg:oci purl or a repository name) or leaves products out, so the file ignores nothing.`
    )
  } else if (skippedProducts.length > 0) {
    // Otherwise a statement written for this image could be dropped without a word while the others apply.
    warnings.push(
      `VEX ${file.label}: ${plural(skippedProducts.length, 'product')} ${skippedProducts.length === 1 ? 'names' : 'name'} no image the gate can compare (a sha256 digest, ` +
        `a pkg:oci purl with at most repository_url and tag, or a repository), so their statements do not apply through ` +
        `them: ${listed(skippedProducts, 5)}.`
    )
  }
  return claims
}

/**
 * Folds claims into one rule per statement and package, holding the statement's image products. Every rule carries
 * the statement's rank in time (timestamp, then place in the files): for each package decide() applies the latest
 * statement that concerns it, so a later affected or under_investigation overrides an earlier not_affected or fixed.
 */
function rulesFromClaims(claims: readonly Claim[]): Pick<VexRules, 'rules' | 'affected'> {
  const sorted = [...claims].sort((a, b) => a.time - b.time || a.order - b.order)
  // The matchers' JSON beside them, so a statement of 20,000 products is deduplicated in one pass, not in 20,000.
  const groups = new Map<string, { claim: Claim; rank: number; products: ImageMatcher[] | undefined; seen: Set<string> }>()
  let rank = -1
  let previous: Claim | undefined
  for (const claim of sorted) {
    if (!previous || claim.time !== previous.time || claim.order !== previous.order) rank++
    previous = claim
    const key = setKey(`${rank}\u0000${JSON.stringify(claim.pkg ?? null)}`)
    let group = groups.get(key)
    if (!group) {
      group = { claim, rank, products: [], seen: new Set() }
      groups.set(key, group)
    }
    if (claim.matcher === undefined) {
      group.products = undefined
    } else if (group.products) {
      const matcher = setKey(JSON.stringify(claim.matcher))
      if (!group.seen.has(matcher)) {
        group.seen.add(matcher)
        group.products.push(claim.matcher)
      }
    }
  }
  const rules: IgnoreRule[] = []
  const affected: VexAffected[] = []
  for (const { claim, rank: vexOrder, products } of groups.values()) {
    const [id = '', ...aliases] = claim.ids
    const scope = {
      id,
      ...(aliases.length > 0 ? { aliases } : {}),
      ...(claim.pkg ? { package: claim.pkg.name, packageType: claim.pkg.type } : {}),
      ...(claim.pkg?.version !== undefined ? { packageVersion: claim.pkg.version } : {}),
      ...(products ? { products } : {}),
      source: claim.source,
      vexOrder
    }
    if (IGNORING.has(claim.status)) rules.push({ ...scope, reason: claim.reason })
    else affected.push({ ...scope, status: claim.status })
  }
  return { rules, affected }
}

// Each document is parsed and checked whole; far past this, the gate would run out of memory before any summary.
const MAX_VEX_FILE_BYTES = 32 << 20

/** Reads OpenVEX documents: not_affected and fixed statements become ignore rules, the others override them. */
export async function loadVexRules(files: readonly VexFile[], workspace: string): Promise<VexRules> {
  const warnings: string[] = []
  const claims: Claim[] = []
  const budget = { entries: 0, text: 0 }
  for (const [fileIndex, file] of files.entries()) {
    const text = await readUserFile(file.path, `vex-file ${file.label}`, {
      maxBytes: MAX_VEX_FILE_BYTES,
      kind: 'a VEX document',
      advice: 'Split it into several files.'
    }, workspace)
    // One at a time: spread into push, 700,000 claims overflow the call stack.
    for (const claim of claimsOf(parseDocument(text, file.label), file, fileIndex, warnings, budget)) claims.push(claim)
  }
  return { ...rulesFromClaims(claims), warnings }
}
