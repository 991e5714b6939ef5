import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { ConfigurationError, documentPath } from './errors.js'
import { isRepositoryName, isTag } from './image-ref.js'
import { oneLine } from './log-safety.js'
import type { IgnoreRule, ImageMatcher } from './policy.js'

/*
 * OpenVEX documents become ignore rules here, before the image digest is known (the user may have named a tag).
 * A statement's products therefore travel with the rule as ImageMatchers, and decide() checks them against the
 * image it is given: the rule applies only when a product is this image, or when the statement names no product.
 */

/** What the VEX files gave: rules to merge into the policy, and warnings for the user. */
export interface VexRules {
  rules: IgnoreRule[]
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

const component = z.object({
  '@id': z.string().optional(),
  identifiers: z.record(z.string(), z.unknown()).optional(),
  hashes: z.record(z.string(), z.unknown()).optional()
})
// OpenVEX before v0.2.0 wrote products, subcomponents and the vulnerability as plain strings.
const subcomponent = z.union([z.string(), component])
const product = z.union([z.string(), component.extend({ subcomponents: z.array(subcomponent).optional() })])
const vulnerability = z.union([
  z.string().min(1),
  z.object({ '@id': z.string().optional(), name: z.string().optional(), aliases: z.array(z.string()).optional() })
])
const statement = z.object({
  vulnerability,
  products: z.array(product).optional(),
  subcomponents: z.array(subcomponent).optional(),
  status: z.enum(STATUSES),
  justification: z.string().optional(),
  impact_statement: z.string().optional(),
  status_notes: z.string().optional(),
  timestamp: z.string().optional()
})
const document = z.object({
  '@context': z.union([z.string(), z.array(z.string())]).refine(isOpenVexContext),
  timestamp: z.string().optional(),
  statements: z.array(statement)
})
type Product = z.infer<typeof product>
type Subcomponent = z.infer<typeof subcomponent>
type Statement = z.infer<typeof statement>

function isOpenVexContext(context: string | string[]): boolean {
  return (Array.isArray(context) ? context : [context]).some((c) => /^https?:\/\/openvex\.dev\/ns\b/.test(c))
}

const ACCEPTS: Record<string, string> = {
  '@context': 'the OpenVEX context, https://openvex.dev/ns (optionally with a version)',
  statements: 'a list of statements',
  status: STATUSES.join(', '),
  vulnerability: 'a vulnerability with a name, such as {"name": "CVE-2023-1234"}'
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = documentPath(issue.path) || 'the document'
  const last = [...issue.path].reverse().find((part): part is string => typeof part === 'string') ?? ''
  const accepts = ACCEPTS[last]
  const got = issue.input === undefined ? 'missing' : `got ${JSON.stringify(issue.input)?.slice(0, 60)}`
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
function withoutRegistry(reference: string, mayBeHostOnly = false): string {
  const segments = reference.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split('/').filter(Boolean)
  const first = segments[0] ?? ''
  if ((segments.length > 1 || mayBeHostOnly) && (/[.:]/.test(first) || first === 'localhost')) segments.shift()
  return segments.join('/')
}

function ociMatcher(purl: Purl): ImageMatcher {
  const name = purl.name.toLowerCase()
  const tag = purl.qualifiers.tag
  const url = purl.qualifiers.repository_url
  const base = url ? withoutRegistry(url, true) : ''
  // The purl spec makes the name the repository's last segment; some tools put the whole repository in
  // repository_url and others only its namespace: accept either.
  if (!base) return { name, ...(tag ? { tag } : {}) }
  const repository = base === name || base.endsWith(`/${name}`) ? base : `${base}/${name}`
  return { repositories: [repository], ...(tag ? { tag } : {}) }
}

// An image reference without a digest: [registry/]repository[:tag].
function referenceMatcher(value: string): ImageMatcher | undefined {
  if (value.includes('://')) return undefined
  let rest = withoutRegistry(value.split('@')[0] ?? '')
  let tag: string | undefined
  const colon = rest.lastIndexOf(':')
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
    if (!isTag(tag)) return undefined
  }
  if (!isRepositoryName(rest)) return undefined
  return { repositories: [rest], ...(tag ? { tag } : {}) }
}

function identifiersOf(item: Product | Subcomponent): string[] {
  if (typeof item === 'string') return [item]
  const values = [item['@id'], ...Object.values(item.identifiers ?? {})]
  return values.filter((value): value is string => typeof value === 'string' && value.trim() !== '')
}

/** How a product names an image; undefined when it names something else (a package, a URL, a CPE). */
export function productMatcher(item: Product): ImageMatcher | undefined {
  const ids = identifiersOf(item)
  const digests = new Set<string>()
  for (const id of ids) {
    for (const match of id.matchAll(/sha256(?::|%3A)([a-f0-9]{64})\b/gi)) {
      digests.add(`sha256:${match[1]?.toLowerCase()}`)
    }
  }
  if (typeof item !== 'string') {
    for (const [algorithm, value] of Object.entries(item.hashes ?? {})) {
      if (/^sha-?256$/i.test(algorithm) && typeof value === 'string' && /^[a-f0-9]{64}$/i.test(value)) {
        digests.add(`sha256:${value.toLowerCase()}`)
      }
    }
  }
  // A digest names exactly one image wherever it is stored, so it is matched alone.
  if (digests.size > 0) return { digests: [...digests] }
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

function subcomponentPackage(item: Subcomponent): string | undefined {
  for (const id of identifiersOf(item)) {
    const purl = parsePurl(id)
    if (purl) return oneLine(packageName(purl), 200) || undefined
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
  for (const id of ids) if (id && !/\s/.test(id) && !unique.has(id.toUpperCase())) unique.set(id.toUpperCase(), id)
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
  package: string | undefined
  key: string
  time: number
  order: number
}

function parseDocument(text: string, label: string): z.infer<typeof document> {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new ConfigurationError(`vex-file ${label} is not valid JSON: ${(error as Error).message}`)
  }
  const parsed = document.safeParse(json, { reportInput: true })
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map(describeIssue).join('; ')
    throw new ConfigurationError(`vex-file ${label} is not an OpenVEX document: ${problems}.`)
  }
  return parsed.data
}

/** Turns one parsed document's statements into claims, each about one vulnerability, product and package. */
function claimsOf(doc: z.infer<typeof document>, file: VexFile, fileIndex: number, warnings: string[]): Claim[] {
  const claims: Claim[] = []
  let skippedProducts = 0
  const unscoped: string[] = []
  doc.statements.forEach((s, index) => {
    const ids = vulnerabilityIds(s.vulnerability)
    if (ids.length === 0) {
      throw new ConfigurationError(
        `vex-file ${file.label} is not an OpenVEX document: statements[${index}].vulnerability names no vulnerability; expected ${ACCEPTS.vulnerability}.`
      )
    }
    const time = Date.parse(s.timestamp ?? doc.timestamp ?? '')
    const base = { ids, status: s.status, reason: reasonOf(s), source: `VEX ${file.label}` }
    const claim = (matcher: ImageMatcher | undefined, productKey: string, pkg: string | undefined): Claim => ({
      ...base,
      matcher,
      package: pkg,
      key: `${ids[0]?.toUpperCase()}|${productKey}|${pkg ?? ''}`,
      time: Number.isNaN(time) ? 0 : time,
      order: fileIndex * 1e6 + claims.length
    })
    const products: (Product | undefined)[] = s.products && s.products.length > 0 ? s.products : [undefined]
    for (const item of products) {
      const matcher = item === undefined ? undefined : productMatcher(item)
      if (item !== undefined && matcher === undefined) {
        skippedProducts++
        continue
      }
      const productKey = matcher ? JSON.stringify(matcher) : '*'
      const subcomponents = (typeof item === 'object' ? item.subcomponents : undefined) ?? s.subcomponents ?? []
      if (subcomponents.length === 0) {
        claims.push(claim(matcher, productKey, undefined))
        continue
      }
      for (const sub of subcomponents) {
        const pkg = subcomponentPackage(sub)
        if (pkg === undefined) {
          // Without a package the statement would cover the vulnerability in every package of the image.
          unscoped.push(`statement ${index} (${ids[0]})`)
          continue
        }
        claims.push(claim(matcher, productKey, pkg))
      }
    }
  })
  if (unscoped.length > 0) {
    const list = unscoped.length > 10 ? `${unscoped.slice(0, 10).join(', ')} and ${unscoped.length - 10} more` : unscoped.join(', ')
    warnings.push(
      `VEX ${file.label}: subcomponents without a package URL cannot be matched to a package, so they are not applied: ${list}.`
    )
  }
  if (skippedProducts > 0 && claims.length === 0 && doc.statements.length > 0) {
    warnings.push(
      `VEX ${file.label}: no statement names an image product (a sha256 digest, a pkg:oci purl or a repository name) or leaves products out, so the file ignores nothing.`
    )
  }
  return claims
}

/** Folds claims into ignore rules: the latest claim per vulnerability, product and package wins, as OpenVEX says. */
function rulesFromClaims(claims: readonly Claim[]): IgnoreRule[] {
  const latest = new Map<string, Claim>()
  for (const claim of [...claims].sort((a, b) => a.time - b.time || a.order - b.order)) latest.set(claim.key, claim)
  const rules = new Map<string, IgnoreRule>()
  for (const claim of latest.values()) {
    if (!IGNORING.has(claim.status)) continue
    const [id = '', ...aliases] = claim.ids
    const key = [claim.ids.join(','), claim.package ?? '', claim.reason, claim.source].join('\u0000')
    let rule = rules.get(key)
    if (!rule) {
      rule = { id, reason: claim.reason, source: claim.source, products: [] }
      if (aliases.length > 0) rule.aliases = aliases
      if (claim.package !== undefined) rule.package = claim.package
      rules.set(key, rule)
    }
    if (claim.matcher === undefined) rule.products = undefined
    else if (rule.products && !rule.products.some((m) => JSON.stringify(m) === JSON.stringify(claim.matcher))) {
      rule.products.push(claim.matcher)
    }
  }
  for (const rule of rules.values()) if (rule.products === undefined) delete rule.products
  return [...rules.values()]
}

/** Reads OpenVEX documents and turns their not_affected and fixed statements into ignore rules. */
export async function loadVexRules(files: readonly VexFile[]): Promise<VexRules> {
  const warnings: string[] = []
  const claims: Claim[] = []
  for (const [fileIndex, file] of files.entries()) {
    let text: string
    try {
      text = await readFile(file.path, 'utf8')
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      const why =
        code === 'ENOENT' ? 'it does not exist' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message
      throw new ConfigurationError(`vex-file ${file.label} cannot be read: ${why} (looked at ${file.path}).`)
    }
    claims.push(...claimsOf(parseDocument(text, file.label), file, fileIndex, warnings))
  }
  return { rules: rulesFromClaims(claims), warnings }
}
