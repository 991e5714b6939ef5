import * as core from '@actions/core'
import type { AgentOptions } from 'node:https'
import { Readable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'
import {
  DescribeImageScanFindingsCommand,
  type DescribeImageScanFindingsCommandOutput,
  DescribeImagesCommand,
  ECRClient,
  StartImageScanCommand
} from '@aws-sdk/client-ecr'
import { AwsJson1_1Protocol } from '@aws-sdk/core/protocols'
import { collectBody } from '@smithy/core/protocols'
import { MAXIMUM_RETRY_DELAY, StandardRetryStrategy } from '@smithy/core/retry'
import type {
  HandlerExecutionContext,
  HttpResponse,
  MetadataBearer,
  OperationSchema,
  ResponseMetadata,
  SerdeFunctions,
  StandardRetryBackoffStrategy
} from '@smithy/types'
import { type ImageTarget, ScanError, TransientError, describeTarget, explainAwsError, refuseRetryAfter } from './errors.js'
import { type Finding, findingIdentity, fromBasic, fromEnhanced, isSuppressed, severityRank } from './finding.js'
import { isDigest } from './image-ref.js'
import { maskResolvedSecrets, oneLine, statusToken } from './log-safety.js'

/** Basic findings honour up to 1000 a page; enhanced ones come 100 a page whatever is asked. */
const MAX_RESULTS = 1000

export interface ClientOptions {
  region: string
  requestTimeoutMs: number
  /** Epoch ms after which no retry starts: a throttled or failing request gives up at wait-timeout, not minutes on. */
  retryDeadline?: number
  /** The runner's proxy variables as proxySettings reads them; undefined when there is no proxy. */
  proxyEnv?: Record<string, string>
}

/** Statuses after which the findings are final (ACTIVE: enhanced continuous scanning, which never says COMPLETE). */
export const DONE: ReadonlySet<string> = new Set(['COMPLETE', 'ACTIVE'])

/** True when ECR answers that the image has no scan (yet): a status to wait on, not a failure. */
export function isScanNotFound(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'ScanNotFoundException'
}

/** Attempts per request: more than the SDK's 3, so a throttling burst or a 5xx blip is ridden out. */
export const MAX_ATTEMPTS = 6

/**
 * The SDK's backoff (full jitter, doubling from the base, at most 20 s), never sooner than a Retry-After ECR sent and
 * cut at the deadline: the last retry waits until the deadline at most rather than sleeping past it.
 */
class DeadlineBackoff implements StandardRetryBackoffStrategy {
  private base = 100
  /** Epoch ms of the furthest Retry-After ECR sent: the SDK alone would cut it to its backoff plus 5 s. */
  notBefore = 0

  constructor(private readonly deadline: number | undefined) {}

  setDelayBase(delayBase: number): void {
    this.base = delayBase
  }

  computeNextBackoffDelay(retryCount: number): number {
    const jitter = Math.floor(Math.random() * Math.min(this.base * 2 ** retryCount, MAXIMUM_RETRY_DELAY))
    const delay = Math.max(jitter, this.notBefore - Date.now())
    return this.deadline === undefined ? delay : Math.max(0, Math.min(delay, this.deadline - Date.now()))
  }
}

const RETRYABLE = new Set(['THROTTLING', 'TRANSIENT'])

/**
 * Standard retries, except for quotas that no retry within this run can outlast, and none after the deadline. A
 * Retry-After is honoured by every request of the client until it has passed (the next poll waits it out too); one
 * that reaches past the deadline ends the request at once, since no call before the deadline may honour it.
 */
class GateRetryStrategy extends StandardRetryStrategy {
  private readonly backoff: DeadlineBackoff

  constructor(
    maxAttempts: number,
    private readonly retryDeadline: number | undefined
  ) {
    const backoff = new DeadlineBackoff(retryDeadline)
    super({ maxAttempts, backoff })
    this.backoff = backoff
  }

  override async acquireInitialRetryToken(scope: string): ReturnType<StandardRetryStrategy['acquireInitialRetryToken']> {
    // Never later than the deadline: a Retry-After beyond it ended its request instead of being recorded.
    const wait = this.backoff.notBefore - Date.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    return super.acquireInitialRetryToken(scope)
  }

  override async refreshRetryTokenForRetry(
    ...[token, errorInfo]: Parameters<StandardRetryStrategy['refreshRetryTokenForRetry']>
  ): ReturnType<StandardRetryStrategy['refreshRetryTokenForRetry']> {
    // The SDK counts LimitExceededException as throttling, but on StartImageScan it is the one-scan-a-day quota:
    // retrying only burns the wait.
    if ((errorInfo.error as { name?: string } | undefined)?.name === 'LimitExceededException') throw errorInfo.error
    // The strategy sleeps before it returns: past the deadline no retry starts, so every request (a poll, a page,
    // StartImageScan) is over at most one request-timeout after wait-timeout.
    const deadline = this.retryDeadline
    if (deadline === undefined) return super.refreshRetryTokenForRetry(token, errorInfo)
    if (Date.now() >= deadline) throw errorInfo.error
    const hint = errorInfo.retryAfterHint
    if (hint instanceof Date && RETRYABLE.has(errorInfo.errorType)) {
      // A hint no Date can hold (Retry-After: 99999999999999999999) is an Invalid Date: later than any deadline.
      if (!(hint.getTime() <= deadline)) {
        refuseRetryAfter(errorInfo.error, hint)
        throw errorInfo.error
      }
      this.backoff.notBefore = Math.max(this.backoff.notBefore, hint.getTime())
    }
    return super.refreshRetryTokenForRetry(token, errorInfo)
  }
}

const FINDINGS_OPERATION = 'DescribeImageScanFindings'

/**
 * AWS JSON 1.1 with one shortcut: a successful DescribeImageScanFindings page is plain JSON.parse. The SDK's
 * schema-driven reader walks every member of every finding: about 1.5 ms per enhanced page and 5 ms per basic one,
 * most of the gate's own time between pages. The normaliser reads the raw shapes as untrusted anyway; only the
 * scan's two timestamps become Dates here (finding-level timestamps stay epoch seconds, which nothing reads as
 * Dates). A page with a token is handed on with only its token read (see readPage). Errors and every other operation
 * go through the SDK unchanged.
 */
class FindingsJsonProtocol extends AwsJson1_1Protocol {
  /** How long a page's body may take to arrive once its headers have: request-timeout (see bodyText). */
  protected readonly bodyTimeoutMs: number | undefined = undefined

  override async deserializeResponse<Output extends MetadataBearer>(
    operationSchema: OperationSchema,
    context: HandlerExecutionContext & SerdeFunctions,
    response: HttpResponse
  ): Promise<Output> {
    if (operationSchema.name !== FINDINGS_OPERATION || response.statusCode >= 300) {
      return super.deserializeResponse<Output>(operationSchema, context, response)
    }
    const text = await bodyText(response.body, context, this.bodyTimeoutMs)
    const $metadata = this.deserializeMetadata(response)
    const nextToken = peekNextToken(text)
    if (nextToken === undefined) return { ...parsePage(text, $metadata), $metadata } as unknown as Output
    // A page with more to come: its token alone is read now, so the request for the next page can leave before this
    // page is parsed (readPage), and parsing hides inside that request's round trip instead of adding to it.
    const output = { nextToken, $metadata }
    unparsedPages.set(output, text)
    return output as unknown as Output
  }
}

/**
 * The body as text, decoded chunk by chunk as it arrives: collecting it first copied each page into one more buffer
 * outside the JS heap, freed only when a collection found it; at 100,000 findings those copies left the C heap 27 MB
 * larger for the rest of the run.
 */
async function bodyText(body: unknown, context: HandlerExecutionContext & SerdeFunctions, timeoutMs?: number): Promise<string> {
  if (!(body instanceof Readable)) {
    const bytes = await collectBody(body, context)
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
  }
  // A body that keeps trickling in never lets the socket fall idle, so no socket timeout ends it: without a bound of its
  // own, one such answer would hold the wait to its end. A TimeoutError is what the SDK retries. The check waits one
  // turn of the event loop, so a body that did arrive while the thread was busy (a long collection) is read first.
  let check: NodeJS.Immediate | undefined
  const timer = timeoutMs
    ? setTimeout(() => {
        check = setImmediate(() => {
          const late = `the answer's body was still arriving ${timeoutMs / 1000} s after its headers (request-timeout)`
          body.destroy(Object.assign(new Error(late), { name: 'TimeoutError', code: 'ETIMEDOUT' }))
        })
      }, timeoutMs)
    : undefined
  const decoder = new StringDecoder('utf8')
  let text = ''
  try {
    for await (const chunk of body) text += typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer)
  } finally {
    clearTimeout(timer)
    clearImmediate(check)
  }
  return text + decoder.end()
}

