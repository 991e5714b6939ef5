// A loopback Amazon ECR for tests, `npm run demo` and `npm run bench`: AWS JSON 1.1 as @aws-sdk/client-ecr speaks it.
// Plain ESM with node built-ins only, so the demo and the benchmark run it without a build step.
import { performance } from 'node:perf_hooks'
import { setInterval, clearInterval } from 'node:timers'
import { startLoopback } from './loopback.js'
import { createHash, randomUUID } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'

const TARGET_PREFIX = 'AmazonEC2ContainerRegistry_V20150921.'
// What a proxy or captive portal in the way answers, with status 200, instead of ECR's JSON.
const PROXY_PAGE = '<html><head><title>Proxy</title></head><body>Access to this site is logged.</body></html>'
const CONTENT_TYPE = 'application/x-amz-json-1.1'

/** The registry (account) id used when a request or an image names none. */
export const DEFAULT_REGISTRY_ID = '123456789012'

// Real ECR fills imageScanFindings only for these; PENDING and friends come without it.
const FINDING_STATUSES = new Set(['COMPLETE', 'ACTIVE'])
// Inspector hands out 100 enhanced findings a page whatever maxResults asks (boto/boto3#3449).
const ENHANCED_PAGE_SIZE = 100
const DEFAULT_MAX_RESULTS = 100
const DEFAULT_DESCRIPTIONS = {
  COMPLETE: 'The scan was completed successfully.',
  ACTIVE: 'Continuous scan is selected for image.',
  PENDING: 'Pending start of the image scan.'
}
const START_SCAN_BEHAVIOURS = new Set(['ok', 'once', 'enhanced', 'limit', 'unsupported'])
// What ECR stores for a single-platform image pushed by docker; an image index (multi-platform, or buildx's default
// push with a provenance attestation) has an index media type instead, and ECR never scans it.
const IMAGE_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json'
const INDEX_MEDIA_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'])

class AwsError extends Error {
  constructor(type, message, status = 400, retryAfter = undefined) {
    super(message)
    this.type = type
    this.status = status
    this.retryAfter = retryAfter
  }
}

function defaultStatusFor(type) {
  return type === 'ServerException' ? 500 : 400
}

/** Converts a Date, an ISO string or epoch seconds into epoch seconds, the wire format of ECR timestamps. */
export function toEpochSeconds(value) {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'number') return value
  const ms = value instanceof Date ? value.getTime() : Date.parse(value)
  if (Number.isNaN(ms)) throw new TypeError(`not a timestamp: ${String(value)}`)
  return ms / 1000
}

function parseCredentialScope(authorization) {
  // SigV4: "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/ecr/aws4_request, SignedHeaders=..., Signature=..."
  const match = /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization ?? '')
  if (!match) return { accessKeyId: undefined, region: undefined }
  return { accessKeyId: match[1], region: match[3] }
}

function encodeToken(token) {
  return Buffer.from(JSON.stringify(token)).toString('base64')
}

function decodeToken(nextToken) {
  try {
    const token = JSON.parse(Buffer.from(String(nextToken), 'base64').toString('utf8'))
    if (token && typeof token.v === 'number' && (token.k === 'b' || token.k === 'e') && Number.isInteger(token.o)) {
      return token
    }
  } catch {
    // falls through to the same error as a well-formed but foreign token
  }
  return undefined
}

function imageIdText(imageId) {
  // Mimics ECR's Java-ish rendering, nulls included, so messages look like the real ones.
  return `{imageDigest:'${imageId?.imageDigest ?? 'null'}', imageTag:'${imageId?.imageTag ?? 'null'}'}`
}

function countSeverities(lists) {
  const counts = {}
  for (const list of lists) {
    if (!list) continue
    for (const finding of list) {
      const severity = finding?.severity ?? 'UNDEFINED'
      counts[severity] = (counts[severity] ?? 0) + 1
    }
  }
  return counts
}

function asScenario(scan) {
  if (scan === undefined) return [{ notFound: true }]
  const list = Array.isArray(scan) ? scan : [scan]
  if (list.length === 0) throw new TypeError('a scan scenario needs at least one state')
  return list
}

let nextStateId = 1

function prepareState(state, imageKey) {
  const id = nextStateId++
  if (state.notFound) return { id, imageKey, kind: 'notFound' }
  if (state.hang) return { id, imageKey, kind: 'hang' }
  if (state.reset) return { id, imageKey, kind: 'reset' }
  if (state.error) return { id, imageKey, kind: 'error', error: state.error }
  if (typeof state.status !== 'string') throw new TypeError(`unknown scan state: ${JSON.stringify(state)}`)
  const findingStatus = FINDING_STATUSES.has(state.status)
  let basic = state.findings
  const enhanced = state.enhancedFindings
  const hasBlock = findingStatus || basic !== undefined || enhanced !== undefined || state.findingSeverityCounts !== undefined
  if (hasBlock && basic === undefined && enhanced === undefined) basic = []
  // Computed once here so a 100,000-finding scan costs one pass, not one per poll.
  const counts = 'findingSeverityCounts' in state
    ? state.findingSeverityCounts
    : findingStatus ? countSeverities([basic, enhanced]) : undefined
  const now = Math.floor(Date.now() / 1000)
  // A key given as undefined means "leave it out", which is how sampleState mirrors a sample lacking a timestamp.
  const timestamp = (key) => (key in state ? toEpochSeconds(state[key]) : findingStatus ? now : undefined)
  return {
    id,
    imageKey,
    kind: 'status',
    status: state.status,
    description: 'description' in state ? state.description : DEFAULT_DESCRIPTIONS[state.status],
    hasBlock,
    basic,
    enhanced,
    counts,
    completedAt: timestamp('imageScanCompletedAt'),
    sourceUpdatedAt: timestamp('vulnerabilitySourceUpdatedAt')
  }
}

