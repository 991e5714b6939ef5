import * as core from '@actions/core'
import type { DescribeImageScanFindingsCommandOutput, ECRClient } from '@aws-sdk/client-ecr'
import {
  DONE,
  type ScanFindings,
  ReadTimeoutError,
  ScanChangedError,
  deadlineSignal,
  describeScanFindings,
  digestProblem,
  firstPageError,
  type ImageKind,
  imageKind,
  indexMediaTypeIn,
  isAborted,
  isScanNotFound,
  type ReadOptions,
  readAllFindings,
  startImageScan
} from './ecr.js'
import {
  ConfigurationError,
  type ImageTarget,
  RetryAfterRefusal,
  ScanError,
  TransientError,
  describeTarget,
  explainAwsError,
  firstLine
} from './errors.js'
import { oneLine, statusToken } from './log-safety.js'

const WAITING = new Set(['IN_PROGRESS', 'PENDING'])

/** What each status that ends the wait without findings means, and what the user can do about it. */
// A Map, not an object literal: a status ECR may invent, such as "constructor", must not find Object.prototype's.
const TERMINAL = new Map<string, string>(Object.entries({
  // start-scan starts a scan only where there is none, so it is no remedy here.
  FAILED: 'The scan failed. Push the image again (a new image is scanned on push), or start a new scan of this one with aws ecr start-image-scan.',
  UNSUPPORTED_IMAGE:
    'ECR cannot scan this image: its operating system or media type is not supported by the configured scanner. Use a supported base image, or gate it with another scanner. ' +
    '(An image index, which docker/build-push-action pushes by default, is never scanned: build one platform with provenance: false.)',
  SCAN_ELIGIBILITY_EXPIRED:
    'Amazon Inspector no longer scans this image: its scan duration expired. Push the image again, or lengthen the ECR re-scan duration in the Inspector settings.',
  FINDINGS_UNAVAILABLE:
    'Amazon Inspector has no findings for this image (it may have been deleted or be outside the scan duration). Push the image again.',
  LIMIT_EXCEEDED:
    'The image has exceeded the scanning limit of the registry. Check the ECR and Inspector quotas, or scan a smaller image.',
  IMAGE_ARCHIVED: 'The image is archived, and archived images are not scanned. Restore it to scan it.'
}))

export interface WaitOptions {
  /** Epoch ms after which no new poll starts. */
  deadline: number
  pollIntervalMs: number
  /** One request's allowance past the deadline: the SDK's retries of a poll stop there. */
  requestTimeoutMs?: number
  startScan: boolean
  /**
   * When set, a missing scan ends the wait at once with this advice instead of being waited for: a baseline's scan,
   * which nothing will start, does not appear by waiting.
   */
  missingScanEnds?: string
  /** Told every status (and the digest ECR resolved) as seen, so a cancelled or failed run still reports the last. */
  onStatus?: (status: string, imageDigest?: string) => void
  onFindings?: ReadOptions['onFindings']
  now?: () => number
  /** Waits ms, or until wake resolves if it does first. */
  sleep?: (ms: number, wake?: Promise<unknown>) => Promise<void>
}

export interface CompletedScan {
  /** The response that showed the scan done: it already holds the first page of findings. */
  firstPage: DescribeImageScanFindingsCommandOutput
  status: string
  /** True when this run saw the scan before it was done: it finished during the run. */
  sawUnfinished: boolean
}

/** The scan ended without findings (a terminal status); onStatus has already reported that status. */
export class ScanEndedError extends ScanError {
  override name = 'ScanEndedError'
}

/** The deadline passed while the scan was still unfinished. */
export class ScanTimeoutError extends ScanEndedError {
  override name = 'ScanTimeoutError'
}

/** The real wait between polls, cut short when wake resolves; tests pass their own. */
export const defaultSleep = (ms: number, wake?: Promise<unknown>): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    // A timer left behind would hold the thread open after the run has ended.
    void wake?.then(() => {
      clearTimeout(timer)
      resolve()
    })
  })

/** Polling starts at poll-interval and backs off by half each time towards a cap of 6x (at most 30 s). */
export function nextInterval(current: number, base: number): number {
  const cap = Math.max(base, Math.min(30_000, base * 6))
  return Math.min(cap, current * 1.5)
}

interface Poll {
  status: string
  description: string
  response?: DescribeImageScanFindingsCommandOutput
  /** A fault that outlasted the SDK's retries; the wait polls again rather than giving up before the deadline. */
  failure?: TransientError
}