// Bodies of pages whose token was read ahead of the rest: parsed by readPage.
const unparsedPages = new WeakMap<object, string>()

// The page token as the first or the last member of the page object: only those places can be told from the text
// alone (an object nested in the page can neither open the text nor close it). Elsewhere the page is parsed first.
const TOKEN_FIRST = /\s*\{\s*"nextToken"\s*:\s*("(?:[^"\\]|\\.)*")\s*,/y
const TOKEN_LAST = /"nextToken"\s*:\s*("(?:[^"\\]|\\.)*")\s*\}\s*$/y

/** The page token, read without parsing the page; readPage checks it against the parsed page all the same. */
function peekNextToken(text: string): string | undefined {
  TOKEN_FIRST.lastIndex = 0
  TOKEN_LAST.lastIndex = Math.max(0, text.lastIndexOf('"nextToken"'))
  const literal = TOKEN_FIRST.exec(text)?.[1] ?? TOKEN_LAST.exec(text)?.[1]
  try {
    return literal === undefined ? undefined : (JSON.parse(literal) as string)
  } catch {
    return undefined
  }
}

function parsePage(text: string, $metadata: ResponseMetadata): Record<string, unknown> {
  try {
    return findingsPage(text.trim() === '' ? {} : JSON.parse(text))
  } catch (error) {
    // A SyntaxError with $metadata is how the SDK marks an unreadable body: explainAwsError names it, without a stack.
    throw Object.assign(error as Error, { $metadata })
  }
}

