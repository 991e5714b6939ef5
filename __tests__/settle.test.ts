import { jest } from '@jest/globals'
import {
  DescribeImageScanFindingsCommand,
  type DescribeImageScanFindingsCommandInput,
  type DescribeImageScanFindingsCommandOutput,
  ECRClient,
  type EnhancedImageScanFinding,
  type ImageScanFinding
} from '@aws-sdk/client-ecr'
import { mockClient } from 'aws-sdk-client-mock'

const info = jest.fn<(message: string) => void>()
const warning = jest.fn<(message: string) => void>()
const debug = jest.fn<(message: string) => void>()
jest.unstable_mockModule('@actions/core', () => ({ info, warning, debug, notice: jest.fn(), error: jest.fn() }))

const { settleFindings, unsettledWarnings } = await import('../src/settle.js')
const { readAllFindings } = await import('../src/ecr.js')
const { ConfigurationError, ScanError } = await import('../src/errors.js')

const target = { repositoryName: 'app', imageTag: 'v1', region: 'us-east-1' }
const T0 = Date.parse('2026-03-01T12:00:00Z')
const MINUTE = 60_000
const DIGEST = `sha256:${'a'.repeat(64)}`
const MOVED_DIGEST = `sha256:${'d'.repeat(64)}`

interface Options {
  /** Findings per read: read i serves snapshot i (the last one repeats). */
  snapshots: (EnhancedImageScanFinding[] | ImageScanFinding[] | 'IN_PROGRESS' | 'SCAN_NOT_FOUND' | 'NO_STATUS' | 'ABORTED')[]
  basic?: boolean
  completedAt?: Date
  /** Leave enhancedFindings out of empty responses, as in aws/aws-sdk#289. */
  bare?: boolean
  /** Reads (0 = the first) whose page 2 says IN_PROGRESS: a rescan that starts while the pages are read. */
  rescanOnPage2?: number[]
  /** How far the clock moves with every call, to land a deadline in the middle of a read. */
  msPerCall?: number
  /** From this read on (0 = the first), the tag names another image. */
  tagMovesAtRead?: number
  /** From this read on, answers name the image by its tag alone, without the digest. */
  digestlessFromRead?: number
}

/** Enhanced findings of an image pushed at T0 (fresh) unless pushedAt says otherwise; null leaves the push time out. */
function enhanced(n: number, options: { pushedAt?: Date | null; severity?: string; from?: number } = {}): EnhancedImageScanFinding[] {
  const pushedAt = options.pushedAt === undefined ? new Date(T0) : options.pushedAt
  return Array.from({ length: n }, (_, k) => {
    const i = k + (options.from ?? 0)
    return {
      findingArn: `arn:aws:inspector2:us-east-1:123456789012:finding/${i}`,
      severity: options.severity ?? 'HIGH',
      status: 'ACTIVE',
      title: `CVE-2026-${1000 + i} - pkg${i}`,
      packageVulnerabilityDetails: {
        vulnerabilityId: `CVE-2026-${1000 + i}`,
        vulnerablePackages: [{ name: `pkg${i}`, version: '1.0' }]
      },
      resources: pushedAt
        ? [{ details: { awsEcrContainerImage: { pushedAt } }, id: 'image', type: 'AWS_ECR_CONTAINER_IMAGE' }]
        : [],
      fixAvailable: 'YES'
    } as EnhancedImageScanFinding
  })
}

function basic(n: number): ImageScanFinding[] {
  return Array.from({ length: n }, (_, i) => ({ name: `CVE-2025-${i}`, severity: 'MEDIUM', attributes: [] }))
}

/**
 * A scripted ECR: every read that starts from page one moves on to the next snapshot; pages hold 100 enhanced or
 * 1000 basic findings, as the real service serves them. The clock only moves when the code under test sleeps.
 */