function errorFromSpec(spec = {}) {
  const type = spec.type ?? 'ServerException'
  const status = spec.status ?? defaultStatusFor(type)
  const message = spec.message ?? (type === 'ThrottlingException' ? 'Rate exceeded' : 'Injected failure')
  return new AwsError(type, message, status, spec.retryAfter)
}

/** Turns a DescribeImageScanFindings response (e.g. from loadSample) into a scan scenario state. */
export function sampleState(sample) {
  const state = { status: sample.imageScanStatus?.status ?? 'COMPLETE' }
  if (sample.imageScanStatus && 'description' in sample.imageScanStatus) {
    state.description = sample.imageScanStatus.description
  }
  const scan = sample.imageScanFindings
  if (scan) {
    for (const key of ['findings', 'enhancedFindings']) {
      if (key in scan) state[key] = scan[key]
    }
    // Always set, even to undefined, so the server leaves out what the sample leaves out instead of filling defaults.
    for (const key of ['findingSeverityCounts', 'imageScanCompletedAt', 'vulnerabilitySourceUpdatedAt']) state[key] = scan[key]
  }
  return state
}

/** Starts a fake ECR on 127.0.0.1 (random port unless options.port); see ecr-server.d.ts for the full API. */
export async function startEcrServer(options = {}) {
  const defaultRegistryId = options.defaultRegistryId ?? DEFAULT_REGISTRY_ID
  const state = {
    // registryId -> repositoryName -> { name, registryId, images: Map<digest, image>, tags: Map<tag, digest> }
    registries: new Map(),
    startedScans: [],
    faults: [],
    deny: undefined,
    expired: false
  }
  const requests = []
  const hanging = new Set()

  function registry(registryId) {
    let repos = state.registries.get(registryId)
    if (!repos) {
      repos = new Map()
      state.registries.set(registryId, repos)
    }
    return repos
  }

  function addRepository(repositoryName, registryId = defaultRegistryId) {
    const repos = registry(registryId)
    let repo = repos.get(repositoryName)
    if (!repo) {
      repo = { name: repositoryName, registryId, images: new Map(), tags: new Map() }
      repos.set(repositoryName, repo)
    }
    return repo
  }

  function setScenario(image, scan) {
    image.scenario = asScenario(scan).map((s) => prepareState(s, image.key))
    for (const prepared of image.scenario) image.prepared.set(prepared.id, prepared)
    image.cursor = 0
  }

  function setImage(spec) {
    const { repositoryName, imageDigest } = spec
    if (!repositoryName || !imageDigest) throw new TypeError('setImage needs repositoryName and imageDigest')
    const registryId = spec.registryId ?? defaultRegistryId
    const repo = addRepository(repositoryName, registryId)
    let image = repo.images.get(imageDigest)
    if (!image) {
      image = {
        key: `${registryId}/${repositoryName}@${imageDigest}`,
        registryId,
        repositoryName,
        imageDigest,
        imageTags: new Set(),
        scenario: [],
        // Every state ever served stays addressable so an old nextToken keeps paging like ECR's would.
        prepared: new Map(),
        cursor: 0,
        polls: 0,
        pages: 0,
        startScan: 'ok',
        scanAfterStart: undefined,
        startScanCalls: 0,
        startScanAttempts: 0,
        manifestMediaType: IMAGE_MANIFEST,
        pushedAt: Date.now() / 1000
      }
      repo.images.set(imageDigest, image)
    }
    const tags = [...(spec.imageTags ?? []), ...(spec.imageTag ? [spec.imageTag] : [])]
    for (const tag of tags) {
      // A tag points at one digest: pushing it elsewhere moves it, as in a real registry.
      const previous = repo.tags.get(tag)
      if (previous && previous !== imageDigest) repo.images.get(previous)?.imageTags.delete(tag)
      repo.tags.set(tag, imageDigest)
      image.imageTags.add(tag)
    }
    if (spec.startScan !== undefined) {
      if (!START_SCAN_BEHAVIOURS.has(spec.startScan)) throw new TypeError(`unknown startScan: ${spec.startScan}`)
      image.startScan = spec.startScan
    }
    if ('scanAfterStart' in spec) image.scanAfterStart = spec.scanAfterStart
    if (spec.manifestMediaType !== undefined) image.manifestMediaType = spec.manifestMediaType
    if ('scan' in spec || image.scenario.length === 0) setScenario(image, spec.scan)
    return image
  }

  function setSample(sampleOrName, overrides = {}) {
    const sample = typeof sampleOrName === 'string' ? loadSample(sampleOrName) : sampleOrName
    const imageTag = sample.imageId?.imageTag
    // The moto sample names its image by tag only: derive a stable digest from it.
    const imageDigest = sample.imageId?.imageDigest ?? `sha256:${createHash('sha256').update(`${sample.repositoryName}:${imageTag}`).digest('hex')}`
    return setImage({
      registryId: sample.registryId,
      repositoryName: sample.repositoryName,
      imageDigest,
      imageTag,
      scan: [sampleState(sample)],
      ...overrides
    })
  }

  function findRepository(repositoryName, registryId) {
    const repo = state.registries.get(registryId)?.get(repositoryName)
    if (!repo) {
      throw new AwsError(
        'RepositoryNotFoundException',
        `The repository with name '${repositoryName}' does not exist in the registry with id '${registryId}'`
      )
    }
    return repo
  }

  function findImage(repo, imageId) {
    let image
    if (imageId.imageDigest) {
      image = repo.images.get(imageId.imageDigest)
      if (image && imageId.imageTag && !image.imageTags.has(imageId.imageTag)) image = undefined
    } else if (imageId.imageTag) {
      const digest = repo.tags.get(imageId.imageTag)
      image = digest ? repo.images.get(digest) : undefined
    }
    if (!image) {
      throw new AwsError(
        'ImageNotFoundException',
        `The image with imageId ${imageIdText(imageId)} does not exist within the repository with name '${repo.name}' in the registry with id '${repo.registryId}'`
      )
    }
    return image
  }

  function getImage({ repositoryName, registryId = defaultRegistryId, imageDigest, imageTag }) {
    const repo = state.registries.get(registryId)?.get(repositoryName)
    if (!repo) return undefined
    const digest = imageDigest ?? repo.tags.get(imageTag)
    return digest ? repo.images.get(digest) : undefined
  }

  function validateTarget(body) {
    if (typeof body.repositoryName !== 'string' || body.repositoryName === '') {
      throw new AwsError('InvalidParameterException', "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must not be null'")
    }
    const imageId = body.imageId
    if (!imageId || (!imageId.imageDigest && !imageId.imageTag)) {
      throw new AwsError('InvalidParameterException', "Invalid parameter at 'imageId' failed to satisfy constraint: 'must contain an imageDigest or an imageTag'")
    }
    const registryId = body.registryId ?? defaultRegistryId
    const repo = findRepository(body.repositoryName, registryId)
    return { repo, image: findImage(repo, imageId), imageId }
  }

  function replyImageId(image, requested) {
    // ECR echoes the tag only when the caller asked by tag (compare the basic and the moto samples).
    return requested.imageTag ? { imageDigest: image.imageDigest, imageTag: requested.imageTag } : { imageDigest: image.imageDigest }
  }

  function findingsPage(image, prepared, requested, token, maxResults) {
    const { basic, enhanced } = prepared
    const scanFindings = {}
    let next
    if (token?.k === 'e' || (!token && !(basic && basic.length > 0))) {
      const offset = token?.o ?? 0
      // A first page with nothing basic still carries the empty list, as in the PENDING sample.
      if (!token && basic) scanFindings.findings = basic
      const slice = enhanced ? enhanced.slice(offset, offset + ENHANCED_PAGE_SIZE) : undefined
      if (slice) scanFindings.enhancedFindings = slice
      const end = offset + (slice?.length ?? 0)
      if (enhanced && end < enhanced.length) next = { v: prepared.id, k: 'e', o: end }
    } else {
      const offset = token?.o ?? 0
      const slice = basic.slice(offset, offset + maxResults)
      scanFindings.findings = slice
      const end = offset + slice.length
      if (end < basic.length) next = { v: prepared.id, k: 'b', o: end }
      else if (enhanced && enhanced.length > 0) next = { v: prepared.id, k: 'e', o: 0 }
    }
    if (prepared.completedAt !== undefined) scanFindings.imageScanCompletedAt = prepared.completedAt
    if (prepared.sourceUpdatedAt !== undefined) scanFindings.vulnerabilitySourceUpdatedAt = prepared.sourceUpdatedAt
    if (prepared.counts !== undefined) scanFindings.findingSeverityCounts = prepared.counts
    const reply = {
      registryId: image.registryId,
      repositoryName: image.repositoryName,
      imageId: replyImageId(image, requested),
      imageScanStatus: scanStatus(prepared)
    }
    if (prepared.hasBlock) reply.imageScanFindings = scanFindings
    if (next) reply.nextToken = encodeToken(next)
    return reply
  }

  function scanStatus(prepared) {
    return prepared.description === undefined
      ? { status: prepared.status }
      : { status: prepared.status, description: prepared.description }
  }

  function describeImageScanFindings(body) {
    const maxResults = body.maxResults
    if (maxResults !== undefined && maxResults !== null && (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 1000)) {
      throw new AwsError(
        'InvalidParameterException',
        `Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value between 1 and 1000' (got ${JSON.stringify(maxResults)})`
      )
    }
    const { image, imageId } = validateTarget(body)
    let prepared
    let token
    if (body.nextToken !== undefined && body.nextToken !== null) {
      token = decodeToken(body.nextToken)
      prepared = token ? image.prepared.get(token.v) : undefined
      if (!prepared || prepared.kind !== 'status') throw new AwsError('InvalidParameterException', 'Invalid parameter: nextToken is invalid or expired')
      image.pages++
    } else {
      // One state per poll; the last one repeats forever.
      prepared = image.scenario[Math.min(image.cursor, image.scenario.length - 1)]
      image.cursor++
      image.polls++
    }
    switch (prepared.kind) {
      case 'notFound':
        throw new AwsError(
          'ScanNotFoundException',
          `Image scan does not exist for the image with '${imageIdText(imageId)}' in the repository with name '${image.repositoryName}' in the registry with id '${image.registryId}'`
        )
      case 'error':
        throw errorFromSpec(prepared.error)
      case 'hang':
      case 'reset':
        return { [prepared.kind]: true }
      default:
        return findingsPage(image, prepared, imageId, token, maxResults ?? DEFAULT_MAX_RESULTS)
    }
  }

  function startImageScan(body, request) {
    const { image, imageId } = validateTarget(body)
    image.startScanAttempts++
    let behaviour = image.startScan
    if (behaviour === 'once') behaviour = image.startScanCalls > 0 ? 'limit' : 'ok'
    if (behaviour === 'enhanced') throw new AwsError('ValidationException', 'This feature is disabled')
    if (behaviour === 'limit') throw new AwsError('LimitExceededException', 'The scan quota per image has been exceeded. Wait and try again.')
    if (behaviour === 'unsupported') throw new AwsError('UnsupportedImageTypeException', 'The operation is not supported for this type of image.')
    if (INDEX_MEDIA_TYPES.has(image.manifestMediaType)) {
      // The text users report from ECR for an image index (alexjurkiewicz/ecr-scan-image#43).
      throw new AwsError(
        'UnsupportedImageTypeException',
        `An artifact with media type '${image.manifestMediaType}' cannot be scanned. For more information, see the Amazon ECR documentation.`
      )
    }
    image.startScanCalls++
    const started = { registryId: image.registryId, repositoryName: image.repositoryName, imageDigest: image.imageDigest, at: request.at }
    state.startedScans.push(started)
    if (image.scanAfterStart !== undefined) setScenario(image, image.scanAfterStart)
    if (typeof server.onStartScan === 'function') {
      const replacement = server.onStartScan({ ...started, image, request })
      if (replacement !== undefined) setScenario(image, replacement)
    }
    return {
      registryId: image.registryId,
      repositoryName: image.repositoryName,
      imageId: replyImageId(image, imageId),
      imageScanStatus: { status: 'IN_PROGRESS' }
    }
  }

  // The images asked for, as ECR's DescribeImages describes them (no scan summary: basic scanning's newer engine leaves
  // it out); an image that does not exist fails the whole call, as it does in ECR for a single imageId.
  function describeImages(body) {
    if (typeof body.repositoryName !== 'string' || body.repositoryName === '') {
      throw new AwsError('InvalidParameterException', "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must not be null'")
    }
    const repo = findRepository(body.repositoryName, body.registryId ?? defaultRegistryId)
    const ids = Array.isArray(body.imageIds) ? body.imageIds : [...repo.images.values()].map((image) => ({ imageDigest: image.imageDigest }))
    const imageDetails = ids.map((imageId) => {
      const image = findImage(repo, imageId ?? {})
      return {
        registryId: image.registryId,
        repositoryName: image.repositoryName,
        imageDigest: image.imageDigest,
        imageTags: [...image.imageTags],
        imageManifestMediaType: image.manifestMediaType,
        ...(INDEX_MEDIA_TYPES.has(image.manifestMediaType) ? {} : { artifactMediaType: 'application/vnd.docker.container.image.v1+json' }),
        imagePushedAt: image.pushedAt
      }
    })
    return { imageDetails }
  }

  const operations = {
    DescribeImageScanFindings: describeImageScanFindings,
    StartImageScan: startImageScan,
    DescribeImages: describeImages
  }

  function globalFault(op, body, request) {
    if (state.expired) return new AwsError('ExpiredTokenException', 'The security token included in the request is expired')
    if (state.deny && (!state.deny.ops || state.deny.ops.includes(op))) {
      const repository = body?.repositoryName ?? '*'
      const account = body?.registryId ?? defaultRegistryId
      const message = state.deny.message ??
        `User: arn:aws:sts::${account}:assumed-role/ci/${request.accessKeyId ?? 'session'} is not authorized to perform: ecr:${op} on resource: ` +
        `arn:aws:ecr:${request.region ?? 'us-east-1'}:${account}:repository/${repository} because no identity-based policy allows the ecr:${op} action`
      return new AwsError(state.deny.type, message)
    }
    const fault = state.faults[0]
    if (fault) {
      if (--fault.remaining <= 0) state.faults.shift()
      if (fault.spec.hang) return { hang: true }
      if (fault.spec.reset) return { reset: true }
      if (fault.spec.garble) return { garble: true }
      if (fault.spec.rawBody !== undefined) return { status: 200, rawBody: fault.spec.rawBody }
      if (fault.spec.trickleMs !== undefined) return { trickleMs: fault.spec.trickleMs }
      return errorFromSpec(fault.spec)
    }
    return undefined
  }

  function respond(req, res, raw) {
    const arrivedAt = performance.now()
    const headers = req.headers
    const target = String(headers['x-amz-target'] ?? '')
    const op = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target
    const { accessKeyId, region } = parseCredentialScope(headers.authorization)
    let body
    let parseError
    try {
      body = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'))
    } catch (error) {
      parseError = error
    }
    const request = { op, body, headers, at: Date.now(), arrivedAt, answeredAt: undefined, region, accessKeyId }
    requests.push(request)
    let outcome
    try {
      // Runs before faults apply, so a test can arm one for this very request (e.g. the first with a nextToken).
      if (typeof server.onRequest === 'function') server.onRequest(request)
      if (parseError) throw new AwsError('SerializationException', `Cannot parse the request body: ${parseError.message}`)
      const fault = globalFault(op, body, request)
      if (fault instanceof Error) throw fault
      if (fault && fault.trickleMs === undefined) {
        outcome = fault
      } else {
        const handler = req.method === 'POST' && target.startsWith(TARGET_PREFIX) ? operations[op] : undefined
        if (!handler) throw new AwsError('UnknownOperationException', `Unknown operation ${op || '(none)'}`)
        outcome = { status: 200, payload: handler(body, request), trickleMs: fault?.trickleMs }
        if (outcome.payload.hang || outcome.payload.reset) outcome = outcome.payload
      }
    } catch (thrown) {
      // A bug in this server should read as a server fault, not crash the test run.
      const error = thrown instanceof AwsError ? thrown : new AwsError('ServerException', `ecr-server: ${thrown?.stack ?? thrown}`, 500)
      outcome = { status: error.status, payload: { __type: error.type, message: error.message }, type: error.type, retryAfter: error.retryAfter }
    }
    deliver(res, outcome, request)
  }

  function deliver(res, outcome, request) {
    if (outcome.hang) {
      hanging.add(res)
      res.on('close', () => hanging.delete(res))
      return
    }
    // The latency is the server's whole answer time: the body is built and encoded inside it, not after it, so a large
    // page costs the client latencyMs and no more (as a real service's latency already includes its own serialisation).
    // Encoding a 180 KB page as UTF-8 in res.end took about 0.5 ms, charged to the client at every call.
    const body = Buffer.from(outcome.reset ? '' : outcome.garble ? PROXY_PAGE : (outcome.rawBody ?? JSON.stringify(outcome.payload)))
    loopback.answerAfter(res, request.arrivedAt, server.latencyMs, () => {
      request.answeredAt = performance.now()
      if (outcome.reset) {
        res.socket?.destroy()
        return
      }
      const headers = {
        'content-type': outcome.garble ? 'text/html' : CONTENT_TYPE,
        'content-length': body.length,
        'x-amzn-requestid': randomUUID()
      }
      if (outcome.type) headers['x-amzn-errortype'] = outcome.type
      if (outcome.retryAfter !== undefined) headers['retry-after'] = String(outcome.retryAfter)
      res.writeHead(outcome.garble ? 200 : outcome.status, headers)
      if (outcome.trickleMs === undefined) {
        res.end(body)
        return
      }
      // The real answer, two bytes at a time: the socket is never idle, so only a deadline on the whole request ends it.
      let at = 0
      hanging.add(res)
      const timer = setInterval(() => {
        res.write(body.subarray(at, at + 2))
        at += 2
        if (at >= body.length) res.end()
      }, outcome.trickleMs)
      res.on('close', () => {
        clearInterval(timer)
        hanging.delete(res)
      })
    })
  }

  const loopback = await startLoopback(respond, options.port)

  const server = {
    url: loopback.url,
    port: loopback.port,
    requests,
    state,
    latencyMs: options.latencyMs ?? 0,
    onStartScan: undefined,
    onRequest: undefined,
    defaultRegistryId,
    addRepository,
    setImage,
    setSample,
    getImage,
    /** Requests made for one operation, e.g. count('DescribeImageScanFindings'). */
    count(op) {
      let n = 0
      for (const request of requests) if (request.op === op) n++
      return n
    },
    failNext(n, spec = {}) {
      if (n > 0) state.faults.push({ remaining: n, spec })
    },
    denyAll(type = 'AccessDeniedException', message = undefined, ops = undefined) {
      state.deny = { type, message, ops }
    },
    expireCredentials() {
      state.expired = true
    },
    clearFaults() {
      state.faults.length = 0
      state.deny = undefined
      state.expired = false
    },
    async close() {
      for (const res of hanging) res.socket?.destroy()
      hanging.clear()
      await loopback.close()
    }
  }
  return server
}