/**
 * Completes a page whose token was read ahead (a no-op for any other page). Throws an unreadable-page SyntaxError,
 * as the SDK would have while receiving it, when the body is no page or its token is not the one read ahead.
 */
function readPage(page: DescribeImageScanFindingsCommandOutput): void {
  const text = unparsedPages.get(page)
  if (text === undefined) return
  unparsedPages.delete(page)
  const parsed = parsePage(text, page.$metadata)
  if (parsed.nextToken !== page.nextToken) {
    throw Object.assign(new SyntaxError('Unexpected page structure: the page token could not be read'), { $metadata: page.$metadata })
  }
  Object.assign(page, parsed)
}

/**
 * The page as the code downstream may assume it: the containers it walks are objects and arrays, the strings it
 * branches on are strings, the scan's two timestamps are Dates. A page whose findings or page token have the wrong
 * type is unreadable, not empty: read as absent, findings would go uncounted or the later pages unread (a pass not
 * earned). Smaller oddities are dropped, as if ECR had left them out.
 */
function findingsPage(parsed: unknown): Record<string, unknown> {
  const page = objectOrUndefined(parsed)
  const scan = objectOrUndefined(page?.imageScanFindings)
  const problem = !page
    ? 'the answer is not a JSON object'
    : present(page.imageScanFindings) && !scan
      ? 'imageScanFindings is not an object'
      : present(page.nextToken) && typeof page.nextToken !== 'string'
        ? 'nextToken is not a string'
        : (['findings', 'enhancedFindings'] as const).map((key) => listProblem(key, scan?.[key])).find(Boolean)
  if (problem || !page) throw new SyntaxError(`Unexpected page structure: ${problem}`)
  const status = objectOrUndefined(page.imageScanStatus)
  const imageId = objectOrUndefined(page.imageId)
  return {
    ...page,
    nextToken: stringOrUndefined(page.nextToken),
    registryId: stringOrUndefined(page.registryId),
    imageId: imageId && { imageDigest: stringOrUndefined(imageId.imageDigest), imageTag: stringOrUndefined(imageId.imageTag) },
    imageScanStatus: status && {
      ...status,
      status: stringOrUndefined(status.status),
      description: stringOrUndefined(status.description)
    },
    imageScanFindings: scan && {
      ...scan,
      findings: Array.isArray(scan.findings) ? scan.findings : undefined,
      enhancedFindings: Array.isArray(scan.enhancedFindings) ? scan.enhancedFindings : undefined,
      findingSeverityCounts: objectOrUndefined(scan.findingSeverityCounts),
      imageScanCompletedAt: epochDate(scan.imageScanCompletedAt),
      vulnerabilitySourceUpdatedAt: epochDate(scan.vulnerabilitySourceUpdatedAt)
    }
  }
}

function unreadablePage(page: DescribeImageScanFindingsCommandOutput, problem: string, target: ImageTarget): unknown {
  // $metadata marks it as ECR's answer for explainAwsError; every answer through the SDK has it.
  const error = Object.assign(new SyntaxError(`Unexpected page structure: ${problem}`), { $metadata: page.$metadata ?? {} })
  return explainAwsError(error, target, 'DescribeImageScanFindings')
}

/**
 * Why a page after the first is no page of findings: ECR always sends the list, empty or not, so an answer without
 * one (an empty body, `{}`, a proxy's stub) read as an empty page would leave findings uncounted and pass unearned.
 */
