import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, visit } from 'yaml'
import { z } from 'zod'
import { ConfigurationError, documentPath } from './errors.js'
import { SEVERITIES, type Severity } from './finding.js'
import { oneLine } from './log-safety.js'
import { type IgnoreRule, THRESHOLDS, type Threshold, isCalendarDay } from './policy.js'
import { suggest } from './suggest.js'

// The policy file's own parser (YAML, schema, messages naming the line and the field). policy-file.ts imports it only
// for a run that has a policy file, so other runs never evaluate YAML or zod at start-up.

/** The settings a policy file may hold; every one is optional. */
export interface PolicySettings {
  severityThreshold?: Threshold
  onlyFixed?: boolean
  blockExploitable?: boolean
  minScore?: number
  max?: Partial<Record<Severity, number>>
  ignore: IgnoreRule[]
}

const TOP_KEYS = ['severity-threshold', 'only-fixed', 'block-exploitable', 'min-score', 'max', 'ignore']
const RULE_KEYS = ['id', 'package', 'reason', 'expires']

/** What each field accepts, in the words the error messages use. */
const ACCEPTS: Record<string, string> = {
  document: `a mapping of settings (${TOP_KEYS.join(', ')})`,
  'severity-threshold': `one of ${THRESHOLDS.join(', ')} (any case)`,
  'only-fixed': 'true or false',
  'block-exploitable': 'true or false',
  'min-score': 'a number from 0 to 10',
  max: `a mapping of severity to a budget, such as HIGH: 5 (severities: ${SEVERITIES.join(', ')})`,
  budget: 'a whole number, 0 or more',
  ignore: 'a list of rules, each a mapping with id, reason, and optionally package and expires',
  rule: 'a mapping with id, reason, and optionally package and expires',
  id: 'a vulnerability id such as CVE-2023-1234 or GHSA-xxxx-xxxx-xxxx, without spaces',
  package: 'a package name such as openssl (leave package out to cover every package)',
  reason: 'a non-empty text saying why the finding is accepted',
  expires: 'a date YYYY-MM-DD, the last day (UTC) on which the rule applies (leave expires out for no end)'
}

function show(value: unknown): string {
  if (value === null) return 'nothing'
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid date' : value.toISOString()
  if (Array.isArray(value)) return 'a list'
  if (ArrayBuffer.isView(value)) return 'binary data (!!binary)'
  if (typeof value === 'object') return 'a mapping'
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

// YAML 1.2 keeps 2026-12-31 a string (a %YAML 1.1 file, which would make it a Date, is refused before this).
const expiryDate = z.unknown().transform((value, ctx) => {
  let day: string | undefined
  if (typeof value === 'string') {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim())
    if (match && isCalendarDay(Number(match[1]), Number(match[2]), Number(match[3]))) day = match[0]
  }
  if (day === undefined) {
    ctx.addIssue({ code: 'custom', message: `got ${show(value)}; expected ${ACCEPTS.expires}`, input: value })
    return z.NEVER
  }
  return day
})

// What a reviewer cannot see (bidi overrides, zero-width and control characters) must not be part of what a rule
// matches: "kr\u202Eb5" shows as other text, yet once cleaned for display it matched krb5.
const VISIBLE = /^[^\p{Cc}\p{Cf}]*$/u

// A key with no value is an error, not "every package" or "never expires": an unfinished line must not widen a rule.
const ruleSchema = z.strictObject({
  id: z.string().trim().regex(/^\S+$/).regex(VISIBLE),
  package: z.string().trim().min(1).regex(VISIBLE).optional(),
  reason: z.string().trim().min(1),
  expires: expiryDate.optional()
})

const budgets = z.record(z.string(), z.int().min(0)).superRefine((value, ctx) => {
  const seen = new Map<string, string>()
  for (const key of Object.keys(value)) {
    const upper = key.toUpperCase()
    if (!(SEVERITIES as readonly string[]).includes(upper)) {
      const message = `unknown severity${suggest(key, SEVERITIES)}; accepted: ${SEVERITIES.join(', ')}`
      ctx.addIssue({ code: 'custom', path: [key], message })
    } else if (seen.has(upper)) {
      const message = `${upper} is given twice (as ${seen.get(upper)} and ${key})`
      ctx.addIssue({ code: 'custom', path: [key], message })
    }
    seen.set(upper, key)
  }
})