// ---------------------------------------------------------------------------------------------------------------------
// Samples

const TIMESTAMP_KEYS = new Set([
  'imageScanCompletedAt',
  'vulnerabilitySourceUpdatedAt',
  'firstObservedAt',
  'lastObservedAt',
  'updatedAt',
  'pushedAt',
  'lastInUseAt',
  'vendorCreatedAt',
  'vendorUpdatedAt'
])

function epochTimestamps(value) {
  if (Array.isArray(value)) {
    for (const item of value) epochTimestamps(item)
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (TIMESTAMP_KEYS.has(key) && typeof inner === 'string') value[key] = toEpochSeconds(inner)
      else epochTimestamps(inner)
    }
  }
  return value
}

const SAMPLE_DIRS = [
  // Copied into the repository so `npm run demo` works in a clone without ../shared beside it.
  new URL('../fixtures/samples/', import.meta.url),
  // CI clones the repository with shared/ next to it: <root>/../shared/reference/samples.
  new URL('../../../shared/reference/samples/', import.meta.url)
]

/** Reads a sample DescribeImageScanFindings response by name (e.g. 'basic-complete'), timestamps as epoch seconds. */
export function loadSample(name) {
  const file = name.endsWith('.json') ? name : `${name}.json`
  for (const dir of SAMPLE_DIRS) {
    const url = new URL(file, dir)
    if (existsSync(url)) return epochTimestamps(JSON.parse(readFileSync(url, 'utf8')))
  }
  throw new Error(`sample ${file} not found in ${SAMPLE_DIRS.map((dir) => dir.pathname).join(' or ')}`)
}