/** The status name a poll saw, SCAN_NOT_FOUND when ECR has no scan yet, or the transient fault that hid it. */
async function poll(client: ECRClient, target: ImageTarget, abortSignal: AbortSignal | undefined): Promise<Poll> {
  try {
    const response = await describeScanFindings(client, target, undefined, abortSignal)
    // ECR always names the status: an answer without one (an empty body, `{}`) came from something else on the way.
    if (response.imageScanStatus?.status === undefined) {
      const failure = new TransientError(`ECR's answer about the scan of ${describeTarget(target)} named no scan status.`)
      return { status: '', description: '', failure }
    }
    const status = statusToken(response.imageScanStatus.status)
    // A done answer that cannot be page one (cut short, or about another image) is a failed poll, not the end.
    const unreadable = DONE.has(status) ? firstPageError(response, target) : undefined
    if (unreadable instanceof TransientError) return { status: '', description: '', failure: unreadable }
    if (unreadable) throw unreadable
    // Both go into the log, the summary and the scan-status output: ECR's text, but never trusted to be one line.
    return {
      status,
      description: oneLine(response.imageScanStatus.description ?? '', 300),
      response
    }
  } catch (error) {
    if (isScanNotFound(error)) return { status: 'SCAN_NOT_FOUND', description: 'ECR has no scan for this image yet.' }
    const explained = isAborted(error, abortSignal) ? abortedAtDeadline(target) : explainAwsError(error, target, 'DescribeImageScanFindings')
    if (explained instanceof TransientError) return { status: '', description: '', failure: explained }
    throw explained
  }
}

function abortedAtDeadline(target: ImageTarget): TransientError {
  return new TransientError(
    `A request for the scan of ${describeTarget(target)} was still unanswered, arriving or being retried one request-timeout after wait-timeout.`
  )
}

/** How a StartImageScan request settled: started, or ECR said why it will not start one. */
type StartOutcome = 'started' | 'enhanced' | 'limited' | 'refused'

/**
 * Asks ECR to start a scan. The outcome once the request is settled; undefined when it failed on the way (throttling,
 * 5xx, network), so a later poll may try again. The wait goes on either way, since a scan may still come (scan on
 * push); only a refusal the user must act on ends the run.
 */
async function tryStartScan(client: ECRClient, target: ImageTarget, abortSignal: AbortSignal | undefined): Promise<StartOutcome | undefined> {
  try {
    await startImageScan(client, target, abortSignal)
    core.info('Started a basic scan (start-scan: true).')
    return 'started'
  } catch (error) {
    // Still on its way at the deadline: the wait ends now, and the timeout's "see the warning above" finds this one.
    if (isAborted(error, abortSignal)) {
      core.warning('start-scan: StartImageScan was still unanswered or arriving one request-timeout after wait-timeout.')
      return undefined
    }
    const { name = '', message = '' } = error as { name?: string; message?: string }
    if (/feature is disabled/i.test(message)) {
      core.notice(
        'start-scan: the registry uses enhanced scanning (Amazon Inspector), which scans on its own; waiting for its scan.'
      )
      return 'enhanced'
    }
    if (name === 'LimitExceededException') {
      core.notice('start-scan: ECR allows one basic scan per image every 24 hours and that limit is reached; waiting for the existing scan.')
      return 'limited'
    }
    if (name === 'UnsupportedImageTypeException') {
      const indexType = indexMediaTypeIn(message)
      throw new ScanError(indexType ? imageIndexAdvice(target, indexType) : `ECR cannot scan ${describeTarget(target)}: ${firstLine(message)}.`)
    }
    if (name === 'ImageArchivedException') {
      throw new ScanError(`ECR cannot scan ${describeTarget(target)}: the image is archived. Restore it to scan it.`)
    }
    const explained = explainAwsError(error, target, 'StartImageScan')
    if (explained instanceof ConfigurationError || explained instanceof RetryAfterRefusal || !(explained instanceof ScanError)) throw explained
    core.warning(`start-scan: ${explained.message} Waiting for a scan anyway.`)
    return explained instanceof TransientError ? undefined : 'refused'
  }
}

/**
 * Waits until ECR's scan of the image is done and returns the response that said so. The first poll happens at once;
 * the last one happens at the deadline, not one interval before it.
 */
export async function waitForScan(client: ECRClient, target: ImageTarget, options: WaitOptions): Promise<CompletedScan> {
  // A question about the image still unanswered when the wait ends would hold the process open until its timeout.
  const question = new AbortController()
  try {
    return await pollUntilDone(client, target, options, question.signal)
  } finally {
    question.abort()
  }
}

