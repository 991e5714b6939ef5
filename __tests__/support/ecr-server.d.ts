// Types for ecr-server.js: findings are typed as they travel on the wire (timestamps as epoch seconds), not as the SDK
// hands them back (Dates).
import type { IncomingHttpHeaders } from 'node:http'

/** Timestamps accepted by the server: epoch seconds (the wire format), a Date or an ISO string. */
export type Timestamp = number | Date | string

export interface RawAttribute {
  key: string
  value?: string
}

/** A basic (Clair-style) finding as ECR sends it. */
export interface RawBasicFinding {
  name?: string
  description?: string
  uri?: string
  severity?: string
  attributes?: RawAttribute[]
}

export interface RawCvssScore {
  baseScore?: number
  scoringVector?: string
  source?: string
  version?: string
}

export interface RawVulnerablePackage {
  arch?: string
  epoch?: number
  filePath?: string
  name?: string
  packageManager?: string
  release?: string
  sourceLayerHash?: string
  version?: string
  fixedInVersion?: string
}

export interface RawResource {
  details?: {
    awsEcrContainerImage?: {
      architecture?: string
      author?: string
      imageHash?: string
      imageTags?: string[]
      platform?: string
      pushedAt?: number
      lastInUseAt?: number
      inUseCount?: number
      registry?: string
      repositoryName?: string
    }
  }
  id?: string
  tags?: Record<string, string>
  type?: string
}

/** An enhanced (Amazon Inspector) finding as ECR sends it. */
export interface RawEnhancedFinding {
  awsAccountId?: string
  description?: string
  findingArn?: string
  firstObservedAt?: number
  lastObservedAt?: number
  packageVulnerabilityDetails?: {
    cvss?: RawCvssScore[]
    referenceUrls?: string[]
    relatedVulnerabilities?: string[]
    source?: string
    sourceUrl?: string
    vendorCreatedAt?: number
    vendorSeverity?: string
    vendorUpdatedAt?: number
    vulnerabilityId?: string
    vulnerablePackages?: RawVulnerablePackage[]
  }
  remediation?: { recommendation?: { url?: string; text?: string } }
  resources?: RawResource[]
  score?: number
  scoreDetails?: {
    cvss?: {
      adjustments?: { metric?: string; reason?: string }[]
      score?: number
      scoreSource?: string
      scoringVector?: string
      version?: string
    }
  }
  severity?: string
  status?: string
  title?: string
  type?: string
  updatedAt?: number
  fixAvailable?: string
  exploitAvailable?: string
}

/** A DescribeImageScanFindings response body as it travels on the wire (what loadSample returns). */
export interface RawScanFindingsResponse {
  registryId?: string
  repositoryName?: string
  imageId?: { imageDigest?: string; imageTag?: string }
  imageScanStatus?: { status?: string; description?: string }
  imageScanFindings?: {
    findings?: RawBasicFinding[]
    enhancedFindings?: RawEnhancedFinding[]
    findingSeverityCounts?: Record<string, number>
    imageScanCompletedAt?: number
    vulnerabilitySourceUpdatedAt?: number
  }
  nextToken?: string
}

export interface ErrorSpec {
  /** HTTP status; defaults to 500 for ServerException, 400 otherwise. */
  status?: number
  /** Error code sent as __type and x-amzn-ErrorType; defaults to 'ServerException'. */
  type?: string
  message?: string
  /** Seconds, sent as the Retry-After header (the SDK waits at most its backoff + 5 s for it). */
  retryAfter?: number | string
}

/** One step of a scan scenario; each DescribeImageScanFindings poll (a call without nextToken) consumes one. */
export type ScanState =
  | { notFound: true }
  | { error: ErrorSpec }
  | { hang: true }
  | { reset: true }
  | {
      /** COMPLETE and ACTIVE carry imageScanFindings; other statuses only when findings keys are given. */
      status: string
      /** Defaults to ECR's text for COMPLETE, ACTIVE and PENDING; pass undefined to omit it. */
      description?: string
      findings?: RawBasicFinding[]
      enhancedFindings?: RawEnhancedFinding[]
      /** Computed from the findings when absent (COMPLETE and ACTIVE only). */
      findingSeverityCounts?: Record<string, number>
      /** Defaults to the time the scenario was set (COMPLETE and ACTIVE only). */
      imageScanCompletedAt?: Timestamp
      vulnerabilitySourceUpdatedAt?: Timestamp
    }

/** How StartImageScan answers: 'once' succeeds the first time and then answers LimitExceededException. */
export type StartScanBehaviour = 'ok' | 'once' | 'enhanced' | 'limit' | 'unsupported'

export interface ImageSpec {
  repositoryName: string
  imageDigest: string
  /** Defaults to the server's default registry id, '123456789012'. */
  registryId?: string
  imageTag?: string
  imageTags?: string[]
  /** One state or a list; the last state repeats forever. Defaults to [{ notFound: true }] for a new image. */
  scan?: ScanState | ScanState[]
  /** Defaults to 'ok'. */
  startScan?: StartScanBehaviour
  /** Replaces the scan scenario (from its first state) when StartImageScan succeeds. */
  scanAfterStart?: ScanState | ScanState[]
  /**
   * What DescribeImages gives as imageManifestMediaType; default a Docker image manifest. An image index media type
   * (OCI index, Docker manifest list) also makes StartImageScan refuse, as ECR does.
   */
  manifestMediaType?: string
}