/** Names of the bundled samples. */
export const SAMPLE_NAMES = ['basic-complete', 'enhanced-active-awsdocs', 'enhanced-complete-untriaged-moto', 'enhanced-pending-empty']

// ---------------------------------------------------------------------------------------------------------------------
// Finding generators: deterministic so a test can assert exact counts and a benchmark run is repeatable.

function prng(seed) {
  // mulberry32: tiny, fast and good enough to spread severities and packages.
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function pick(random, list) {
  return list[Math.floor(random() * list.length)]
}

function weighted(random, weights) {
  let r = random()
  for (const [value, weight] of weights) {
    r -= weight
    if (r < 0) return value
  }
  return weights[weights.length - 1][0]
}

function hex(random, length) {
  let out = ''
  while (out.length < length) out += Math.floor(random() * 0x100000000).toString(16).padStart(8, '0')
  return out.slice(0, length)
}

const BASIC_SEVERITIES = [['CRITICAL', 0.04], ['HIGH', 0.14], ['MEDIUM', 0.36], ['LOW', 0.26], ['INFORMATIONAL', 0.14], ['UNDEFINED', 0.06]]
const ENHANCED_SEVERITIES = [['CRITICAL', 0.05], ['HIGH', 0.2], ['MEDIUM', 0.4], ['LOW', 0.2], ['INFORMATIONAL', 0.05], ['UNTRIAGED', 0.1]]

// Real vectors with their real base scores, so score and severity always agree.
const CVSS3 = {
  CRITICAL: [
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10.0],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N', 9.1]
  ],
  HIGH: [
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 7.5],
    ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8],
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', 8.1],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 8.8]
  ],
  MEDIUM: [
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
    ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H', 5.5],
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:L', 6.5],
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', 5.9],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L', 5.3]
  ],
  LOW: [
    ['CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:L/I:N/A:N', 2.5],
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N', 3.1],
    ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:L/I:N/A:N', 3.3]
  ]
}
const CVSS2 = {
  CRITICAL: [['AV:N/AC:L/Au:N/C:C/I:C/A:C', 10.0]],
  HIGH: [['AV:N/AC:L/Au:N/C:P/I:P/A:P', 7.5], ['AV:N/AC:M/Au:N/C:C/I:C/A:C', 9.3]],
  MEDIUM: [['AV:L/AC:L/Au:N/C:P/I:P/A:P', 4.6], ['AV:N/AC:M/Au:N/C:N/I:N/A:P', 4.3], ['AV:N/AC:L/Au:N/C:N/I:N/A:P', 5.0]],
  LOW: [['AV:L/AC:L/Au:N/C:P/I:N/A:N', 2.1], ['AV:N/AC:H/Au:N/C:P/I:N/A:N', 2.6]]
}