function laterPageProblem(
  page: DescribeImageScanFindingsCommandOutput,
  firstPage: DescribeImageScanFindingsCommandOutput
): string | undefined {
  const scan = page.imageScanFindings
  if (!scan) return 'the page holds no imageScanFindings'
  // The list page one filled is the one this scan pages through (basic or enhanced): the other, empty, proves nothing.
  // A scan holding both kinds may run on in the other list once the first is done; then that one has findings.
  const first = firstPage.imageScanFindings
  for (const [key, other] of [['findings', 'enhancedFindings'], ['enhancedFindings', 'findings']] as const) {
    const continued = Array.isArray(scan[key]) || (scan[other]?.length ?? 0) > 0
    if ((first?.[key]?.length ?? 0) > 0 && !continued) return `the page holds no ${key} list`
  }
  return Array.isArray(scan.findings) || Array.isArray(scan.enhancedFindings) ? undefined : 'the page holds no list of findings'
}

/**
 * Why a digest ECR answered with cannot be trusted for the image asked for: it is none (the outputs would pass it
 * on), or another than the digest asked for. Undefined for a digest the gate may report.
 */
export function digestProblem(digest: string, target: ImageTarget): string | undefined {
  if (!isDigest(digest)) return `imageId.imageDigest is not an image digest (${oneLine(digest, 80)})`
  if (target.imageDigest && digest !== target.imageDigest) {
    return `it is the answer for image ${digest}, not for ${target.imageDigest} as asked`
  }
  return undefined
}

/**
 * Why page one cannot be trusted: it counts findings and lists none, or the image's digest (from imageId, else
 * from the image its enhanced findings name) has a digestProblem.
 */
function firstPageProblem(page: DescribeImageScanFindingsCommandOutput, imageDigest: string | undefined, target: ImageTarget): string | undefined {
  // ECR always sends a list, empty or not: none at all while it counts findings is a cut answer that would pass an
  // image ECR says is not clean. An empty list beside counts is only the disagreement issue 2 warns about
  // (severityCountMismatch): whether ECR counts findings Inspector closed is not documented.
  const scan = page.imageScanFindings
  const counted = countedFindings(scan?.findingSeverityCounts)
  if (counted > 0 && !Array.isArray(scan?.findings) && !Array.isArray(scan?.enhancedFindings)) {
    return `the page holds no list of findings, though findingSeverityCounts counts ${counted}`
  }
  return imageDigest === undefined ? undefined : digestProblem(imageDigest, target)
}

/**
 * Why a done answer cannot serve as page one, explained as an unreadable answer: it lacks imageScanFindings, counts
 * findings and lists none, or names an image that is not the one asked for. Undefined for a usable page one.
 */
export function firstPageError(page: DescribeImageScanFindingsCommandOutput, target: ImageTarget): unknown {
  // A scan ECR calls done always comes with its imageScanFindings: a bare status (`{"imageScanStatus": …}` from
  // something on the way) would otherwise read as a clean image.
  if (!page.imageScanFindings) return unreadablePage(page, 'the page holds no imageScanFindings', target)
  const problem = firstPageProblem(page, imageDigestOf(page), target)
  return problem ? unreadablePage(page, problem, target) : undefined
}

// An empty imageDigest names nothing, like an absent one; digestOfFindings gives only well-formed digests.
function imageDigestOf(page: DescribeImageScanFindingsCommandOutput): string | undefined {
  return page.imageId?.imageDigest || digestOfFindings(page)
}

/** How many findings ECR's findingSeverityCounts counts, whatever junk it holds. */
function countedFindings(counts: Record<string, unknown> | undefined): number {
  let total = 0
  for (const count of Object.values(counts ?? {})) if (typeof count === 'number' && count > 0) total += count
  return total
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null
}

function listProblem(key: string, value: unknown): string | undefined {
  if (!present(value)) return undefined
  if (!Array.isArray(value)) return `${key} is not a list`
  return value.some((item) => item === null || typeof item !== 'object' || Array.isArray(item))
    ? `${key} holds something that is not a finding`
    : undefined
}