// A setting with no value is an error too: falling back to the default could weaken the gate (severity-threshold:
// left unfinished meant CRITICAL). An empty section (ignore:, max:) is no rules and no budgets, the strictest reading.
const fileSchema = z.strictObject({
  'severity-threshold': z
    .string()
    .transform((value) => value.trim().toUpperCase())
    .pipe(z.enum(THRESHOLDS as [Threshold, ...Threshold[]]))
    .optional(),
  'only-fixed': z.boolean().optional(),
  'block-exploitable': z.boolean().optional(),
  'min-score': z.number().min(0).max(10).optional(),
  max: budgets.nullish(),
  ignore: z.array(ruleSchema).nullish()
})

function acceptsAt(parts: readonly PropertyKey[]): string {
  const last = parts[parts.length - 1]
  if (last === undefined) return ACCEPTS.document ?? ''
  if (typeof last === 'number') return ACCEPTS.rule ?? ''
  if (parts[0] === 'max' && parts.length === 2) return ACCEPTS.budget ?? ''
  return ACCEPTS[String(last)] ?? ''
}

type YamlDocument = ReturnType<typeof parseDocument>

/** Maps a path in the parsed data to the line of the YAML that holds it (the deepest part that exists). */
function lineAt(doc: YamlDocument, lines: LineCounter, parts: readonly PropertyKey[], keyLine: boolean): number {
  let node: unknown = doc.contents
  let offset = (node as { range?: [number] } | null)?.range?.[0] ?? 0
  for (const [i, part] of parts.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((item) => String((item.key as { value?: unknown } | null)?.value) === String(part))
      if (!pair) break
      const key = pair.key as { range?: [number] } | null
      const value = pair.value as { range?: [number] } | null
      const onKey = keyLine && i === parts.length - 1
      offset = (onKey ? key?.range?.[0] : (value?.range?.[0] ?? key?.range?.[0])) ?? offset
      node = pair.value
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part] as { range?: [number] } | undefined
      if (!item) break
      offset = item.range?.[0] ?? offset
      node = item
    } else {
      break
    }
  }
  return lines.linePos(offset).line
}

interface Problem {
  line: number
  text: string
}

// The file is the repository's, so a pull request can make it anything up to the size limit: tens of thousands of
// problems would each cost a walk of their mapping (lineAt). The first ones by line say what is wrong; the rest are
// counted. Lines are found for the first PROBLEMS_LOCATED in the schema's order, which puts no early line far back.
const PROBLEMS_SHOWN = 20
const PROBLEMS_LOCATED = 200

function problemsOf(issue: z.core.$ZodIssue, doc: YamlDocument, lines: LineCounter): Problem[] {
  if (issue.code === 'unrecognized_keys') {
    const accepted = issue.path.length === 0 ? TOP_KEYS : RULE_KEYS
    return issue.keys.slice(0, PROBLEMS_LOCATED).map((key) => {
      const where = [...issue.path, key]
      return {
        line: lineAt(doc, lines, where, true),
        text: `${documentPath(where)}: unknown key${suggest(key, accepted)}; accepted keys: ${accepted.join(', ')}`
      }
    })
  }
  const field = documentPath(issue.path) || 'the document'
  const custom = issue.code === 'custom'
  const got = issue.input === undefined ? 'missing' : `got ${show(issue.input)}`
  return [
    {
      line: lineAt(doc, lines, issue.path, custom && issue.path[0] === 'max'),
      text: custom ? `${field}: ${issue.message}` : `${field}: ${got}; expected ${acceptsAt(issue.path)}`
    }
  ]
}

function fail(label: string, problems: Problem[], total = problems.length): never {
  // Trailing dots cut with a loop: /\.+$/ on a key of 200,000 dots backtracks quadratically.
  const sorted = problems
    .map((p) => ({ ...p, text: withoutTrailingDots(p.text) }))
    .sort((a, b) => a.line - b.line)
    .slice(0, PROBLEMS_SHOWN)
  const [only] = sorted
  if (only && total === 1) throw new ConfigurationError(`Policy file ${label}, line ${only.line}, ${only.text}.`)
  const more = total > sorted.length ? `\n  and ${total - sorted.length} more` : ''
  throw new ConfigurationError(
    `Policy file ${label} has ${total} errors:\n${sorted.map((p) => `  line ${p.line}, ${p.text}`).join('\n')}${more}`
  )
}

function withoutTrailingDots(text: string): string {
  let end = text.length
  while (end > 0 && text[end - 1] === '.') end--
  return text.slice(0, end)
}

