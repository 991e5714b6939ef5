// A self-hosted runner behind a proxy hands its steps HTTPS_PROXY (HTTP_PROXY for http: hosts) and NO_PROXY. The AWS
// SDK never reads them; Node's agents do when given them (`proxyEnv`, Node 24.5 and later, which node24 is; an older
// Node ignores the option). Node reads them more strictly than the Actions toolkit, curl or the AWS CLI do, and echoes
// a URL it cannot parse, password and all, in its error: so the ECR client, and the PR comment, get them as those
// tools read them.

const PROXY_VARIABLES = [
  ['HTTPS_PROXY', 'https_proxy'],
  ['HTTP_PROXY', 'http_proxy']
] as const

// Never through a proxy, as the toolkit has it: LocalStack and other test endpoints on the runner itself.
const LOOPBACK = ['localhost', '127.0.0.0-127.255.255.255', '::1']

/** The proxy variables for the ECR client's agents, and why any was left out. */
export interface ProxySettings {
  /** Undefined when no proxy is set: the agents then connect as they always did. */
  env?: Record<string, string>
  warnings: string[]
}

/**
 * The runner's proxy settings as Node's agents should get them: lower case winning over upper case (as Node and the
 * toolkit read them), a URL without a scheme taken as http://, NO_PROXY's plain domains matching their subdomains too
 * (`amazonaws.com` covers ECR's hosts, as in curl and the toolkit) and loopback never proxied. A URL that cannot be
 * parsed is left out with a warning that does not quote it.
 */
export function proxySettings(environment: NodeJS.ProcessEnv): ProxySettings {
  const env: Record<string, string> = {}
  const warnings: string[] = []
  for (const [upper, lower] of PROXY_VARIABLES) {
    const name = environment[lower] ? lower : upper
    const value = environment[name]?.trim()
    if (!value) continue
    const url = proxyUrl(value)
    if (url) env[upper] = url
    else {
      warnings.push(
        `${name} is set but is no http(s) URL the gate can use, so ECR and GitHub are called without that proxy. ` +
          'Percent-encode any / # ? @ : in its user name and password.'
      )
    }
  }
  if (Object.keys(env).length === 0) return { warnings }
  const listed = (environment.no_proxy || environment.NO_PROXY || '').split(/[,\s]+/).filter(Boolean)
  const bypass = new Set([...listed, ...listed.filter(isPlainDomain).map((domain) => `.${domain}`), ...LOOPBACK])
  env.NO_PROXY = [...bypass].join(',')
  return { env, warnings }
}

function proxyUrl(value: string): string | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`
  try {
    const url = new URL(withScheme)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
    // Node percent-decodes the user and password when it builds the agent, and throws (outside any handler) at a `%`
    // that starts no escape: such a `%` is the password's own character.
    url.username = literalPercents(url.username)
    url.password = literalPercents(url.password)
    return url.href
  } catch {
    return undefined
  }
}

function literalPercents(text: string): string {
  return text.replace(/%(?![0-9a-f]{2})/gi, '%25')
}

// A name such as amazonaws.com: not `.x`, `*.x`, `*`, an IP range (`a-b` with digits) or `host:port`.
function isPlainDomain(entry: string): boolean {
  return /^[a-z0-9][a-z0-9.-]*$/i.test(entry) && /[a-z]/i.test(entry) && !entry.includes('..')
}

/**
 * The proxy a request to url goes through with these settings (as Node's agents choose it), or undefined when none
 * is set for its scheme or NO_PROXY lists its host: what the PR comment uses, so that it takes the path ECR takes.
 */
export function proxyFor(url: URL, settings: ProxySettings): string | undefined {
  const proxy = url.protocol === 'https:' ? settings.env?.HTTPS_PROXY : settings.env?.HTTP_PROXY
  if (!proxy) return undefined
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  const listed = (settings.env?.NO_PROXY ?? '').split(',').map((entry) => entry.trim().toLowerCase())
  return listed.some((entry) => bypasses(entry, host, port)) ? undefined : proxy
}

// Node's NO_PROXY matching (node:internal/http, ProxyConfig.shouldUseProxy), which the ECR client's agents apply.
function bypasses(entry: string, host: string, port: string): boolean {
  if (entry === '*' || entry === host || entry === `${host}:${port}`) return true
  if (entry.startsWith('.')) {
    const suffix = entry.slice(1)
    if (host === suffix || host.endsWith(`.${suffix}`)) return true
  }
  if (entry.startsWith('*.') && host.endsWith(entry.slice(1))) return true
  const [start = '', end = ''] = entry.split('-').map((part) => part.trim())
  return isIPv4(host) && isIPv4(start) && isIPv4(end) && ipv4(start) <= ipv4(host) && ipv4(host) <= ipv4(end)
}

function isIPv4(text: string): boolean {
  return /^(?:\d{1,3}\.){3}\d{1,3}$/.test(text) && text.split('.').every((part) => Number(part) <= 255)
}

function ipv4(text: string): number {
  return text.split('.').reduce((value, part) => value * 256 + Number(part), 0)
}

/**
 * The credentials the proxy variables hold, in every form a message may quote them: the user and password part as
 * written and percent-decoded, and the password alone. Read from the raw text, so a URL that does not parse (whose
 * whole text Node quotes in its error) is covered too.
 */
export function proxyCredentials(environment: NodeJS.ProcessEnv): string[] {
  const found = new Set<string>()
  for (const name of PROXY_VARIABLES.flat()) {
    const value = environment[name] ?? ''
    const at = value.lastIndexOf('@')
    if (at < 0) continue
    const start = value.indexOf('//')
    const userinfo = value.slice(start >= 0 && start < at ? start + 2 : 0, at)
    const password = userinfo.includes(':') ? userinfo.slice(userinfo.indexOf(':') + 1) : ''
    for (const raw of [userinfo, password]) {
      if (!raw) continue
      found.add(raw)
      found.add(decoded(raw))
    }
  }
  return [...found]
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * What to do about a proxy that refused to connect with HTTP `status`, for the proxy named by `variable` and the host
 * it refused (`host`, as a user would name it); undefined for a refusal with nothing to check but the proxy itself.
 */
export function proxyRefusalAdvice(status: unknown, variable: string, host: string): string | undefined {
  if (status === 407) return `Check the user name and password in ${variable} (percent-encoded).`
  if (status === 403) {
    return `The proxy's rules refuse ${host}: have it allowed, or list it in NO_PROXY if the runner reaches it directly.`
  }
  return undefined
}