function objectOrUndefined(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

// AWS JSON sends timestamps as epoch seconds; a number no Date can hold reads as absent, like any other junk.
function epochDate(value: unknown): Date | undefined {
  if (typeof value !== 'number') return undefined
  const date = new Date(Math.round(value * 1000))
  return Number.isFinite(date.getTime()) ? date : undefined
}

/** Builds the ECR client: standard retries with more attempts than the SDK's 3, a per-request timeout, the runner's proxy. */
export function createEcrClient(options: ClientOptions): ECRClient {
  const client = new ECRClient({
    region: options.region,
    maxAttempts: MAX_ATTEMPTS,
    retryStrategy: new GateRetryStrategy(MAX_ATTEMPTS, options.retryDeadline),
    protocol: class extends FindingsJsonProtocol {
      protected override readonly bodyTimeoutMs = options.requestTimeoutMs
    },
    // The middleware stack is resolved once per command type instead of on every page; nothing here changes it later.
    cacheMiddleware: true,
    // Endpoint: the SDK itself honours AWS_ENDPOINT_URL_ECR / AWS_ENDPOINT_URL (LocalStack, tests).
    // Without throwOnRequestTimeout the SDK only logs a late request and keeps waiting on it forever.
    // socketTimeout covers an answer whose headers came and whose body then stalls, which requestTimeout does not; a
    // finding page's body that keeps trickling is bounded by bodyText.
    requestHandler: {
      requestTimeout: options.requestTimeoutMs,
      connectionTimeout: options.requestTimeoutMs,
      socketTimeout: options.requestTimeoutMs,
      throwOnRequestTimeout: true,
      ...proxyAgents(options)
    }
  })
  // Credentials from a profile, web identity or instance metadata never pass through the environment that
  // maskCredentials reads; an error that quotes them must not print them. The signer reads this provider per request.
  const resolveCredentials = client.config.credentials
  client.config.credentials = async (properties) => {
    const identity = await resolveCredentials(properties)
    maskResolvedSecrets(identity.secretAccessKey, identity.sessionToken)
    return identity
  }
  return client
}

// Agent options through the runner's proxy (see proxy.ts); the SDK adds its keep-alive settings to them. The timeout
// bounds a tunnel the proxy never answers: a request abandoned while its CONNECT is pending leaves that socket open,
// and with it the step, until the job's own timeout.
function proxyAgents(options: ClientOptions): { httpsAgent?: ProxyAgentOptions; httpAgent?: ProxyAgentOptions } {
  if (!options.proxyEnv) return {}
  const agent: ProxyAgentOptions = { proxyEnv: options.proxyEnv, timeout: options.requestTimeoutMs }
  return { httpsAgent: agent, httpAgent: agent }
}

type ProxyAgentOptions = AgentOptions & { proxyEnv?: Record<string, string> }

function imageId(target: ImageTarget): { imageDigest?: string; imageTag?: string } {
  return target.imageDigest ? { imageDigest: target.imageDigest } : { imageTag: target.imageTag }
}

/** One DescribeImageScanFindings call, its answer read whole. */
export async function describeScanFindings(
  client: ECRClient,
  target: ImageTarget,
  nextToken?: string,
  abortSignal?: AbortSignal
): Promise<DescribeImageScanFindingsCommandOutput> {
  const page = await requestPage(client, target, nextToken, abortSignal)
  readPage(page)
  return page
}

// The answer may hold only its page token until readPage completes it.
function requestPage(
  client: ECRClient,
  target: ImageTarget,
  nextToken?: string,
  abortSignal?: AbortSignal
): Promise<DescribeImageScanFindingsCommandOutput> {
  const command = new DescribeImageScanFindingsCommand({
    repositoryName: target.repositoryName,
    registryId: target.registryId,
    imageId: imageId(target),
    maxResults: MAX_RESULTS,
    nextToken
  })
  // Without options the client reuses its resolved middleware stack (cacheMiddleware) for each page.
  return abortSignal ? client.send(command, { abortSignal }) : client.send(command)
}

/** Asks ECR to start a basic scan of the image. */
export async function startImageScan(client: ECRClient, target: ImageTarget, abortSignal?: AbortSignal): Promise<void> {
  const command = new StartImageScanCommand({
    repositoryName: target.repositoryName,
    registryId: target.registryId,
    imageId: imageId(target)
  })
  await (abortSignal ? client.send(command, { abortSignal }) : client.send(command))
}

/**
 * The image index media types (OCI index, Docker manifest list). ECR scans the images an index lists, never the
 * index: a tag naming one never gets a scan of its own.
 */
const INDEX_MEDIA_TYPES: ReadonlySet<string> = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json'
])

/** The image index media type an ECR message names (StartImageScan's refusal of an index quotes it), if any. */
export function indexMediaTypeIn(text: string): string | undefined {
  return [...INDEX_MEDIA_TYPES].find((mediaType) => text.toLowerCase().includes(mediaType))
}

/**
 * What DescribeImages says the image is: an image index (with its media type), an image, or nothing usable: refused
 * (the permission is optional) or unknown (any other failure, or no media type in the answer).
 */
export type ImageKind = { index: string } | 'image' | 'refused' | 'unknown'