function fakeEcr(options: Options) {
  const client = new ECRClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } })
  const mock = mockClient(client)
  let read = -1
  const clock = { t: T0 }
  const sleeps: number[] = []
  const pageSize = options.basic ? 1000 : 100

  const respond = (input: DescribeImageScanFindingsCommandInput): DescribeImageScanFindingsCommandOutput => {
    const [, offsetText] = (input.nextToken ?? '').split(':')
    if (input.nextToken === undefined) read++
    clock.t += options.msPerCall ?? 0
    const snapshot = options.snapshots[Math.min(read, options.snapshots.length - 1)] ?? []
    const moved = options.tagMovesAtRead !== undefined && read >= options.tagMovesAtRead
    const digestless = options.digestlessFromRead !== undefined && read >= options.digestlessFromRead
    const base = { $metadata: {}, repositoryName: 'app', imageId: digestless ? { imageTag: 'v1' } : { imageTag: 'v1', imageDigest: moved ? MOVED_DIGEST : DIGEST } }
    if (snapshot === 'IN_PROGRESS') return { ...base, imageScanStatus: { status: 'IN_PROGRESS' } }
    // A scan gone for a moment, or an answer without a status: neither is a read that agrees or disagrees.
    if (snapshot === 'SCAN_NOT_FOUND') throw Object.assign(new Error('no scan'), { name: 'ScanNotFoundException' })
    // A request cut off at the deadline (its abort signal fired).
    if (snapshot === 'ABORTED') throw Object.assign(new Error('This operation was aborted'), { name: 'AbortError' })
    if (snapshot === 'NO_STATUS') return base
    if (input.nextToken !== undefined && options.rescanOnPage2?.includes(read)) {
      return { ...base, imageScanStatus: { status: 'IN_PROGRESS' } }
    }
    const offset = Number(offsetText ?? 0)
    const items = snapshot.slice(offset, offset + pageSize)
    const next = offset + pageSize < snapshot.length ? `${read}:${offset + pageSize}` : undefined
    const body =
      options.basic || (options.bare && items.length === 0)
        ? { findings: items as ImageScanFinding[] }
        : { findings: [], enhancedFindings: items as EnhancedImageScanFinding[] }
    return {
      ...base,
      imageScanStatus: { status: options.basic ? 'COMPLETE' : 'ACTIVE' },
      imageScanFindings: { ...body, imageScanCompletedAt: options.completedAt },
      nextToken: next
    }
  }
  mock.on(DescribeImageScanFindingsCommand).callsFake(async (input: DescribeImageScanFindingsCommandInput) => respond(input))

  return {
    client,
    clock,
    sleeps,
    /** DescribeImageScanFindings calls the mock answered (page one of the first read came from the wait, not here). */
    calls: () => mock.commandCalls(DescribeImageScanFindingsCommand).length,
    now: () => clock.t,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      clock.t += ms
    },
    /** What main does before settling: the wait's response, then readAllFindings from it. */
    async firstRead(sawUnfinished = false) {
      const firstPage = respond({ repositoryName: 'app', imageId: { imageTag: 'v1' } })
      const scan = { firstPage, status: firstPage.imageScanStatus?.status ?? '', sawUnfinished }
      return { scan, findings: await readAllFindings(client, target, firstPage) }
    }
  }
}

function settle(
  ecr: ReturnType<typeof fakeEcr>,
  first: Awaited<ReturnType<ReturnType<typeof fakeEcr>['firstRead']>>,
  overrides: { settleWindowMs?: number; deadline?: number; startedAt?: number; warnings?: string[] } = {}
) {
  return settleFindings(ecr.client, target, first.scan, first.findings, {
    deadline: overrides.deadline ?? T0 + 10 * MINUTE,
    settleWindowMs: overrides.settleWindowMs ?? 5 * MINUTE,
    startedAt: overrides.startedAt,
    warnings: overrides.warnings,
    pollIntervalMs: 5000,
    now: ecr.now,
    sleep: ecr.sleep
  })
}

beforeEach(() => {
  info.mockClear()
  warning.mockClear()
  debug.mockClear()
})

