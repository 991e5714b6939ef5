import * as core from '@actions/core'
import { ConfigurationError, type ImageTarget } from './errors.js'
import { isDigest, isRepositoryName, isTag, parseImageReference } from './image-ref.js'
import { oneLine, scrubFromReports } from './log-safety.js'
import { THRESHOLDS, type Threshold } from './policy.js'

/** Every input of action.yml, checked and typed. Policy inputs left empty stay undefined for the policy file. */
export interface Inputs {
  target: ImageTarget
  severityThreshold: Threshold | undefined
  onlyFixed: boolean | undefined
  ignore: string[]
  waitTimeoutMs: number
  pollIntervalMs: number
  requestTimeoutMs: number
  settleWindowMs: number
  startScan: boolean
  failBuild: boolean
  summary: boolean
  annotations: boolean
  sarifFile: string
  sarifCategory: string
  dockerfile: string
  reportFile: string
  commentOnPr: boolean
  githubToken: string
  policyFile: string
  vexFiles: string[]
  baseline: ImageTarget | undefined
}

type Read = (name: string) => string

function readBoolean(read: Read, name: string): boolean {
  const value = read(name)
  if (/^(true|True|TRUE)$/.test(value)) return true
  if (/^(false|False|FALSE)$/.test(value)) return false
  throw new ConfigurationError(`Input ${name} must be true or false; got "${value}".`)
}

function readOptionalBoolean(read: Read, name: string): boolean | undefined {
  return read(name) === '' ? undefined : readBoolean(read, name)
}

// A job runs for at most 5 days, on a self-hosted runner (6 hours on GitHub's): a longer wait can never end as asked.
// Node's timers also stop at 2^31 - 1 ms (24.8 days); past that one fires at once, and the gate would poll in a loop.
const MAX_WAIT = { seconds: 432_000, why: '5 days, the longest a job can run' }
// One ECR request that has not answered in an hour never will; the cap also keeps deadline + request-timeout timeable.
const MAX_REQUEST = { seconds: 3_600, why: 'an hour' }

interface SecondsRange {
  /** What a smaller value (but not 0, when that is refused) is raised to. */
  min: number
  allowZero: boolean
  max?: { seconds: number; why: string }
}

// One way to read each digit: `\d+\.?\d*` split a long run of digits every way before refusing it (4 s for 100,000).
const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/

function readSeconds(read: Read, name: string, range: SecondsRange): number {
  const value = read(name)
  // Plain decimals only: Number() also takes 0x10, 0b11, 0o7 and 1e1, which nobody means as a number of seconds.
  const seconds = DECIMAL.test(value) ? Number(value) : NaN
  const tooLarge = range.max !== undefined && seconds > range.max.seconds
  if (value === '' || !Number.isFinite(seconds) || seconds < 0 || (seconds === 0 && !range.allowZero) || tooLarge) {
    const least = range.allowZero ? 'a number of seconds, 0 or more' : 'a number of seconds greater than 0'
    const accepts = range.max ? `${least} and at most ${range.max.seconds} (${range.max.why})` : least
    throw new ConfigurationError(`Input ${name} must be ${accepts}; got "${value}".`)
  }
  return Math.max(seconds, range.min) * 1000
}

/** Splits a list written with commas, spaces or newlines, or as a YAML list of `- item` lines. */
export function splitList(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map((item) => item.trim())
    // A block written as a YAML list (`- CVE-…` per line) is that list: a lone `-` is its bullet, naming nothing.
    .filter((item) => item !== '' && item !== '-')
}

// Advisory ids as scanners write them: CVE-2024-3094, GHSA-xxxx-xxxx-xxxx, ALAS2023-2024-123, RHSA-2024:1234 (no
// "/": an advisory's URL is not its id, and would never match).
const FINDING_ID = /^[A-Za-z0-9][A-Za-z0-9._:+-]*$/
const CVE_MISSPELT = /^CVE[-_ ]?(\d{4})[-_ ]?(\d{4,})$/i

/**
 * The ignore input's finding ids. `#` at the start of a line or after a space starts a comment, so a reason can stand
 * beside its id; a token with characters no id has is refused, since it would never match, and the finding it was
 * meant for would block for a reason nobody sees (a "(not reachable)" after the id would otherwise become two rules).
 */