async function pollUntilDone(client: ECRClient, target: ImageTarget, options: WaitOptions, question: AbortSignal): Promise<CompletedScan> {
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? defaultSleep
  let interval = options.pollIntervalMs
  let started: StartOutcome | undefined
  let sawUnfinished = false
  let lastStatus = ''
  let lastFailure: TransientError | undefined
  let firstDigest: string | undefined
  const index = new IndexQuestion(client, target)
  for (;;) {
    // The SDK retries a throttled or failing poll on its own; past the deadline plus one request, it must stop.
    const signal = deadlineSignal(options.deadline, options.requestTimeoutMs, now)
    const { status: seen, description, response, failure } = await poll(client, target, signal)
    if (failure) {
      if (!lastFailure) core.warning(`${failure.message} Polling again until wait-timeout.`)
      lastFailure = failure
    } else {
      lastFailure = undefined
      const digest = trustedDigest(response?.imageId?.imageDigest, target)
      // Only a tag can move: the image judged is then the one the tag names when its scan is done, and the user should
      // know that it is not the one this run first saw.
      if (digest && firstDigest && digest !== firstDigest) {
        core.warning(
          `While the gate waited, the tag of ${describeTarget(target)} moved from ${firstDigest} to ${digest} (pushed again): ` +
            'the gate judges the image the tag names now. Gate the digest (image-digest, or image with @sha256:) to judge one image.'
        )
      }
      firstDigest = digest ?? firstDigest
      options.onStatus?.(seen, digest)
    }
    const status = seen || lastStatus || 'UNKNOWN'
    if (response && DONE.has(status)) return { firstPage: response, status, sawUnfinished }

    if (seen === 'SCAN_NOT_FOUND' && index.kind === undefined) {
      // An optional question, so one request-timeout at most, retries included.
      const asking = options.requestTimeoutMs
        ? deadlineSignal(Math.min(options.deadline, now()), options.requestTimeoutMs, now)
        : deadlineSignal(options.deadline, 0, now)
      index.ask(asking ? AbortSignal.any([asking, question]) : question)
    }
    if (status === 'SCAN_NOT_FOUND' && options.missingScanEnds) {
      // The wait ends here either way: the answer (one request-timeout at most) only says why.
      await index.answer
      index.endIfIndex()
      throw new ScanEndedError(`ECR has no scan of ${describeTarget(target)}. ${options.missingScanEnds}`)
    }
    index.endIfIndex()
    const advice = TERMINAL.get(status)
    if (advice !== undefined) {
      throw new ScanEndedError(
        `The ECR scan of ${describeTarget(target)} ended with status ${status}${description ? ` ("${description}")` : ''}. ${advice}`
      )
    }
    sawUnfinished = true
    if (!failure && status !== lastStatus) {
      if (status === 'SCAN_NOT_FOUND' && !options.startScan) {
        core.info('ECR has no scan for this image yet (scan on push can lag the push); waiting.')
      } else if (!WAITING.has(status) && status !== 'SCAN_NOT_FOUND') {
        core.warning(`ECR reported scan status ${status}, which this version does not know; waiting for it to change.`)
      } else {
        core.info(`Scan status ${status}; waiting.`)
      }
      lastStatus = status
    }
    if (status === 'SCAN_NOT_FOUND' && options.startScan && !started) {
      started = await tryStartScan(client, target, deadlineSignal(options.deadline, options.requestTimeoutMs, now))
    }

    const remaining = options.deadline - now()
    if (remaining <= 0) {
      throw new ScanTimeoutError(
        `Timed out waiting for the ECR scan of ${describeTarget(target)}: ` +
          (seen || lastStatus ? `the last status was ${status}. ` : 'no poll got a usable answer. ') +
          (lastFailure
            ? `The last poll failed: ${lastFailure.message}`
            : status === 'SCAN_NOT_FOUND'
              ? noScanAdvice(options, started) + imageIndexHint(index.kind, started)
              : 'Raise wait-timeout, or check the scan in the ECR console.')
      )
    }
    await sleep(Math.min(interval, remaining), index.found)
    index.endIfIndex()
    interval = nextInterval(interval, options.pollIntervalMs)
  }
}

/**
 * Whether the image is an index: asked once, when ECR first says it has no scan, beside the wait. A plain image's late
 * scan is read whenever it comes; an index ends the wait as soon as the answer says so.
 */
class IndexQuestion {
  /** Undefined until asked, 'asking' until answered. */
  kind: ImageKind | 'asking' | undefined
  /** Settles once kind holds the answer. */
  answer: Promise<ImageKind> | undefined
  /** Resolves if the answer is "an index", and never otherwise: what cuts the pause between polls short. */
  found: Promise<unknown> | undefined

  constructor(
    private readonly client: ECRClient,
    private readonly target: ImageTarget
  ) {}