// [source package, upstream version, Debian release, release carrying the fix]
const OS_PACKAGES = [
  ['openssl', '3.0.11', '1~deb12u2', '1~deb12u3'],
  ['libxml2', '2.9.14+dfsg', '1.3~deb12u1', '1.3~deb12u2'],
  ['curl', '7.88.1', '10+deb12u8', '10+deb12u12'],
  ['glibc', '2.36', '9+deb12u4', '9+deb12u10'],
  ['zlib', '1.2.13.dfsg', '1', '1+deb12u1'],
  ['e2fsprogs', '1.47.0', '2', '2+deb12u1'],
  ['krb5', '1.20.1', '2+deb12u2', '2+deb12u3'],
  ['systemd', '252.30', '1~deb12u2', '1~deb12u3'],
  ['perl', '5.36.0', '7+deb12u1', '7+deb12u2'],
  ['expat', '2.5.0', '1+deb12u1', '1+deb12u2'],
  ['sqlite3', '3.40.1', '2+deb12u1', '2+deb12u2'],
  ['tar', '1.34+dfsg', '1.2+deb12u1', '1.2+deb12u2'],
  ['gnutls28', '3.7.9', '2+deb12u3', '2+deb12u4'],
  ['ncurses', '6.4', '4', '4+deb12u1'],
  ['pam', '1.5.2', '6+deb12u1', '6+deb12u2'],
  ['shadow', '4.13+dfsg1', '1', '1+deb12u1'],
  ['util-linux', '2.38.1', '5+deb12u1', '5+deb12u3'],
  ['libgcrypt20', '1.10.1', '3', '3+deb12u1'],
  ['coreutils', '9.1', '1', '1+deb12u1'],
  ['openldap', '2.5.13+dfsg', '5', '5+deb12u1'],
  ['libtasn1-6', '4.19.0', '2', '2+deb12u1'],
  ['git', '2.39.2', '1.1', '1.1+deb12u1']
]

