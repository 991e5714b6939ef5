import * as core from '@actions/core'
import { proxyCredentials } from './proxy.js'

// Finding text comes from package metadata anyone can publish. The runner reads the log line by line (and .NET also
// breaks lines at a lone CR), so any line break in that text could start a `::command::` line of its own.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_BREAKS_AND_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g
// Bidi overrides and isolates make text display differently from what it is (Trojan Source), and invisible characters
// (Unicode's default-ignorable code points: zero widths, soft hyphen, fillers, tag characters) make CVE-2024-30<ZWSP>94
// read as an id it is not: nobody needs them here.
const HIDDEN_FORMATTING = /(?!\u200c|\u200d|\p{Variation_Selector})[\p{Default_Ignorable_Code_Point}\ufff9-\ufffb]/gu
// Joiners and variation selectors shape emoji (👨‍👩‍👧, ❤️) and Persian or Indic words, so they stay there; beside ASCII
// they shape nothing and only hide, as in CVE-2024-30<ZWJ>94. A run is tried from its first character only: tried
// from each, a long run between two non-ASCII letters cost its length squared (10 s for 100,000 joiners).
const JOINERS_BY_ASCII =
  /(?<=\p{ASCII})(?:\u200c|\u200d|\p{Variation_Selector})+|(?<!\u200c|\u200d|\p{Variation_Selector})(?:\u200c|\u200d|\p{Variation_Selector})+(?=[A-Za-z0-9])/gu
// The runner still reads the old form of a workflow command, `##[name]data`, anywhere in a line, not only at its start.
const OLD_COMMAND = /##\[/g
const PLAIN = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/** Coerces any value to text: strings as they are, finite numbers as digits, anything else empty. */
function asText(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return ''
}

/**
 * Untrusted text as one trimmed line of at most maxChars characters (code points, an ellipsis marking a cut):
 * line breaks and other controls become spaces, bidi controls, invisible characters and broken surrogates go, and the
 * old workflow-command opener `##[` is broken up.
 */
export function oneLine(value: unknown, maxChars: number): string {
  const raw = asText(value)
  // Printable ASCII words with single spaces is already one clean line: the common case skips the rewriting below.
  if (raw === '' || (raw.length <= maxChars && PLAIN.test(raw) && !raw.includes('##['))) return raw
  // Only the head can be shown, so a megabyte description is cut before any per-character work; the head grows only
  // while what it cleans to is too short to fill the line (text padded with invisible characters or blank lines).
  for (let window = maxChars * 2 + 2; ; window *= 4) {
    const head = raw.length > window ? raw.slice(0, window) : raw
    const chars = Array.from(cleanLine(head))
    if (chars.length > maxChars) return `${chars.slice(0, Math.max(0, maxChars - 1)).join('').trimEnd()}…`
    if (head.length === raw.length) return chars.join('')
  }
}

function cleanLine(text: string): string {
  return text
    .replace(LONE_SURROGATES, '\ufffd')
    .replace(HIDDEN_FORMATTING, '')
    .replace(JOINERS_BY_ASCII, '')
    .replace(LINE_BREAKS_AND_CONTROLS, ' ')
    .replace(/ {2,}/g, ' ')
    .replace(OLD_COMMAND, '## [')
    .trim()
}

/**
 * The message of anything thrown, as one safe line without credentials (errors from another realm fail
 * `instanceof Error`); cleaned before it is cut, so no secret is left half there.
 */
export function errorText(error: unknown, maxChars = 500): string {
  const message = (error as { message?: unknown } | null)?.message
  return oneLine(withoutSecrets(typeof message === 'string' ? message : String(error)), maxChars)
}

/** A status or key from the network as one harmless token (at most 40 of [A-Za-z0-9_-], anything else as ?). */
export function statusToken(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '?').slice(0, 40)
}

/** The first `max` items joined by `separator`, then "and N more" for the rest plus `more` not in the list. */
export function listed(items: readonly string[], max: number, more = 0, separator = ', '): string {
  const shown = items.slice(0, max).join(separator)
  const rest = items.length - Math.min(items.length, max) + more
  return rest > 0 ? `${shown} and ${rest} more` : shown
}