/** Asks DescribeImages whether the image is an image index; never throws. */
export async function imageKind(client: ECRClient, target: ImageTarget, abortSignal?: AbortSignal): Promise<ImageKind> {
  const command = new DescribeImagesCommand({
    repositoryName: target.repositoryName,
    registryId: target.registryId,
    imageIds: [imageId(target)]
  })
  try {
    const answer = await (abortSignal ? client.send(command, { abortSignal }) : client.send(command))
    const details = Array.isArray(answer?.imageDetails) ? answer.imageDetails : []
    // Media types are case-insensitive and may carry parameters (RFC 6838).
    const mediaTypes = details
      .map((detail) => detail?.imageManifestMediaType)
      .filter((type): type is string => typeof type === 'string')
      .map((type) => type.split(';')[0]?.trim().toLowerCase() ?? '')
    const index = mediaTypes.find((type) => INDEX_MEDIA_TYPES.has(type))
    if (index) return { index }
    return mediaTypes.length > 0 ? 'image' : 'unknown'
  } catch (error) {
    const name = String((error as { name?: unknown } | undefined)?.name ?? '')
    // Cut off (the deadline, or the wait over): nothing to say.
    if (!abortSignal?.aborted) {
      core.debug(`DescribeImages (optional, to tell an image index) did not answer: ${oneLine(name || String(error), 100)}`)
    }
    return name === 'AccessDeniedException' ? 'refused' : 'unknown'
  }
}

export interface ScanFindings {
  findings: Finding[]
  /** DescribeImageScanFindings calls made after the scan was done, page one included. */
  pages: number
  /** ECR's own counts, from page one, to cross-check against what was read. */
  severityCounts: Record<string, number>
  completedAt: Date | undefined
  vulnerabilitySourceUpdatedAt: Date | undefined
  /** The image's digest as ECR resolved it: from page one, else from the image its enhanced findings name. */
  imageDigest: string | undefined
  /** Epoch ms: the newest push time the enhanced findings of every page name (settling asks how fresh the image is). */
  pushedAt?: number
}

/** The scan changed while its pages were read (a new scan started, the tag moved): the read must start over. */
export class ScanChangedError extends TransientError {
  override name = 'ScanChangedError'
  constructor(
    message: string,
    /** Calls made before the change showed, for the call count. */
    readonly pages: number
  ) {
    super(message)
  }
}

/** wait-timeout ran out with pages still to read. */
export class ReadTimeoutError extends ScanError {
  override name = 'ReadTimeoutError'
  constructor(
    message: string,
    /** Calls made before the deadline stopped the read. */
    readonly pages: number
  ) {
    super(message)
  }
}

export interface ReadOptions {
  /** Epoch ms after which no further page is requested. */
  deadline?: number
  /** One request's allowance past the deadline: a page still arriving then is abandoned. */
  requestTimeoutMs?: number
  now?: () => number
  /**
   * Told each page's findings while the next page is on its way (never the last page's): reporters draft their texts
   * in that idle round trip. `announced` is the total of ECR's severity counts on page one, if it sent any; `page` is
   * the page's number in this read (a read that starts over starts at 1 again).
   */
  onFindings?: (found: readonly Finding[], announced: number | undefined, page: number) => void
}

/**
 * Aborts a request still running one request-timeout after the deadline. The SDK's timeouts see an idle socket, not a
 * body that trickles in a few bytes at a time: bodyText bounds a finding page's body, and this bounds everything else
 * (an error answer, StartImageScan, the SDK's retries) by the wait.
 */
export function deadlineSignal(deadline: number | undefined, requestTimeoutMs = 0, now: () => number = Date.now): AbortSignal | undefined {
  return deadline === undefined ? undefined : AbortSignal.timeout(Math.max(1, Math.ceil(deadline + requestTimeoutMs - now())))
}

/**
 * True when a request ended because its abort signal fired: an AbortError, or, for a body cut off while it was being
 * read, whatever the broken stream said (ECONNRESET "aborted").
 */
export function isAborted(error: unknown, signal?: AbortSignal): boolean {
  return (error as { name?: string } | undefined)?.name === 'AbortError' || signal?.aborted === true
}

/**
 * Why a later page shows that it belongs to another scan than the pages before it, if it does: a status not done, or
 * another image than the first digest any page named. The completion time is not compared: continuous (enhanced)
 * scanning may move it while the scan stays done, and a false change would re-read until the deadline.
 */
function changeBetween(
  page: DescribeImageScanFindingsCommandOutput,
  digest: string | undefined,
  named: string | undefined
): string | undefined {
  const status = page.imageScanStatus?.status
  if (status !== undefined && !DONE.has(status)) return `the scan's status became ${statusToken(status)}`
  return digest && named && named !== digest ? 'the tag now names another image' : undefined
}

/** True when both answers name their image's digest and the digests differ: the tag was pushed again between them. */
export function namesAnotherImage(
  first: DescribeImageScanFindingsCommandOutput,
  later: DescribeImageScanFindingsCommandOutput
): boolean {
  const [before, after] = [first.imageId?.imageDigest, later.imageId?.imageDigest]
  return Boolean(before && after && before !== after)
}

/**
 * Reads every page of findings, starting from the page the wait already holds, normalising as it goes. Throws
 * ScanChangedError when a later page belongs to another scan than page one: mixing two scans' pages could leave
 * findings unread.
 */
