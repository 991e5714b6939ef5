import * as core from '@actions/core'
import type { DescribeImageScanFindingsCommandOutput, ECRClient } from '@aws-sdk/client-ecr'
import {
  DONE,
  ReadTimeoutError,
  ScanChangedError,
  type ScanFindings,
  deadlineSignal,
  describeScanFindings,
  epochMs,
  isAborted,
  isScanNotFound,
  namesAnotherImage,
  readAllFindings
} from './ecr.js'
import { type ImageTarget, ScanError, describeTarget, explainAwsError } from './errors.js'
import { type Finding, findingIdentity, packagesKey } from './finding.js'
import { listed, oneLine, statusToken } from './log-safety.js'
import { plural } from './markdown.js'
import type { Verdict } from './policy.js'
import { type CompletedScan, defaultSleep, nextInterval } from './scan-wait.js'

export interface SettleOptions {
  /** Epoch ms: wait-timeout's deadline, shared with the wait. */
  deadline: number
  /** How long after a push/scan findings may still be arriving; 0 turns settling off. */
  settleWindowMs: number
  /** Epoch ms the run began: an image pushed less than settleWindowMs before it is fresh, however long its scan took. */
  startedAt?: number
  /** Where warnings go (the report's, which the log, the summary and the JSON report all carry); default the log. */
  warnings?: string[]
  pollIntervalMs: number
  /** One request's allowance past the deadline: a re-read still arriving then is abandoned. */
  requestTimeoutMs?: number
  now?: () => number
  sleep?: (ms: number) => Promise<void>
}

/** The findings to decide on; `unsettled` when the reads of a fresh scan never agreed, so more may be on the way. */
export interface SettledFindings extends ScanFindings {
  unsettled?: { what: string; advice: string }
}

// How long after its push a first scan seen running may still be one (see planSettling).
const SLOW_SCAN_MS = 60 * 60_000
// An empty, undated answer (aws/aws-sdk#289) lasted some 25 s of polls in the report: two such answers agree only
// when this many poll-intervals apart (the back-off cap), or a premature answer read twice would pass.
const PREMATURE_SPAN_INTERVALS = 6

interface Plan {
  /** Epoch ms after which no new read starts: the deadline, or the end of the settle window if sooner. */
  until: number
  limitedBy: 'wait-timeout' | 'settle-window'
  why: string
}

/**
 * Re-reads the findings of a fresh enhanced scan until two consecutive complete reads agree, because right after a
 * push ECR can report COMPLETE/ACTIVE before Inspector has delivered every finding (aws/aws-sdk#289); a finding an
 * earlier read held is never dropped. Basic scans, undated or old images, clean completed scans and settle-window 0
 * get the first read back untouched, with no extra call.
 */
export async function settleFindings(
  client: ECRClient,
  target: ImageTarget,
  scan: CompletedScan,
  findings: ScanFindings,
  options: SettleOptions
): Promise<SettledFindings> {
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? defaultSleep
  const warn = (message: string): void => {
    if (options.warnings) options.warnings.push(message)
    else core.warning(message)
  }
  const plan = planSettling(scan, findings, options, now())
  if (!plan) return findings

  const start = now()
  core.info(
    `Settling: ${plan.why}, so its findings may still be arriving (aws/aws-sdk#289); reading them again until two reads ` +
      `agree, for at most ${seconds(plan.until - start)} s.`
  )
  const counts = [findings.findings.length]
  const seen = new Map<string, Finding>()
  remember(seen, findings.findings)
  let latest = findings
  let previous: string[] | undefined = fingerprint(findings.findings)
  let calls = findings.pages
  let interval = options.pollIntervalMs
  let settled = false
  let lastStatus = scan.status
  for (;;) {
    const remaining = plan.until - now()
    if (remaining <= 0) break
    await sleep(Math.min(interval, remaining))
    interval = nextInterval(interval, options.pollIntervalMs)

    const read = await readAgain(client, target, scan.firstPage, options, now)
    calls += read.calls
    if (read.timedOut) break
    if (read.changed) {
      core.info(`Settling: ${read.changed} Reading again.`)
    } else if (read.status !== lastStatus) {
      core.info(`Settling: ECR now reports scan status ${statusToken(read.status)}.`)
      lastStatus = read.status
    }
    if (!read.findings) {
      // A scan that is no longer done may be rewriting its findings: agreement has to start over.
      previous = undefined
      continue
    }
    latest = read.findings
    remember(seen, latest.findings)
    counts.push(latest.findings.length)
    const current = fingerprint(latest.findings)
    const stillPremature = isPremature(latest) && now() - start < PREMATURE_SPAN_INTERVALS * options.pollIntervalMs
    if (previous && sameFingerprint(previous, current) && !stillPremature) {
      settled = true
      break
    }
    previous = current
  }

  const extra = calls - findings.pages
  const history = countHistory(counts)
  const settledFindings = { ...latest, findings: withVanished(latest.findings, seen, warn), pages: calls }
  if (settled) {
    core.info(
      `Settling: done after ${counts.length} reads in ${seconds(now() - start)} s (${extra} extra call(s)); findings per read: ${history}.`
    )
    return settledFindings
  }
  const cause = plan.limitedBy === 'wait-timeout' ? 'wait-timeout ran out' : 'the settle-window closed'
  const empty = isPremature(latest) ? ` (two empty, undated reads agree only ${PREMATURE_SPAN_INTERVALS} poll-intervals apart)` : ''
  // An empty, undated first answer does not say which kind of scan it is: only a fresh enhanced scan gives it on AWS.
  const subject = isPremature(findings) ? 'the scan whose first answer was empty and undated' : 'the fresh enhanced scan'
  return {
    ...settledFindings,
    unsettled: {
      what:
        `The findings of ${subject} did not settle before ${cause} (${counts.length} read(s), ${extra} ` +
        `extra call(s); findings per read: ${history}).`,
      advice: `Raise ${plan.limitedBy}${empty}, or rerun the job; settle-window: 0 trusts ECR's first answer.`
    }
  }
}