/**
 * Keys given twice in one mapping, in one pass: the YAML library's own check (uniqueKeys) compares every key with
 * every other, minutes for a file of 100,000 keys.
 */
function duplicateKeys(doc: YamlDocument, lines: LineCounter): Problem[] {
  const problems: Problem[] = []
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>()
      for (const { key } of map.items) {
        // `*k :` is the anchored key again: to a reader it looks like another key, and the later value would win.
        const node = isAlias(key) ? key.resolve(doc) : key
        const value = isScalar(node) ? node.value : node
        if (!seen.has(value)) {
          seen.add(value)
          continue
        }
        const offset = (key as { range?: [number] } | null)?.range?.[0] ?? 0
        const name = typeof value === 'string' || typeof value === 'number' ? `"${oneLine(String(value), 60)}"` : 'a key'
        problems.push({ line: lines.linePos(offset).line, text: `${name} is given twice; keep one (YAML keys must be unique)` })
      }
    }
  })
  return problems
}

const MULTIPLE_DOCS = 'the file holds more than one YAML document (a --- separator); keep one'
const YAML_1_1 = 'the file asks for YAML 1.1 (%YAML 1.1), which reads yes and no as booleans and shifts dates with a UTC offset; remove the directive, the file is read as YAML 1.2'

// The parser recurses once per level of nesting: some thousands deep, the stack (even a regular expression's) runs out,
// and its messages would say so in the engine's words, once per level of the parser that noticed.
const STACK_EXHAUSTED = /Maximum call stack size exceeded|Stack overflow/
const TOO_DEEP = 'nested too deeply to read; a policy file needs three levels at most (the settings, the ignore list, a rule)'

/** Parses and validates a policy file's text; errors name the file, the line and the field, and what is accepted. */
export function parsePolicyFile(text: string, label: string): PolicySettings {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false })
  const tooDeep = doc.errors.find((error) => STACK_EXHAUSTED.test(error.message))
  if (tooDeep) fail(label, [{ line: lines.linePos(tooDeep.pos[0]).line, text: TOO_DEEP }])
  if (doc.errors.length > 0) {
    fail(
      label,
      doc.errors.slice(0, PROBLEMS_LOCATED).map((error) => ({
        line: lines.linePos(error.pos[0]).line,
        // The parser's own advice for this one names a library function, which means nothing to the user.
        text: `not valid YAML: ${error.code === 'MULTIPLE_DOCS' ? MULTIPLE_DOCS : error.message}`
      })),
      doc.errors.length
    )
  }
  // YAML 1.1 reads `no` as false and a time with an offset as another day: the file's meaning must not depend on it.
  if (doc.directives?.yaml.version === '1.1') fail(label, [{ line: 1, text: YAML_1_1 }])
  const duplicates = duplicateKeys(doc, lines)
  if (duplicates.length > 0) fail(label, duplicates)
  let data: unknown
  try {
    data = doc.toJS({ maxAliasCount: 100 })
  } catch (error) {
    const { message } = error as Error
    fail(label, [{ line: 1, text: STACK_EXHAUSTED.test(message) ? TOO_DEEP : `not valid YAML: ${message}` }])
  }
  // An empty file (or one whose settings are all commented out) is a valid, empty policy.
  const parsed = fileSchema.safeParse(data ?? {}, { reportInput: true })
  if (!parsed.success) {
    const { issues } = parsed.error
    const total = issues.reduce((sum, issue) => sum + (issue.code === 'unrecognized_keys' ? issue.keys.length : 1), 0)
    fail(label, issues.slice(0, PROBLEMS_LOCATED).flatMap((issue) => problemsOf(issue, doc, lines)).slice(0, PROBLEMS_LOCATED), total)
  }
  const settings = parsed.data
  const source = `policy file ${label}`
  const max: Partial<Record<Severity, number>> = {}
  for (const [key, budget] of Object.entries(settings.max ?? {})) max[key.toUpperCase() as Severity] = budget
  return {
    severityThreshold: settings['severity-threshold'],
    onlyFixed: settings['only-fixed'],
    blockExploitable: settings['block-exploitable'],
    minScore: settings['min-score'],
    max: settings.max ? max : undefined,
    ignore: (settings.ignore ?? []).map((rule) => ({
      id: rule.id,
      ...(rule.package ? { package: oneLine(rule.package, 200) } : {}),
      // A block scalar may span lines; the reason shows in tables and annotations as one.
      reason: oneLine(rule.reason, 500),
      ...(rule.expires ? { expires: rule.expires } : {}),
      source
    }))
  }
}