export async function readAllFindings(
  client: ECRClient,
  target: ImageTarget,
  firstPage: DescribeImageScanFindingsCommandOutput,
  options: ReadOptions = {}
): Promise<ScanFindings> {
  const now = options.now ?? Date.now
  const unreadable = firstPageError(firstPage, target)
  if (unreadable) throw unreadable
  let imageDigest = imageDigestOf(firstPage)
  const findings: Finding[] = []
  const tokens = new Set<string>()
  // Where each finding with Inspector's ARN was listed, by findingIdentity: see repeatedFinding.
  const listedAt = new Map<string, { page: number; index: number }>()
  let pushedAt: number | undefined
  let page = firstPage
  let pages = 1
  const announced = countsTotal(firstPage)
  for (;;) {
    // An empty token ends the list, as the SDK's paginators read it.
    const token = page.nextToken || undefined
    if (token !== undefined && tokens.has(token)) {
      throw new ScanError(
        `ECR sent the same page token twice while listing the findings of ${describeTarget(target)} (after ${pages} pages), so the list would never end. Rerun the job; if it happens again, report it to AWS support.`
      )
    }
    if (token !== undefined) tokens.add(token)
    if (token !== undefined && options.deadline !== undefined && now() > options.deadline) {
      throw new ReadTimeoutError(
        `wait-timeout ran out while reading the findings of ${describeTarget(target)}: ${pages} page(s) read, more to come. Raise wait-timeout.`,
        pages
      )
    }
    // Ask for the next page before parsing and normalising this one, so both hide inside the request's round trip.
    const abandon = new AbortController()
    const deadline = token !== undefined ? deadlineSignal(options.deadline, options.requestTimeoutMs, now) : undefined
    const signal = deadline ? AbortSignal.any([deadline, abandon.signal]) : abandon.signal
    const next = token !== undefined ? requestPage(client, target, token, signal) : undefined
    // Marks a failure as handled until it is awaited below; awaiting it still throws.
    next?.catch(() => undefined)
    // The SDK builds, signs and writes the request in promise callbacks, which run only once this function yields:
    // parsing and normalising first would hold the request back until they were done.
    if (next) await new Promise(setImmediate)
    const sent = pages + (next ? 1 : 0)
    try {
      if (page !== firstPage) {
        try {
          readPage(page)
        } catch (error) {
          throw explainAwsError(error, target, 'DescribeImageScanFindings')
        }
        const named = imageDigestOf(page)
        const change = changeBetween(page, imageDigest, named)
        if (change) throw new ScanChangedError(`While page ${pages} of the findings was read, ${change}.`, sent)
        // A first page that named no image leaves the comparison to the first page that does.
        imageDigest ??= named
        // Only now: a page of a scan that changed (a new scan in progress) holds no findings, and needs none.
        const missing = laterPageProblem(page, firstPage)
        if (missing) throw unreadablePage(page, missing, target)
      }
      const scan = page.imageScanFindings
      const pageStart = findings.length
      for (const raw of scan?.findings ?? []) findings.push(fromBasic(raw))
      for (const raw of scan?.enhancedFindings ?? []) {
        const finding = fromEnhanced(raw)
        pushedAt = latest(pushedAt, pushedAtOf(raw))
        const key = finding.findingArn ? findingIdentity(finding) : undefined
        const seen = key !== undefined ? listedAt.get(key) : undefined
        // Twice on one page is one finding listed twice (pages cannot shift within a page): counted once, and as the
        // copy that can block, so the verdict does not hang on which copy came first.
        if (seen?.page === pages) {
          if (blocksMore(finding, findings[seen.index] as Finding)) findings[seen.index] = finding
          continue
        }
        if (seen !== undefined) throw new ScanChangedError(repeatedFinding(finding, pages, seen.page), sent)
        if (key !== undefined) listedAt.set(key, { page: pages, index: findings.length })
        findings.push(finding)
      }
      if (next) options.onFindings?.(findings.slice(pageStart), announced, pages)
    } catch (error) {
      // The next page's request is on its way: left to its retries, it would hold the step open for minutes after
      // this error was reported.
      abandon.abort()
      throw error
    }
    if (!next) break
    page = await next.catch((error: unknown) => {
      if (isScanNotFound(error)) throw new ScanChangedError(`ECR no longer had the scan when page ${sent} was read.`, sent)
      // A tag moved or deleted after page one: the next poll says which (another image, or none).
      if ((error as { name?: string } | undefined)?.name === 'ImageNotFoundException') {
        throw new ScanChangedError(`ECR no longer had the image when page ${sent} was read.`, sent)
      }
      if (isAborted(error, signal)) {
        throw new ReadTimeoutError(
          `wait-timeout ran out while reading the findings of ${describeTarget(target)}: page ${sent} was still arriving one request-timeout after it. Raise wait-timeout, or check the network path to ECR.`,
          sent
        )
      }
      // A refusal on page 2 of 40 deserves the same plain message as one on the first poll, not a stack trace.
      throw explainAwsError(error, target, 'DescribeImageScanFindings')
    })
    pages++
  }
  const scan = firstPage.imageScanFindings
  return {
    findings,
    pages,
    severityCounts: { ...(scan?.findingSeverityCounts ?? {}) },
    completedAt: scan?.imageScanCompletedAt,
    vulnerabilitySourceUpdatedAt: scan?.vulnerabilitySourceUpdatedAt,
    imageDigest,
    pushedAt
  }
}