export interface FakeImage {
  key: string
  registryId: string
  repositoryName: string
  imageDigest: string
  imageTags: Set<string>
  /** Index of the next scenario state a poll will consume. */
  cursor: number
  /** DescribeImageScanFindings calls without a nextToken. */
  polls: number
  /** DescribeImageScanFindings calls with a nextToken. */
  pages: number
  startScan: StartScanBehaviour
  scanAfterStart: ScanState | ScanState[] | undefined
  /** Successful StartImageScan calls. */
  startScanCalls: number
  manifestMediaType: string
  /** Epoch seconds: when setImage first made the image. */
  pushedAt: number
  /** Every StartImageScan call, failed ones included. */
  startScanAttempts: number
}

export interface FakeRepository {
  name: string
  registryId: string
  images: Map<string, FakeImage>
  tags: Map<string, string>
}

export interface RecordedRequest {
  /** Operation from X-Amz-Target, e.g. 'DescribeImageScanFindings'. */
  op: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any
  headers: IncomingHttpHeaders
  /** Date.now() when the request body arrived. */
  at: number
  /** From the SigV4 credential scope of the Authorization header. */
  region: string | undefined
  accessKeyId: string | undefined
}

export interface StartedScan {
  registryId: string
  repositoryName: string
  imageDigest: string
  at: number
}

export interface EcrServerState {
  registries: Map<string, Map<string, FakeRepository>>
  startedScans: StartedScan[]
  faults: { remaining: number; spec: FaultSpec }[]
  deny: { type: string; message: string | undefined; ops: string[] | undefined } | undefined
  expired: boolean
}

export interface FaultSpec extends ErrorSpec {
  /** Leave the request unanswered until close(). */
  hang?: boolean
  /** Destroy the socket without answering. */
  reset?: boolean
  /** Answer 200 with an HTML page instead of JSON, as a proxy in the way would. */
  garble?: boolean
  /** Answer 200 with this body as it is (an empty body, `{}`): something on the way that is not ECR. */
  rawBody?: string
  /** Send the real answer two bytes every this many ms: a body that trickles in, never idle long enough to time out. */
  trickleMs?: number
}

export interface EcrServerOptions {
  /** Delay before every reply, errors included; default 0. Also settable later through server.latencyMs. */
  latencyMs?: number
  /** Default 0: a free port. */
  port?: number
  /** Default '123456789012'. */
  defaultRegistryId?: string
}

export interface StartScanEvent extends StartedScan {
  image: FakeImage
  request: RecordedRequest
}

export interface EcrServer {
  /** http://127.0.0.1:<port>: pass as the client's endpoint or as AWS_ENDPOINT_URL_ECR. */
  url: string
  port: number
  requests: RecordedRequest[]
  state: EcrServerState
  latencyMs: number
  defaultRegistryId: string
  /** Called after a successful StartImageScan; a returned scenario replaces the image's scan scenario. */
  onStartScan: ((event: StartScanEvent) => ScanState | ScanState[] | void) | undefined
  /**
   * Called as each request arrives, before failNext, denyAll or expireCredentials apply to it: a fault armed here hits
   * this very request (e.g. the first page request carrying a nextToken).
   */
  onRequest: ((request: RecordedRequest) => void) | undefined
  addRepository(repositoryName: string, registryId?: string): FakeRepository
  /** Adds or updates an image; passing scan replaces its scenario and rewinds it. */
  setImage(spec: ImageSpec): FakeImage
  /** Adds the image a sample (name or loaded response) describes, serving that response; overrides win. */
  setSample(sample: string | RawScanFindingsResponse, overrides?: Partial<ImageSpec>): FakeImage
  getImage(ref: { repositoryName: string; registryId?: string; imageDigest?: string; imageTag?: string }): FakeImage | undefined
  /** Requests recorded for one operation. */
  count(op: string): number
  /** The next n requests of any operation fail with this fault (default 500 ServerException). */
  failNext(n: number, spec?: FaultSpec): void
  /**
   * Every request from now on (or every request for one of ops) answers 400 with this error (default
   * AccessDeniedException with an IAM-like message).
   */
  denyAll(type?: string, message?: string, ops?: string[]): void
  /** Every request from now on answers 400 ExpiredTokenException. */
  expireCredentials(): void
  /** Undoes failNext, denyAll and expireCredentials. */
  clearFaults(): void
  /** Ends hanging requests, pending replies and the server. */
  close(): Promise<void>
}

/** The registry (account) id used when a request or an image names none. */
export const DEFAULT_REGISTRY_ID: string
/** Names of the bundled samples. */
export const SAMPLE_NAMES: readonly string[]

/** Starts a fake ECR on 127.0.0.1. */
export function startEcrServer(options?: EcrServerOptions): Promise<EcrServer>
/** Generates n raw basic findings; deterministic per seed (default 1). */
export function makeBasicFindings(n: number, options?: { seed?: number }): RawBasicFinding[]
/** Generates n raw enhanced findings; deterministic per seed (default 1). */
export function makeEnhancedFindings(
  n: number,
  options?: {
    seed?: number
    imageDigest?: string
    repositoryName?: string
    registryId?: string
    region?: string
    imageTags?: string[]
  }
): RawEnhancedFinding[]
/** Reads a sample response by name ('basic-complete', ...) with timestamps as epoch seconds. */
export function loadSample(name: string): RawScanFindingsResponse
/** Turns a sample response into a scan scenario state. */
export function sampleState(sample: RawScanFindingsResponse): ScanState
/** Converts a Date, an ISO string or epoch seconds into epoch seconds. */
export function toEpochSeconds(value: Timestamp | undefined | null): number | undefined