// Credentials the environment may hold: the runner masks them on stdout only once something registers them, and the
// JSON report and the summary are never masked.
const SECRET_VARIABLES = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'ACTIONS_RUNTIME_TOKEN']
// A SigV4 error can quote the canonical request, security token included; tokens pasted into the wrong input are
// echoed back by the input checks.
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  [/(x-amz-security-token[:=]\s*)[^\s&'"]+/gi, '$1***'],
  [/(Signature=)[0-9a-f]{16,}/gi, '$1***'],
  [/\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g, '***'],
  // HTTP credentials as git and actions/checkout store them (`AUTHORIZATION: basic <base64 of x-access-token:…>`).
  [/\b(basic|bearer|token)(\s+)[A-Za-z0-9+/_.~-]{16,}=*/gi, '$1$2***'],
  // Credentials in a proxy's URL (quoted by an error), however short. Only the schemes a proxy has, so an image
  // reference (`docker://repo@sha256:…`) keeps its name; the scheme is matched whole, not as any word before `://`,
  // which from each word start of `a.a.a.…` rescanned the rest of the text (3 s for 100 KB). Sub-delimiters end the
  // user info too: in prose they end a URL (`https://example.com,admin@corp.example`).
  [/(?<![a-z0-9+.-])((?:https?|socks[45]?h?):\/\/)[^\s/?#@'"<>,;()\\]+@/gi, '$1***@']
]

// Credentials that are not in the environment: the ones the SDK found elsewhere (a profile, web identity, instance
// metadata), once used, and the github-token input.
const resolvedSecrets = new Set<string>()

/** Leaves a credential out of every message the gate writes (the github-token input); the runner masks it on stdout. */
export function scrubFromReports(value: string): void {
  if (scrubbable(value)) resolvedSecrets.add(value)
}

// A short value would blank ordinary words; real secrets are long, and a proxy's `user:pw` is no word at any length
// (`:pw` alone would be: `127.0.0.1:1234`).
function scrubbable(secret: string): boolean {
  return secret.length >= 8 || /^[^:]+:./s.test(secret)
}

/**
 * Registers the AWS and runner credentials in the environment as secrets, so the runner masks them on stdout, and the
 * proxy's user and password (HTTPS_PROXY and the like) too, which are also left out of the reports.
 */
export function maskCredentials(): void {
  for (const name of SECRET_VARIABLES) {
    const value = process.env[name]
    if (value) core.setSecret(value)
  }
  for (const value of proxyCredentials(process.env)) {
    // A short password alone would have the runner mask that word everywhere; `user:pw` as a whole is no word.
    if (!scrubbable(value)) continue
    core.setSecret(value)
    scrubFromReports(value)
  }
}

/** Registers credentials the AWS SDK resolved, wherever it found them: masked on stdout and left out as the environment's are. */
export function maskResolvedSecrets(...values: (string | undefined)[]): void {
  const fromEnvironment = new Set(SECRET_VARIABLES.map((name) => process.env[name]))
  for (const value of values) {
    // The environment's are registered already, by maskCredentials; a short value (a test profile's "test") would have
    // the runner mask every such word in the log, and withoutSecrets skips those anyway.
    if (!value || value.length < 8 || fromEnvironment.has(value) || resolvedSecrets.has(value)) continue
    resolvedSecrets.add(value)
    core.setSecret(value)
  }
}

/** The text with every credential the environment holds or the SDK resolved, and anything shaped like a token, replaced by ***. */
export function withoutSecrets(text: string): string {
  let clean = text
  for (const secret of [...SECRET_VARIABLES.map((name) => process.env[name] ?? ''), ...resolvedSecrets]) {
    // Session tokens hold / + =, which a URL or a signed query quotes in their percent-encoded form.
    if (!scrubbable(secret)) continue
    clean = clean.split(secret).join('***')
    const encoded = encodeURIComponent(secret)
    if (encoded !== secret) clean = clean.split(encoded).join('***')
  }
  for (const [pattern, replacement] of SECRET_PATTERNS) clean = clean.replace(pattern, replacement)
  return clean
}