/** The total of ECR's severity counts on a page, if it has any count at all. */
function countsTotal(page: DescribeImageScanFindingsCommandOutput): number | undefined {
  const counts = page.imageScanFindings?.findingSeverityCounts
  return Object.values(counts ?? {}).some((n) => typeof n === 'number' && n >= 0) ? countedFindings(counts) : undefined
}

/** True when `a` can block under more policies than `b`: active over suppressed, then the more severe, then exploitable. */
function blocksMore(a: Finding, b: Finding): boolean {
  if (isSuppressed(a) !== isSuppressed(b)) return isSuppressed(b)
  if (a.severity !== b.severity) return severityRank(a.severity) > severityRank(b.severity)
  return a.exploitAvailable === 'YES' && b.exploitAvailable !== 'YES'
}

/** The newest push time an enhanced finding's image resources name, in epoch ms. */
function pushedAtOf(raw: unknown): number | undefined {
  const resources = (raw as { resources?: unknown } | null)?.resources
  let newest: number | undefined
  for (const resource of Array.isArray(resources) ? resources : []) {
    newest = latest(newest, epochMs(resource?.details?.awsEcrContainerImage?.pushedAt))
  }
  return newest
}

function latest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b)
}

/** A time ECR sent, in epoch ms: the SDK gives Dates; anything else (a string, epoch seconds) is accepted, not trusted. */
export function epochMs(value: unknown): number | undefined {
  const ms =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'number'
        ? value * 1000
        : typeof value === 'string'
          ? Date.parse(value)
          : NaN
  return Number.isFinite(ms) ? ms : undefined
}

/**
 * Why a finding an earlier page listed shows that the list changed while it was read: one Inspector finding (its ARN,
 * vulnerability and packages) on two pages means the pages shifted under the read, and a finding may have been
 * skipped there.
 */
function repeatedFinding(finding: Finding, page: number, first: number): string {
  return `page ${page} of the findings listed ${oneLine(finding.id, 80) || 'a finding'} (${oneLine(finding.findingArn, 200)}) again, after page ${first}, so the list changed while it was read.`
}

// Some answers carry only the tag in imageId; each enhanced finding names the image it was found in.
function digestOfFindings(page: DescribeImageScanFindingsCommandOutput): string | undefined {
  for (const raw of page.imageScanFindings?.enhancedFindings ?? []) {
    for (const resource of Array.isArray(raw?.resources) ? raw.resources : []) {
      const hash: unknown = resource?.details?.awsEcrContainerImage?.imageHash
      if (typeof hash === 'string' && isDigest(hash)) return hash
    }
  }
  return undefined
}

/**
 * Compares what was read with ECR's own findingSeverityCounts; a difference means findings went missing or moved.
 * Whether ECR counts findings Inspector suppressed or closed is not documented: counts that match either way agree.
 */
export function severityCountMismatch(scan: ScanFindings): string | undefined {
  const expected = new Map(Object.entries(scan.severityCounts).filter(([, count]) => typeof count === 'number'))
  if (expected.size === 0) return undefined
  const active = new Map<string, number>()
  const all = new Map<string, number>()
  for (const finding of scan.findings) {
    const key = finding.rawSeverity || 'UNDEFINED'
    all.set(key, (all.get(key) ?? 0) + 1)
    if (!isSuppressed(finding)) active.set(key, (active.get(key) ?? 0) + 1)
  }
  const differences = (read: Map<string, number>): string[] =>
    [...new Set([...read.keys(), ...expected.keys()])]
      .filter((key) => (read.get(key) ?? 0) !== (expected.get(key) ?? 0))
      .map((key) => `${statusToken(key)}: read ${read.get(key) ?? 0}, ECR counts ${expected.get(key) ?? 0}`)
  const withoutSuppressed = differences(active)
  if (withoutSuppressed.length === 0 || differences(all).length === 0) return undefined
  return `The findings read disagree with ECR's findingSeverityCounts (${withoutSuppressed.join('; ')}). The gate decides on the findings read.`
}