// [package, version, packageManager, filePath, fixed version or undefined]
const LANGUAGE_PACKAGES = [
  ['lodash', '4.17.20', 'NPM', 'app/node_modules/lodash/package.json', '4.17.21'],
  ['minimist', '1.2.5', 'NPM', 'app/node_modules/minimist/package.json', '1.2.6'],
  ['semver', '7.5.1', 'NPM', 'app/node_modules/semver/package.json', '7.5.2'],
  ['axios', '0.21.1', 'NPM', 'app/node_modules/axios/package.json', '0.21.2'],
  ['com.fasterxml.jackson.core:jackson-databind', '2.13.0', 'JAR', 'app/lib/jackson-databind-2.13.0.jar', '2.13.4.2'],
  ['org.apache.logging.log4j:log4j-core', '2.14.1', 'JAR', 'app/lib/log4j-core-2.14.1.jar', '2.17.1'],
  ['org.yaml:snakeyaml', '1.30', 'JAR', 'app/lib/snakeyaml-1.30.jar', '2.0'],
  ['requests', '2.25.1', 'PYTHONPKG', 'usr/local/lib/python3.11/site-packages/requests-2.25.1.dist-info/METADATA', '2.31.0'],
  ['urllib3', '1.26.4', 'PYTHONPKG', 'usr/local/lib/python3.11/site-packages/urllib3-1.26.4.dist-info/METADATA', '1.26.18'],
  ['jinja2', '3.1.2', 'PYTHONPKG', 'usr/local/lib/python3.11/site-packages/Jinja2-3.1.2.dist-info/METADATA', '3.1.3'],
  ['golang.org/x/net', 'v0.7.0', 'GOBINARY', 'usr/local/bin/server', '0.17.0'],
  ['stdlib', 'go1.21.1', 'GOBINARY', 'usr/local/bin/server', '1.21.3'],
  ['github.com/golang-jwt/jwt/v4', 'v4.4.1', 'GOBINARY', 'usr/local/bin/server', undefined],
  ['rack', '2.2.3', 'GEMSPEC', 'usr/local/bundle/specifications/rack-2.2.3.gemspec', '2.2.8.1']
]