describe('settleFindings leaves the first read alone, with no extra call', () => {
  test('a basic scan, even one completed just now', async () => {
    const ecr = fakeEcr({ basic: true, snapshots: [basic(1500), basic(1600)], completedAt: new Date(T0) })
    const first = await ecr.firstRead()
    const before = ecr.calls()
    const result = await settle(ecr, first)
    expect(result).toBe(first.findings)
    expect(result.findings).toHaveLength(1500)
    expect(ecr.calls()).toBe(before)
    expect(ecr.sleeps).toEqual([])
    expect(warning).not.toHaveBeenCalled()
  })

  test('an enhanced scan of an image pushed long ago', async () => {
    const pushedAt = new Date(T0 - 120 * MINUTE)
    const ecr = fakeEcr({ snapshots: [enhanced(5, { pushedAt }), enhanced(7, { pushedAt })], completedAt: pushedAt })
    const first = await ecr.firstRead()
    const result = await settle(ecr, first)
    expect(result).toBe(first.findings)
    expect(ecr.calls()).toBe(0)
    expect(ecr.sleeps).toEqual([])
    expect(info.mock.calls.join('\n')).toMatch(/not needed, the image was pushed 7200 s before this run began/)
    expect(warning).not.toHaveBeenCalled()
  })

  test('an image pushed exactly settle-window before the run is no longer fresh; a second later than that it is', async () => {
    for (const [ageMs, calls] of [[5 * MINUTE, 0], [5 * MINUTE - 1000, 1]] as const) {
      const pushedAt = new Date(T0 - ageMs)
      const ecr = fakeEcr({ snapshots: [enhanced(2, { pushedAt }), enhanced(2, { pushedAt })] })
      await settle(ecr, await ecr.firstRead(), { startedAt: T0 })
      expect(ecr.calls()).toBe(calls)
    }
  })

  test('an old image that continuous scanning rescanned a minute ago (the push dates the image)', async () => {
    const pushedAt = new Date(T0 - 3 * 24 * 60 * MINUTE)
    const ecr = fakeEcr({ snapshots: [enhanced(5, { pushedAt }), enhanced(7, { pushedAt })], completedAt: new Date(T0 - MINUTE) })
    const first = await ecr.firstRead()
    expect(await settle(ecr, first)).toBe(first.findings)
    expect(ecr.calls()).toBe(0)
  })

  test('enhanced findings with no push time (as moto or a test server serves them): nothing says the image is fresh', async () => {
    const ecr = fakeEcr({ snapshots: [enhanced(3, { pushedAt: null }), enhanced(5, { pushedAt: null })] })
    const first = await ecr.firstRead()
    const result = await settle(ecr, first)
    expect(result).toBe(first.findings)
    expect(ecr.calls()).toBe(0)
    expect(info.mock.calls.join('\n')).toMatch(/not needed, the enhanced findings carry no push time/)
  })

  test('an empty answer that says when the scan completed is a clean image, not the premature answer', async () => {
    const ecr = fakeEcr({ bare: true, snapshots: [[], enhanced(2)], completedAt: new Date(T0) })
    const first = await ecr.firstRead()
    expect(await settle(ecr, first)).toBe(first.findings)
    expect(ecr.calls()).toBe(0)
  })

  test('settle-window 0, even for a fresh enhanced scan', async () => {
    const pushedAt = new Date(T0)
    const ecr = fakeEcr({ snapshots: [enhanced(3, { pushedAt }), enhanced(5, { pushedAt })] })
    const first = await ecr.firstRead()
    const result = await settle(ecr, first, { settleWindowMs: 0 })
    expect(result).toBe(first.findings)
    expect(result.findings).toHaveLength(3)
    expect(ecr.calls()).toBe(0)
    expect(ecr.sleeps).toEqual([])
    expect(warning).not.toHaveBeenCalled()
  })

  test('settle-window 0, even for the premature empty answer of aws/aws-sdk#289', async () => {
    const ecr = fakeEcr({ bare: true, snapshots: [[], enhanced(2)] })
    const first = await ecr.firstRead()
    expect(await settle(ecr, first, { settleWindowMs: 0 })).toBe(first.findings)
    expect(ecr.calls()).toBe(0)
    expect(warning).not.toHaveBeenCalled()
  })
})