  /** Asks DescribeImages, once, within signal. */
  ask(signal: AbortSignal): void {
    this.kind = 'asking'
    // imageKind never throws: a refusal or a hang is an answer ('refused', 'unknown').
    this.answer = imageKind(this.client, this.target, signal).then((kind) => (this.kind = kind))
    this.found = this.answer.then((kind) => (typeof kind === 'object' ? kind : new Promise(() => {})))
  }

  /** Ends the wait with the ways out of an index, if the answer so far says the image is one. */
  endIfIndex(): void {
    const kind = this.kind
    if (typeof kind === 'object') throw new ScanEndedError(imageIndexAdvice(this.target, kind.index))
  }
}

// Only a digest the outputs may pass on (readAllFindings refuses any other answer, and an undecided run must not
// report a digest it never judged).
function trustedDigest(digest: string | undefined, target: ImageTarget): string | undefined {
  return digest && !digestProblem(digest, target) ? digest : undefined
}

// The ways out of an image index, for the advice and the hint.
const INDEX_WAYS_OUT =
  'build one platform with provenance: false (and no sbom) to push a plain image, or name a platform\'s image by its ' +
  'digest (docker buildx imagetools inspect lists them; leave out the unknown/unknown attestation entries)'

/** Why an image index never gets a scan, and the ways out. */
function imageIndexAdvice(target: ImageTarget, mediaType: string): string {
  return (
    `ECR cannot scan ${describeTarget(target)}: it is an image index (${mediaType}), a list of images (one per ` +
    'platform, and attestations), and ECR scans those images, never the index, so no scan of it will come. ' +
    `docker/build-push-action pushes an index by default, to hold its provenance attestation: ${INDEX_WAYS_OUT}.`
  )
}

/** For a timeout without a scan: the image index as a likely cause, unless ECR showed that the image is none. */
function imageIndexHint(kind: ImageKind | 'asking' | undefined, started: StartOutcome | undefined): string {
  // ECR refuses to start a scan of an index: one it accepted was no index.
  if (kind === undefined || kind === 'image' || started === 'started') return ''
  return (
    ' If the tag names an image index (docker/build-push-action pushes one by default, to hold its provenance ' +
    `attestation), no scan of it will come: ECR scans the index's images, not the index. Either ${INDEX_WAYS_OUT}` +
    (kind === 'refused' ? '; or grant ecr:DescribeImages, so that the gate can tell at once.' : '.')
  )
}

function noScanAdvice(options: WaitOptions, started: StartOutcome | undefined): string {
  if (!options.startScan) {
    return (
      "No scan exists: turn on scan on push in the registry's scanning settings (ECR console: Private registry, Scanning) " +
      'and check that their filters include this repository, or set start-scan: true (basic scanning).'
    )
  }
  switch (started) {
    case 'started':
      return 'No scan appeared, though ECR accepted start-scan\'s request for one: raise wait-timeout, or check the image in the ECR console.'
    case 'enhanced':
      return (
        'No scan appeared: the registry uses enhanced scanning, which start-scan cannot start. Check that the ' +
        "registry's enhanced scanning filters include this repository (ECR console: Private registry, Scanning)."
      )
    case 'limited':
      return 'No scan appeared, and ECR refused start-scan: one basic scan per image every 24 hours, already used. Rerun after that, or gate a new push.'
    default:
      return 'No scan exists, and start-scan could not start one (see the warning above).'
  }
}

export interface ReadScan {
  scan: CompletedScan
  findings: ScanFindings
}

/**
 * Waits for the scan, then reads every page of it. A scan that changes while its pages are read (a new scan starts,
 * the tag moves) is waited for and read again, within the same deadline, so the verdict never rests on a mix of two.
 */
export async function waitAndRead(client: ECRClient, target: ImageTarget, options: WaitOptions): Promise<ReadScan> {
  const sleep = options.sleep ?? defaultSleep
  const now = options.now ?? Date.now
  let change: ScanChangedError | undefined
  for (;;) {
    const scan = await waitForScan(client, target, options)
    try {
      const findings = await readAllFindings(client, target, scan.firstPage, options)
      return { scan, findings }
    } catch (error) {
      // Out of time on a read after a change: the earlier change is part of why.
      if (error instanceof ReadTimeoutError && change) {
        throw new ReadTimeoutError(`${error.message} Before that, the read had started over: ${change.message}`, error.pages)
      }
      if (!(error instanceof ScanChangedError)) throw error
      if (!change) core.warning(`${error.message} Waiting for the scan and reading it again.`)
      change = error
      const remaining = options.deadline - now()
      if (remaining <= 0) {
        throw new ReadTimeoutError(
          `wait-timeout ran out while reading the findings of ${describeTarget(target)}, which kept changing: ${error.message} Raise wait-timeout.`,
          error.pages
        )
      }
      await sleep(Math.min(options.pollIntervalMs, remaining))
    }
  }
}