const DESCRIPTIONS = [
  'A heap-based buffer overflow in %s allows remote attackers to cause a denial of service or possibly execute arbitrary code via crafted input.',
  'An out-of-bounds read in %s may allow a local attacker to disclose sensitive information.',
  'A use-after-free in %s can lead to a crash or code execution when processing untrusted data.',
  'An integer overflow in %s allows attackers to cause a denial of service via a crafted file.',
  'Improper input validation in %s allows a remote attacker to bypass intended access restrictions.',
  'A NULL pointer dereference in %s allows attackers to cause a denial of service (application crash).',
  'Uncontrolled resource consumption in %s allows remote attackers to exhaust memory with a crafted request.'
]

// 2026-01-01T00:00:00Z: a fixed clock keeps generated findings identical from run to run.
const BASE_EPOCH = 1767225600

function cveId(random, index, seed) {
  const year = 2016 + Math.floor(random() * 10)
  // The index keeps ids unique within one list; the seed shifts the range between lists.
  return `CVE-${year}-${1000 + ((seed * 7919) % 20000) + index}`
}

/** Generates n raw basic (Clair-style) findings as DescribeImageScanFindings returns them; deterministic per seed. */
export function makeBasicFindings(n, { seed = 1 } = {}) {
  const random = prng(seed)
  const findings = new Array(n)
  for (let i = 0; i < n; i++) {
    const id = cveId(random, i, seed)
    const severity = weighted(random, BASIC_SEVERITIES)
    const [name, version, release] = pick(random, OS_PACKAGES)
    const packageVersion = `${version}-${release}`
    const attributes = [
      { key: 'package_version', value: packageVersion },
      { key: 'package_name', value: name }
    ]
    if (CVSS3[severity]) {
      const useV3 = random() < 0.75
      const [vector, score] = pick(random, (useV3 ? CVSS3 : CVSS2)[severity])
      const prefix = useV3 ? 'CVSS3' : 'CVSS2'
      attributes.push({ key: `${prefix}_VECTOR`, value: vector }, { key: `${prefix}_SCORE`, value: score.toFixed(1) })
    }
    findings[i] = {
      name: id,
      description: pick(random, DESCRIPTIONS).replace('%s', `${name} ${version}`),
      uri: `https://security-tracker.debian.org/tracker/${id}`,
      severity,
      attributes
    }
  }
  return findings
}