/**
 * What a verdict on findings that never settled comes with: a warning when they fail the image (those read are real,
 * and more can only add to them), a ScanError when they would pass it, since findings still arriving cannot clear an
 * image (aws/aws-sdk#289's premature answer is an empty list).
 */
export function unsettledWarnings(findings: SettledFindings, verdict: Pick<Verdict, 'result'>): string[] {
  const unsettled = findings.unsettled
  if (!unsettled) return []
  if (verdict.result === 'pass') {
    throw new ScanError(
      `${unsettled.what} No finding read so far breaks the policy, but more may still be arriving, so the gate cannot pass the image. ${unsettled.advice}`
    )
  }
  return [`${unsettled.what} The findings read already break the policy; more may still be arriving. ${unsettled.advice}`]
}

/** The shape of the premature answer of aws/aws-sdk#289: no findings, no completion time. */
function isPremature(read: ScanFindings): boolean {
  return read.findings.length === 0 && epochMs(read.completedAt) === undefined
}

/** Notes each finding of a complete read under its identity, the later read's version winning. */
function remember(seen: Map<string, Finding>, findings: readonly Finding[]): void {
  for (const finding of findings) seen.set(findingIdentity(finding), finding)
}

/**
 * The last read plus every finding an earlier read had and it lacks. Findings arrive late, not early: one that a read
 * showed and a later one lost is an inconsistent listing, and deciding on the later read alone would pass an image
 * whose CRITICAL finding the gate saw.
 */
function withVanished(last: Finding[], seen: ReadonlyMap<string, Finding>, warn: (message: string) => void): Finding[] {
  const inLast = new Set(last.map(findingIdentity))
  const vanished = [...seen].filter(([key]) => !inLast.has(key)).map(([, finding]) => finding)
  if (vanished.length === 0) return last
  warn(
    `Settling: ${plural(vanished.length, 'finding')} that an earlier read of the fresh scan held ` +
      `${vanished.length === 1 ? 'is' : 'are'} missing from the last read (${listed(vanished.map((f) => oneLine(f.id, 80)), 10)}). ` +
      'ECR does not drop findings that fast, so the gate keeps them and decides on them too.'
  )
  return [...last, ...vanished]
}

/**
 * Decides whether this scan needs settling; undefined means the first read is final. Only evidence counts: a gate that
 * re-read every answer it could not date would double the calls for every image a test server or a proxy serves.
 */