function readIgnoreIds(read: Read): string[] {
  const ids = splitList(
    read('ignore')
      .split(/\r?\n/)
      // To the end of the line whatever it holds: `.*$` stops at a lone CR, and each ` #` was then tried in turn.
      .map((line) => line.replace(/(?:^|\s)#[\s\S]*/, ''))
      .join('\n')
  )
  for (const id of ids) {
    const cve = CVE_MISSPELT.exec(id)
    if (cve && !/^CVE-\d{4}-\d{4,}$/i.test(id)) {
      throw new ConfigurationError(`Input ignore: "${id}" is not a CVE id; did you mean CVE-${cve[1]}-${cve[2]}?`)
    }
    if (!FINDING_ID.test(id)) {
      throw new ConfigurationError(
        `Input ignore takes finding ids (CVE-2024-3094, GHSA-…, ALAS-…) separated by commas, spaces or newlines; got "${id}". ` +
          'Write a reason after # on its line, or as an ignore rule in the policy file (with reason and expires).'
      )
    }
  }
  return ids
}

function readThreshold(read: Read): Threshold | undefined {
  const value = read('severity-threshold')
  if (value === '') return undefined
  const upper = value.toUpperCase()
  if ((THRESHOLDS as readonly string[]).includes(upper)) return upper as Threshold
  throw new ConfigurationError(
    `Input severity-threshold must be one of ${THRESHOLDS.join(', ')} (any case); got "${value}".`
  )
}

// us-east-1, us-gov-west-1, cn-north-1, eusc-de-east-1 (the European Sovereign Cloud).
const REGION = /^[a-z]{2,4}(?:-[a-z]+){1,3}-\d{1,2}$/

function resolveRegion(read: Read, fromReference: string | undefined): string {
  const [region = '', source = ''] = [
    [fromReference, 'the image reference'],
    [read('region'), 'input region'],
    [process.env.AWS_REGION, 'AWS_REGION'],
    [process.env.AWS_DEFAULT_REGION, 'AWS_DEFAULT_REGION']
  ].find(([value]) => value) ?? []
  if (!region) {
    throw new ConfigurationError(
      'No AWS region: give a full image reference, the region input, or set AWS_REGION (aws-actions/configure-aws-credentials does).'
    )
  }
  if (!REGION.test(region)) {
    throw new ConfigurationError(`The region from ${source} must look like us-east-1; got "${oneLine(region, 100)}".`)
  }
  return region
}

function readTarget(read: Read): ImageTarget {
  const image = read('image')
  const explicit = ['repository-name', 'image-tag', 'image-digest'].filter((name) => read(name) !== '')
  if (image) {
    if (explicit.length > 0) {
      throw new ConfigurationError(`Give either image or ${explicit.join(', ')}, not both.`)
    }
    const ref = parseImageReference(image)
    const registryId = readRegistryId(read, ` (image already names the account ${ref.registryId}: drop registry-id)`)
    if (registryId && registryId !== ref.registryId) {
      throw new ConfigurationError(
        `Input registry-id "${registryId}" disagrees with the account ${ref.registryId} in image; drop one of them.`
      )
    }
    return { ...ref, region: resolveRegion(read, ref.region) }
  }
  const repositoryName = read('repository-name')
  const imageTag = read('image-tag')
  const imageDigest = read('image-digest')
  if (!repositoryName || (!imageTag && !imageDigest)) {
    throw new ConfigurationError(
      'Name the image: either image (ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPOSITORY:TAG), or repository-name with image-tag or image-digest.'
    )
  }
  return {
    ...explicitTarget(read, { repositoryName, imageTag, imageDigest }, ''),
    region: resolveRegion(read, undefined)
  }
}

function explicitTarget(
  read: Read,
  parts: { repositoryName: string; imageTag: string; imageDigest: string },
  prefix: string
): Omit<ImageTarget, 'region'> {
  if (!isRepositoryName(parts.repositoryName)) {
    throw new ConfigurationError(
      `Input repository-name must be an ECR repository name (lowercase letters, digits, . _ - and /); got "${parts.repositoryName}".`
    )
  }
  if (parts.imageDigest && !isDigest(parts.imageDigest)) {
    throw new ConfigurationError(
      `Input ${prefix}image-digest must be sha256: followed by 64 lowercase hex digits; got "${parts.imageDigest}".`
    )
  }
  if (parts.imageTag && !isTag(parts.imageTag)) {
    throw new ConfigurationError(
      `Input ${prefix}image-tag must be ${TAG_RULE}; got "${parts.imageTag}".`
    )
  }
  const registryId = readRegistryId(read)
  return {
    repositoryName: parts.repositoryName,
    imageTag: parts.imageTag || undefined,
    imageDigest: parts.imageDigest || undefined,
    registryId: registryId || undefined
  }
}

function readRegistryId(read: Read, hint = ''): string {
  const registryId = read('registry-id')
  if (registryId && !/^\d{12}$/.test(registryId)) {
    throw new ConfigurationError(`Input registry-id must be a 12-digit AWS account id; got "${registryId}"${hint}.`)
  }
  return registryId
}

const TAG_RULE = 'a valid image tag (letters, digits, _ . -, up to 300)'

function readBaseline(read: Read, target: ImageTarget): ImageTarget | undefined {
  // The same forms as the image: a full reference or the explicit form, not both; a digest wins over a tag beside it.
  const explicit = ['baseline-tag', 'baseline-digest'].filter((name) => read(name) !== '')
  const image = read('baseline-image')
  if (image && explicit.length > 0) {
    throw new ConfigurationError(`Give either baseline-image or ${explicit.join(', ')}, not both.`)
  }
  if (image) {
    return parseImageReference(image, 'baseline-image')
  }
  const tag = read('baseline-tag')
  const digest = read('baseline-digest')
  if (!tag && !digest) return undefined
  if (digest && !isDigest(digest)) {
    throw new ConfigurationError(`Input baseline-digest must be sha256: followed by 64 lowercase hex digits; got "${digest}".`)
  }
  if (tag && !isTag(tag)) {
    throw new ConfigurationError(`Input baseline-tag must be ${TAG_RULE}; got "${tag}".`)
  }
  return { ...target, imageTag: tag || undefined, imageDigest: digest || undefined }
}

/** What a run needs to report, whatever else it reads. */
export interface ReportingInputs {
  reportFile: string
  summary: boolean
  commentOnPr: boolean
  githubToken: string
  requestTimeoutMs?: number
  target?: ImageTarget
}

/**
 * The inputs reporting needs, each read on its own: a run whose other inputs are bad still writes its "undecided"
 * JSON report and, when the image is known, updates its pull request comment.
 */
export function reportingInputs(read: Read = (name) => core.getInput(name)): ReportingInputs {
  const attempt = <T>(readOne: () => T): T | undefined => {
    try {
      return readOne()
    } catch {
      return undefined
    }
  }
  return {
    reportFile: read('report-file'),
    // A summary: false that is itself the bad input is not honoured: the run then has an error to show.
    summary: attempt(() => readBoolean(read, 'summary')) ?? true,
    commentOnPr: attempt(() => readBoolean(read, 'comment-on-pr')) ?? false,
    githubToken: read('github-token'),
    requestTimeoutMs: attempt(() => readSeconds(read, 'request-timeout', { min: 0.1, allowZero: false, max: MAX_REQUEST })),
    target: attempt(() => readTarget(read))
  }
}

// The SDK takes these as they are and fails with a bare TypeError (and its stack) on the first call.
function checkEndpoints(): void {
  for (const name of ['AWS_ENDPOINT_URL_ECR', 'AWS_ENDPOINT_URL']) {
    const value = process.env[name]
    if (!value) continue
    let protocol = ''
    try {
      protocol = new URL(value).protocol
    } catch {
      protocol = ''
    }
    if (protocol !== 'https:' && protocol !== 'http:') {
      throw new ConfigurationError(`${name} must be an http(s) URL such as https://ecr.example.com; got "${oneLine(value, 100)}".`)
    }
  }
}

/** Reads and checks every input before any AWS call; a bad one throws a ConfigurationError naming it. */
export function getInputs(read: Read = (name) => core.getInput(name)): Inputs {
  // Masked first, so no message about another input can ever carry it unmasked.
  const githubToken = read('github-token')
  if (githubToken) core.setSecret(githubToken)
  // Also left out of the summary and the JSON report: GitHub's error messages can quote it.
  scrubFromReports(githubToken)
  checkEndpoints()
  const target = readTarget(read)
  // Here rather than in readTarget, which reportingInputs runs again after an error.
  const image = read('image')
  if (image && !/[:@]/.test(image.slice(image.indexOf('/') + 1))) {
    core.info(`image names no tag or digest: gating ${target.repositoryName}:latest, as docker reads it.`)
  }
  const region = read('region')
  if (image && region && region !== target.region) {
    // The reference's region is where the image is: the input cannot move it, and a silent mismatch hides a typo.
    core.warning(`Input region ${oneLine(region, 40)} is ignored: image names region ${target.region}, which is used.`)
  }
  return {
    target,
    severityThreshold: readThreshold(read),
    onlyFixed: readOptionalBoolean(read, 'only-fixed'),
    ignore: readIgnoreIds(read),
    waitTimeoutMs: readSeconds(read, 'wait-timeout', { min: 0, allowZero: true, max: MAX_WAIT }),
    pollIntervalMs: readSeconds(read, 'poll-interval', { min: 0.01, allowZero: false }),
    requestTimeoutMs: readSeconds(read, 'request-timeout', { min: 0.1, allowZero: false, max: MAX_REQUEST }),
    settleWindowMs: readSeconds(read, 'settle-window', { min: 0, allowZero: true }),
    startScan: readBoolean(read, 'start-scan'),
    failBuild: readBoolean(read, 'fail-build'),
    summary: readBoolean(read, 'summary'),
    annotations: readBoolean(read, 'annotations'),
    sarifFile: read('sarif-file'),
    sarifCategory: read('sarif-category'),
    dockerfile: read('dockerfile'),
    reportFile: read('report-file'),
    commentOnPr: readBoolean(read, 'comment-on-pr'),
    githubToken,
    policyFile: read('policy-file'),
    vexFiles: splitList(read('vex-file')),
    baseline: readBaseline(read, target)
  }
}