/** Generates n raw enhanced (Amazon Inspector) findings as DescribeImageScanFindings returns them; deterministic per seed. */
export function makeEnhancedFindings(n, options = {}) {
  const {
    seed = 1,
    registryId = DEFAULT_REGISTRY_ID,
    repositoryName = 'app',
    region = 'us-east-1',
    imageTags = ['latest']
  } = options
  const imageDigest = options.imageDigest ?? `sha256:${createHash('sha256').update(`image-${seed}`).digest('hex')}`
  const random = prng(seed)
  // One resources list shared by every finding: they all describe the same image, and 100,000 copies would cost memory.
  const resources = [
    {
      details: {
        awsEcrContainerImage: {
          architecture: 'amd64',
          imageHash: imageDigest,
          imageTags,
          platform: 'DEBIAN_12',
          pushedAt: BASE_EPOCH - 3600,
          registry: registryId,
          repositoryName
        }
      },
      id: `arn:aws:ecr:${region}:${registryId}:repository/${repositoryName}/${imageDigest}`,
      tags: {},
      type: 'AWS_ECR_CONTAINER_IMAGE'
    }
  ]
  const noRemediation = { recommendation: { text: 'None Provided' } }
  const findings = new Array(n)
  for (let i = 0; i < n; i++) {
    const id = cveId(random, i, seed)
    const severity = weighted(random, ENHANCED_SEVERITIES)
    const language = random() < 0.3
    const packageCount = random() < 0.1 ? 2 : 1
    const packages = []
    for (let p = 0; p < packageCount; p++) {
      const hasFix = random() < 0.6
      if (language) {
        const [name, version, packageManager, filePath, fixed] = pick(random, LANGUAGE_PACKAGES)
        packages.push({
          epoch: 0,
          filePath,
          name,
          packageManager,
          version,
          fixedInVersion: hasFix && fixed ? fixed : 'NotAvailable'
        })
      } else {
        const [name, version, release, fixedRelease] = pick(random, OS_PACKAGES)
        packages.push({
          arch: 'AMD64',
          epoch: 0,
          name,
          packageManager: 'OS',
          release,
          sourceLayerHash: `sha256:${hex(random, 64)}`,
          version,
          fixedInVersion: hasFix ? `0:${version}-${fixedRelease}` : 'NotAvailable'
        })
      }
    }
    const fixed = packages.filter((pkg) => pkg.fixedInVersion !== 'NotAvailable').length
    const fixAvailable = fixed === 0 ? 'NO' : fixed === packages.length ? 'YES' : 'PARTIAL'
    const main = packages[0]
    const cvssChoice = CVSS3[severity] ? pick(random, CVSS3[severity]) : undefined
    const score = cvssChoice ? cvssChoice[1] : 0
    const firstObservedAt = BASE_EPOCH - Math.floor(random() * 90 * 86400) + 0.123
    const lastObservedAt = BASE_EPOCH - Math.floor(random() * 86400) + 0.456
    const source = language ? 'NVD' : 'DEBIAN_CVE'
    const sourceUrl = language ? `https://nvd.nist.gov/vuln/detail/${id}` : `https://security-tracker.debian.org/tracker/${id}`
    const finding = {
      awsAccountId: registryId,
      description: pick(random, DESCRIPTIONS).replace('%s', `${main.name} ${main.version}`),
      findingArn: `arn:aws:inspector2:${region}:${registryId}:finding/${hex(random, 32)}`,
      firstObservedAt,
      lastObservedAt,
      packageVulnerabilityDetails: {
        cvss: cvssChoice ? [{ baseScore: score, scoringVector: cvssChoice[0], source: 'NVD', version: '3.1' }] : [],
        referenceUrls: [sourceUrl],
        relatedVulnerabilities: [],
        source,
        sourceUrl,
        vendorSeverity: language ? severity : 'not yet assigned',
        vulnerabilityId: id,
        vulnerablePackages: packages
      },
      remediation: fixAvailable === 'NO' ? noRemediation : { recommendation: { text: `Upgrade ${main.name} to a fixed version.` } },
      resources,
      score,
      severity,
      status: 'ACTIVE',
      title: `${id} - ${packages.map((pkg) => pkg.name).join(', ')}`,
      type: 'PACKAGE_VULNERABILITY',
      updatedAt: lastObservedAt,
      fixAvailable,
      exploitAvailable: random() < 0.08 ? 'YES' : 'NO'
    }
    if (cvssChoice) {
      finding.scoreDetails = {
        cvss: { adjustments: [], score, scoreSource: 'NVD', scoringVector: cvssChoice[0], version: '3.1' }
      }
    }
    findings[i] = finding
  }
  return findings
}