describe('settleFindings re-reads a fresh enhanced scan until two reads agree', () => {
  test('findings growing 0 -> 3 -> 5 -> 5 end as the 5 once two reads agree', async () => {
    const ecr = fakeEcr({ snapshots: [[], enhanced(3), enhanced(5), enhanced(5), enhanced(9)] })
    const first = await ecr.firstRead()
    const result = await settle(ecr, first)
    expect(result.findings.map((f) => f.id)).toEqual(['CVE-2026-1000', 'CVE-2026-1001', 'CVE-2026-1002', 'CVE-2026-1003', 'CVE-2026-1004'])
    expect(ecr.calls()).toBe(3) // three re-reads of one page each; the fifth snapshot is never asked for
    expect(result.pages).toBe(4)
    expect(ecr.sleeps).toEqual([5000, 7500, 11250]) // backs off like the wait
    expect(warning).not.toHaveBeenCalled()
    expect(info.mock.calls.join('\n')).toMatch(/done after 4 reads .*3 extra call\(s\).*0 -> 3 -> 5 -> 5/)
  })

  test('a tag that moves to another image while settling ends undecided: no image was read whole', async () => {
    // The first read's CRITICAL image, then a clean one under the same tag: deciding on the clean reads would pass
    // the first image's digest, which the outputs report.
    const ecr = fakeEcr({ snapshots: [enhanced(1, { severity: 'CRITICAL' }), enhanced(0), enhanced(0)], tagMovesAtRead: 1 })
    const first = await ecr.firstRead()
    await expect(settle(ecr, first)).rejects.toThrow(
      /^While the findings of app:v1 .* were read again to settle, the tag moved from sha256:a{64} to sha256:d{64}, so no image was read whole\. Gate the digest/
    )
  })

  test('the premature empty COMPLETE of aws/aws-sdk#289 (no timestamps, no enhancedFindings key) is read again', async () => {
    const ecr = fakeEcr({ bare: true, snapshots: [[], enhanced(2), enhanced(2)] })
    const first = await ecr.firstRead()
    expect(first.findings.findings).toHaveLength(0)
    const result = await settle(ecr, first)
    expect(result.findings).toHaveLength(2)
    expect(ecr.calls()).toBe(2)
  })

  test('a scan that took minutes to finish during this run: fresh by the push time when the run began', async () => {
    const startedAt = T0 - 6 * MINUTE
    const slow = fakeEcr({ snapshots: [enhanced(2, { pushedAt: new Date(startedAt - 30_000) }), enhanced(3, { pushedAt: new Date(startedAt - 30_000) })] })
    const result = await settle(slow, await slow.firstRead(), { startedAt })
    expect(result.findings).toHaveLength(3)
    expect(info.mock.calls.join('\n')).toMatch(/the image was pushed 30 s before this run began/)
    const old = fakeEcr({ snapshots: [enhanced(2, { pushedAt: new Date(startedAt - 6 * MINUTE) }), enhanced(3)] })
    const first = await old.firstRead()
    expect(await settle(old, first, { startedAt })).toBe(first.findings)
    expect(old.calls()).toBe(0)
  })

  test('premature answers that repeat (aws/aws-sdk#289 lasted some 25 s) do not agree until 6 poll-intervals in', async () => {
    const ecr = fakeEcr({ bare: true, snapshots: [[], [], [], enhanced(3), enhanced(3)] })
    const first = await ecr.firstRead()
    const result = await settle(ecr, first)
    expect(result.findings).toHaveLength(3)
    expect(ecr.sleeps).toEqual([5000, 7500, 11250, 16875])
    expect(info.mock.calls.join('\n')).toMatch(/findings per read: 0 -> 0 -> 0 -> 3 -> 3/)
  })

  test('a first scan that took long, seen running by this run: settled if pushed within the hour before the run', async () => {
    const startedAt = T0 - 12 * MINUTE
    const slow = (pushedAt: number) => fakeEcr({ snapshots: [enhanced(2, { pushedAt: new Date(pushedAt) }), enhanced(3, { pushedAt: new Date(pushedAt) })] })
    for (const minutes of [10, 45]) {
      const seenRunning = slow(startedAt - minutes * MINUTE)
      const result = await settle(seenRunning, await seenRunning.firstRead(true), { startedAt })
      expect(result.findings).toHaveLength(3)
      expect(info.mock.calls.join('\n')).toMatch(new RegExp(`image pushed ${minutes * 60} s before this run began finished during the run`))
    }
    for (const [pushedAt, sawUnfinished] of [[startedAt - 10 * MINUTE, false], [startedAt - 2 * 60 * MINUTE, true]] as const) {
      const ecr = slow(pushedAt)
      const first = await ecr.firstRead(sawUnfinished)
      expect(await settle(ecr, first, { startedAt })).toBe(first.findings)
      expect(ecr.calls()).toBe(0)
    }
  })

  test('an image pushed two minutes ago is fresh', async () => {
    const pushedAt = new Date(T0 - 2 * MINUTE)
    const ecr = fakeEcr({ snapshots: [enhanced(4, { pushedAt }), enhanced(4, { pushedAt })] })
    const first = await ecr.firstRead()
    const result = await settle(ecr, first)
    expect(result.findings).toHaveLength(4)
    expect(ecr.calls()).toBe(1)
    expect(ecr.sleeps).toEqual([5000])
  })

  test('a severity that changes between reads is not agreement, even with the same findings', async () => {
    const ecr = fakeEcr({
      snapshots: [enhanced(2, { severity: 'UNTRIAGED' }), enhanced(2, { severity: 'CRITICAL' }), enhanced(2, { severity: 'CRITICAL' })]
    })
    const first = await ecr.firstRead()
    const result = await settle(ecr, first)
    expect(result.findings.map((f) => f.severity)).toEqual(['CRITICAL', 'CRITICAL'])
    expect(ecr.calls()).toBe(2)
  })

  test.each<[string, Partial<EnhancedImageScanFinding>]>([
    ['fix availability', { fixAvailable: 'NO' }],
    ['exploit availability', { exploitAvailable: 'YES' }],
    ['Inspector status', { status: 'SUPPRESSED' }],
    ['score', { score: 9.8 }],
    ['package version', { packageVulnerabilityDetails: { vulnerabilityId: 'CVE-2026-1000', vulnerablePackages: [{ name: 'pkg0', version: '2.0' }] } }]
  ])('a %s that changes between reads is not agreement', async (_, change) => {
    const changed = enhanced(1).map((finding) => ({ ...finding, ...change }))
    const ecr = fakeEcr({ snapshots: [enhanced(1), changed, changed] })
    const result = await settle(ecr, await ecr.firstRead())
    expect(result.findings).toHaveLength(1)
    expect(ecr.calls()).toBe(2)
  })

  test('the same count with different findings is not agreement', async () => {
    const ecr = fakeEcr({ snapshots: [enhanced(3), enhanced(3, { from: 10 }), enhanced(3, { from: 10 })] })
    const first = await ecr.firstRead()
    const result = await settle(ecr, first)
    expect(result.findings[0]?.id).toBe('CVE-2026-1010')
    expect(ecr.calls()).toBe(2)
  })

  test.each(['SCAN_NOT_FOUND', 'NO_STATUS'] as const)('a re-read that finds %s does not count, and is no error', async (answer) => {
    const ecr = fakeEcr({ snapshots: [enhanced(2), answer, enhanced(2), enhanced(2)] })
    const result = await settle(ecr, await ecr.firstRead())
    expect(result.findings).toHaveLength(2)
    expect(result.unsettled).toBeUndefined()
    expect(ecr.calls()).toBe(3)
    // Each call counts, the one that found no scan too (page one of the first read came with the wait).
    expect(result.pages).toBe(ecr.calls() + 1)
  })

  test('the same findings in another order agree: settled after one re-read', async () => {
    const [a, b] = enhanced(2)
    const ecr = fakeEcr({ snapshots: [[a!, b!], [b!, a!]] })
    const result = await settle(ecr, await ecr.firstRead())
    expect(result.unsettled).toBeUndefined()
    expect(ecr.calls()).toBe(1)
  })

  test('a re-read that names the image by its tag alone is no sign the tag moved', async () => {
    const ecr = fakeEcr({ snapshots: [enhanced(2), enhanced(3)], digestlessFromRead: 1 })
    const result = await settle(ecr, await ecr.firstRead())
    expect(result.unsettled).toBeUndefined()
    expect(result.findings).toHaveLength(3)
  })

  test('a read that finds the scan in progress again does not count: agreement starts over', async () => {
    // The read after the rescan matches the one before it by chance; only two reads after it may agree.
    const ecr = fakeEcr({ snapshots: [enhanced(5), 'IN_PROGRESS', enhanced(5), enhanced(6), enhanced(6)] })
    const first = await ecr.firstRead()
    const result = await settle(ecr, first)
    expect(result.findings).toHaveLength(6)
    expect(ecr.calls()).toBe(4) // the in-progress poll costs one call and reads no further
    expect(result.pages).toBe(5)
    expect(info.mock.calls.join('\n')).toMatch(/now reports scan status IN_PROGRESS/)
  })

  test('a rescan that starts in the middle of a re-read is no read at all: agreement starts over', async () => {
    const ecr = fakeEcr({ snapshots: [enhanced(150), enhanced(150), enhanced(150), enhanced(150)], rescanOnPage2: [1] })
    const first = await ecr.firstRead()
    const result = await settle(ecr, first)
    expect(result.findings).toHaveLength(150)
    // Read 1 stopped at its page 2; reads 2 and 3 agree (2 pages each).
    expect(ecr.calls()).toBe(1 + 2 + 2 + 2)
    expect(info.mock.calls.join('\n')).toMatch(/Settling: While page 2 of the findings was read, the scan's status became IN_PROGRESS\. Reading again\./)
    expect(info.mock.calls.join('\n')).toMatch(/Settling: done after 3 reads/)
  })

  test('multi-page: 250 enhanced findings are 3 pages a read, and pages counts every call after the scan was done', async () => {
    const ecr = fakeEcr({ snapshots: [enhanced(240), enhanced(250), enhanced(250)] })
    const first = await ecr.firstRead()
    expect(first.findings.pages).toBe(3)
    const before = ecr.calls()
    expect(before).toBe(2) // pages 2 and 3 of the first read; page one came with the wait
    const result = await settle(ecr, first)
    expect(result.findings).toHaveLength(250)
    expect(new Set(result.findings.map((f) => f.findingArn)).size).toBe(250)
    expect(ecr.calls() - before).toBe(6) // two re-reads of 3 pages
    expect(result.pages).toBe(9)
    expect(result.pages).toBe(ecr.calls() + 1)
  })
})

describe('settleFindings never drops a finding a read showed', () => {
  test('a CRITICAL finding that later reads lose is kept, with a warning naming it', async () => {
    const ecr = fakeEcr({ snapshots: [enhanced(1, { severity: 'CRITICAL', from: 7 }), [], []] })
    const first = await ecr.firstRead()
    const result = await settle(ecr, first)
    // The empty, undated reads are the premature shape: they agree only 30 s (6 poll-intervals) in.
    expect(ecr.calls()).toBe(4)
    expect(result.findings.map((f) => [f.id, f.severity])).toEqual([['CVE-2026-1007', 'CRITICAL']])
    expect(warning).toHaveBeenCalledTimes(1)
    expect(warning.mock.calls[0]?.[0]).toMatch(/1 finding that an earlier read .* is missing from the last read \(CVE-2026-1007\)\. .*keeps them/)
  })

  const [low7] = enhanced(1, { severity: 'LOW', from: 7 })
  const [critical7] = enhanced(1, { severity: 'CRITICAL', from: 7 })
  const [critical8] = enhanced(1, { severity: 'CRITICAL', from: 8 })
  const inPackage = (f: EnhancedImageScanFinding, name: string, severity: string) =>
    ({ ...f, severity, packageVulnerabilityDetails: { ...f.packageVulnerabilityDetails, vulnerablePackages: [{ name, version: '1.0' }] } }) as EnhancedImageScanFinding
  const { findingArn: _, ...high3WithoutArn } = enhanced(1, { from: 3 })[0]!
  const lowUnderCriticalArn = { ...enhanced(1, { severity: 'LOW', from: 8 })[0]!, findingArn: critical7!.findingArn }
  test.each<[string, EnhancedImageScanFinding[][], string[], string]>([
    ['a CRITICAL finding only a re-read showed (not the first read)', [[low7!], [low7!, critical8!], [low7!], [low7!]], ['CVE-2026-1007 pkg7 LOW', 'CVE-2026-1008 pkg8 CRITICAL'], 'CVE-2026-1008'],
    [
      'without an ARN, the vulnerability in a second package',
      [[high3WithoutArn, inPackage(high3WithoutArn, 'pkgB', 'CRITICAL')], [high3WithoutArn], [high3WithoutArn]],
      ['CVE-2026-1003 pkg3 HIGH', 'CVE-2026-1003 pkgB CRITICAL'],
      'CVE-2026-1003'
    ],
    ['a CRITICAL finding whose ARN a later read gives to another vulnerability', [[critical7!], [lowUnderCriticalArn], [lowUnderCriticalArn]], ['CVE-2026-1008 pkg8 LOW', 'CVE-2026-1007 pkg7 CRITICAL'], 'CVE-2026-1007'],
    [
      'a CRITICAL finding that shares its ARN and vulnerability with another package',
      [[low7!, inPackage(low7!, 'zlib', 'CRITICAL')], [low7!], [low7!]],
      ['CVE-2026-1007 pkg7 LOW', 'CVE-2026-1007 zlib CRITICAL'],
      'CVE-2026-1007'
    ]
  ])('%s is kept when the last reads lose it, with a warning naming it', async (_, snapshots, expected, lost) => {
    const ecr = fakeEcr({ snapshots })
    const result = await settle(ecr, await ecr.firstRead())
    expect(result.findings.map((f) => `${f.id} ${f.packageName} ${f.severity}`)).toEqual(expected)
    expect(warning).toHaveBeenCalledTimes(1)
    expect(warning.mock.calls[0]?.[0]).toMatch(new RegExp(`missing from the last read \\(${lost}\\)`))
  })

  test('flapping reads (2, 1, 2, 1, 1) end with both findings, the last read first', async () => {
    const ecr = fakeEcr({ snapshots: [enhanced(2), enhanced(1), enhanced(2), enhanced(1), enhanced(1)] })
    const first = await ecr.firstRead()
    const result = await settle(ecr, first)
    expect(ecr.calls()).toBe(4)
    expect(result.findings.map((f) => f.id)).toEqual(['CVE-2026-1000', 'CVE-2026-1001'])
    expect(warning.mock.calls.join('\n')).toMatch(/1 finding that an earlier read/)
  })

  test('a finding whose package version changed between reads (the same ARN) is the later version, not two findings', async () => {
    const updated = enhanced(1).map((finding) => ({
      ...finding,
      packageVulnerabilityDetails: { ...finding.packageVulnerabilityDetails, vulnerablePackages: [{ name: 'pkg0', version: '2.0' }] }
    })) as EnhancedImageScanFinding[]
    const ecr = fakeEcr({ snapshots: [enhanced(1), updated, updated] })
    const result = await settle(ecr, await ecr.firstRead())
    expect(result.findings.map((f) => f.packageVersion)).toEqual(['2.0'])
    expect(warning).not.toHaveBeenCalled()
  })

  test('a finding whose severity changed between reads is the later version, not two findings', async () => {
    const ecr = fakeEcr({ snapshots: [enhanced(1, { severity: 'UNTRIAGED' }), enhanced(1, { severity: 'HIGH' }), enhanced(1, { severity: 'HIGH' })] })
    const first = await ecr.firstRead()
    const result = await settle(ecr, first)
    expect(result.findings.map((f) => f.severity)).toEqual(['HIGH'])
    expect(warning).not.toHaveBeenCalled()
  })
})

describe('settleFindings stops at its bounds with the latest read, marked unsettled', () => {
  test('wait-timeout reached mid-settle', async () => {
    const growing = Array.from({ length: 50 }, (_, i) => enhanced(i + 1))
    const ecr = fakeEcr({ snapshots: growing })
    const first = await ecr.firstRead()
    const deadline = T0 + 30_000
    const result = await settle(ecr, first, { deadline })
    // Sleeps 5, 7.5, 11.25 then the 6.25 s left: four re-reads, the last one at the deadline and none after it.
    expect(ecr.sleeps).toEqual([5000, 7500, 11250, 6250])
    expect(ecr.clock.t).toBe(deadline)
    expect(result.findings).toHaveLength(5)
    expect(result.pages).toBe(5)
    expect(warning).not.toHaveBeenCalled()
    expect(result.unsettled?.what).toMatch(/^The findings of the fresh enhanced scan did not settle before wait-timeout ran out .*1 -> 2 -> 3 -> 4 -> 5/)
    expect(result.unsettled?.advice).toMatch(/^Raise wait-timeout, or rerun the job/)
  })

  test('wait-timeout reached in the middle of a re-read: the last complete read, unsettled', async () => {
    const ecr = fakeEcr({ snapshots: [enhanced(250), enhanced(260)], msPerCall: 2000 })
    const first = await ecr.firstRead()
    expect(ecr.clock.t).toBe(T0 + 6000)
    // After a 5 s sleep the re-read starts at 11 s: page 1 at 13 s, page 2 at 15 s, and no page 3 past the deadline.
    const result = await settle(ecr, first, { deadline: T0 + 13_000 })
    expect(result.findings).toHaveLength(250)
    expect(result.unsettled?.what).toMatch(/did not settle before wait-timeout ran out/)
  })

  test('a re-read cut off at the deadline before its first page: the last complete read, unsettled, the call counted', async () => {
    const ecr = fakeEcr({ snapshots: [enhanced(2), 'ABORTED'] })
    const first = await ecr.firstRead()
    const result = await settle(ecr, first, { deadline: T0 + 5000 })
    expect(result.findings).toHaveLength(2)
    expect(result.unsettled?.what).toMatch(/did not settle before wait-timeout ran out/)
    expect(result.pages).toBe(first.findings.pages + ecr.calls())
  })

  test('no time left after the wait: no extra call, the first read, unsettled', async () => {
    const ecr = fakeEcr({ snapshots: [enhanced(3), enhanced(4)] })
    const first = await ecr.firstRead()
    const result = await settle(ecr, first, { deadline: T0 })
    expect(result.findings).toHaveLength(3)
    expect(ecr.calls()).toBe(0)
    expect(result.unsettled?.what).toMatch(/did not settle/)
  })

  test('the settle-window closes before wait-timeout: stop settle-window after the scan was seen done', async () => {
    const pushedAt = new Date(T0 - 290_000)
    const growing = Array.from({ length: 50 }, (_, i) => enhanced(i + 1, { pushedAt }))
    const ecr = fakeEcr({ snapshots: growing })
    const first = await ecr.firstRead()
    const result = await settle(ecr, first, { deadline: T0 + 20 * MINUTE })
    expect(ecr.clock.t).toBe(T0 + 300_000)
    expect(result.findings).toHaveLength(ecr.sleeps.length + 1)
    expect(result.unsettled?.what).toMatch(/settle-window closed/)
    expect(result.unsettled?.advice).toMatch(/^Raise settle-window,/)
  })

  test('the premature answer still empty at wait-timeout (aws/aws-sdk#289): unsettled, and the gate cannot pass on it', async () => {
    const ecr = fakeEcr({ bare: true, snapshots: [[], [], [], [], enhanced(3)] })
    const first = await ecr.firstRead()
    // 12.5 s of settling: two empty reads, too close together to agree on the premature shape.
    const result = await settle(ecr, first, { deadline: T0 + 12_500 })
    expect(result.findings).toEqual([])
    // Such an answer names no kind of scan: the message does not call it enhanced.
    expect(result.unsettled?.what).toMatch(/^The findings of the scan whose first answer was empty and undated did not settle/)
    expect(result.unsettled?.advice).toMatch(/^Raise wait-timeout \(two empty, undated reads agree only 6 poll-intervals apart\)/)
    const error = (() => {
      try {
        return unsettledWarnings(result, { result: 'pass' })
      } catch (e: unknown) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(ScanError)
    expect((error as Error).message).toMatch(/did not settle before wait-timeout ran out.*cannot pass the image\. Raise wait-timeout/)
  })

  test('unsettled findings that already fail the image: the fail stands, with a warning that more may come', () => {
    const unsettled = { what: 'The findings did not settle (2 reads).', advice: 'Raise settle-window.' }
    const findings = { findings: [], pages: 2, severityCounts: {}, completedAt: undefined, vulnerabilitySourceUpdatedAt: undefined, imageDigest: DIGEST }
    expect(unsettledWarnings({ ...findings, unsettled }, { result: 'fail' })).toEqual([
      'The findings did not settle (2 reads). The findings read already break the policy; more may still be arriving. Raise settle-window.'
    ])
    expect(unsettledWarnings(findings, { result: 'pass' })).toEqual([])
  })

  test('warnings go to the sink the caller gives (the report), not straight to the log', async () => {
    const ecr = fakeEcr({ snapshots: [enhanced(1, { severity: 'CRITICAL' }), [], []] })
    const first = await ecr.firstRead()
    const warnings: string[] = []
    await settle(ecr, first, { warnings })
    expect(warnings).toEqual([expect.stringMatching(/missing from the last read/)])
    expect(warning).not.toHaveBeenCalled()
  })

  test('a re-read that ECR refuses fails with a message naming the IAM action, not a silent pass', async () => {
    const ecr = fakeEcr({ snapshots: [[], enhanced(3)] })
    const first = await ecr.firstRead()
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' })
    mockClient(ecr.client).on(DescribeImageScanFindingsCommand).rejects(denied)
    const error = await settle(ecr, first).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigurationError)
    expect((error as Error).message).toMatch(/ecr:DescribeImageScanFindings/)
  })
})