function planSettling(scan: CompletedScan, findings: ScanFindings, options: SettleOptions, now: number): Plan | undefined {
  const window = options.settleWindowMs
  if (!(window > 0)) return undefined
  let why: string
  if (findings.findings.length === 0) {
    // The premature answer of aws/aws-sdk#289 is an empty list with no counts and no timestamps; a scan that did
    // complete says when, so an empty answer that carries a completion time is a clean image.
    if (!isPremature(findings)) {
      core.debug('Settling: not needed, the scan completed with no findings.')
      return undefined
    }
    why = 'the answer is an empty list with no completion time, the shape of the premature answer'
  } else {
    if (!findings.findings.some((finding) => finding.kind === 'enhanced')) {
      core.debug('Settling: not needed for a basic scan.')
      return undefined
    }
    // The push dates the image's first scan; a recent completion on an old push is continuous scanning re-scanning an
    // image whose findings are long in place, so the completion time says nothing about freshness. Measured from the
    // run's start, so a scan that took minutes to finish during this run still counts as fresh.
    const pushedAt = findings.pushedAt
    if (pushedAt === undefined) {
      core.info('Settling: not needed, the enhanced findings carry no push time (pushedAt), so nothing says the image is fresh.')
      return undefined
    }
    const age = (options.startedAt ?? now) - pushedAt
    // A scan still running when the run began, of an image pushed within the hour, is a first scan that took long:
    // its findings may come late all the same. An older push seen unfinished is a sample's or a test's date.
    const slowFirstScan = scan.sawUnfinished && age < SLOW_SCAN_MS
    if (age >= window && !slowFirstScan) {
      core.info(
        `Settling: not needed, the image was pushed ${seconds(age)} s before this run began (settle-window ${seconds(window)} s).`
      )
      return undefined
    }
    why =
      age < window
        ? `the enhanced scan is fresh: the image was pushed ${seconds(Math.max(age, 0))} s before this run began`
        : `the enhanced scan of an image pushed ${seconds(age)} s before this run began finished during the run`
  }
  // Findings arrive after the scan reports done, so the window runs from now, when this run has seen it done.
  const windowEnd = now + window
  return options.deadline < windowEnd
    ? { until: options.deadline, limitedBy: 'wait-timeout', why }
    : { until: windowEnd, limitedBy: 'settle-window', why }
}

interface Reread {
  calls: number
  status: string
  /** Absent when the scan was not done, or changed during the read: agreement starts over. */
  findings?: ScanFindings
  /** wait-timeout ran out in the middle of the read: the gate decides on the last complete one. */
  timedOut?: boolean
  /** Why the read stopped: the scan changed under it. */
  changed?: string
}

/** One complete read from page one on, or just the status when the scan is not done at the moment. */
async function readAgain(
  client: ECRClient,
  target: ImageTarget,
  firstRead: DescribeImageScanFindingsCommandOutput,
  { deadline, requestTimeoutMs }: Pick<SettleOptions, 'deadline' | 'requestTimeoutMs'>,
  now: () => number
): Promise<Reread> {
  let firstPage
  const signal = deadlineSignal(deadline, requestTimeoutMs, now)
  try {
    firstPage = await describeScanFindings(client, target, undefined, signal)
  } catch (error) {
    if (isScanNotFound(error)) return { calls: 1, status: 'SCAN_NOT_FOUND' }
    if (isAborted(error, signal)) return { calls: 1, status: '', timedOut: true }
    throw explainAwsError(error, target, 'DescribeImageScanFindings')
  }
  // A tag moved to another image: agreeing reads of that one would be judged under the first image's digest, which
  // the outputs report (and a later step may deploy). Neither image has been read whole, so the gate cannot decide.
  if (namesAnotherImage(firstRead, firstPage)) {
    const [before, after] = [firstRead.imageId?.imageDigest ?? '', firstPage.imageId?.imageDigest ?? '']
    throw new ScanError(
      `While the findings of ${describeTarget(target)} were read again to settle, the tag moved from ${oneLine(before, 80)} to ` +
        `${oneLine(after, 80)}, so no image was read whole. Gate the digest (image-digest, or image with @sha256:) to judge one image.`
    )
  }
  const status = firstPage.imageScanStatus?.status ?? 'UNKNOWN'
  if (!DONE.has(status)) return { calls: 1, status }
  try {
    // readAllFindings explains its own failures.
    const findings = await readAllFindings(client, target, firstPage, { deadline, requestTimeoutMs, now })
    return { calls: findings.pages, status, findings }
  } catch (error) {
    if (error instanceof ScanChangedError) return { calls: error.pages, status, changed: error.message }
    if (error instanceof ReadTimeoutError) return { calls: error.pages, status, timedOut: true }
    throw error
  }
}

/**
 * What two reads must share to agree: each finding's identity and every field the policy decides on, as a sorted
 * multiset, so equal fingerprints also mean equal counts.
 */
function fingerprint(findings: Finding[]): string[] {
  return findings
    .map((f) =>
      [
        f.findingArn,
        f.kind,
        f.id,
        packagesKey(f),
        f.severity,
        f.inspectorStatus,
        f.fixAvailable,
        f.exploitAvailable,
        f.score ?? ''
      ].join('|')
    )
    .sort()
}

function sameFingerprint(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index])
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10)
}

function countHistory(counts: number[]): string {
  const shown = counts.length > 12 ? [...counts.slice(0, 3), '…', ...counts.slice(-8)] : counts
  return shown.join(' -> ')
}
