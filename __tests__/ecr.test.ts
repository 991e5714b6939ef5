import { DescribeImageScanFindingsCommand, type DescribeImageScanFindingsCommandOutput, ECRClient, type FindingSeverity } from '@aws-sdk/client-ecr'
import { jest } from '@jest/globals'
import { mockClient } from 'aws-sdk-client-mock'
import { ReadTimeoutError, ScanChangedError, createEcrClient, readAllFindings, severityCountMismatch } from '../src/ecr.js'
import { ScanError } from '../src/errors.js'

const ecr = mockClient(ECRClient)
const client = new ECRClient({ region: 'us-east-1' })
const target = { repositoryName: 'app', imageTag: 'v1', region: 'us-east-1' }

const basic = (i: number) => ({ name: `CVE-2026-${i}`, severity: 'HIGH' as FindingSeverity, attributes: [{ key: 'package_name', value: `pkg${i}` }] })
const enhanced = (i: number) => ({
  severity: 'CRITICAL',
  status: 'ACTIVE',
  packageVulnerabilityDetails: { vulnerabilityId: `CVE-2025-${i}`, vulnerablePackages: [{ name: `lib${i}`, version: '1' }] }
})

beforeEach(() => ecr.reset())

test('reads every page after the first, reusing the page the wait already holds', async () => {
  const firstPage = {
    $metadata: {},
    imageScanStatus: { status: 'COMPLETE' as const },
    imageScanFindings: { findings: [basic(1), basic(2)], findingSeverityCounts: { HIGH: 3, CRITICAL: 2 } },
    nextToken: 't1'
  }
  ecr
    .on(DescribeImageScanFindingsCommand, { nextToken: 't1' })
    .resolves({ imageScanFindings: { findings: [basic(3)], enhancedFindings: [enhanced(1)] }, nextToken: 't2' })
    .on(DescribeImageScanFindingsCommand, { nextToken: 't2' })
    .resolves({ imageScanFindings: { findings: [], enhancedFindings: [enhanced(2)] } })
  const scan = await readAllFindings(client, target, firstPage)
  expect(scan.pages).toBe(3)
  expect(scan.findings.map((f) => `${f.kind}:${f.id}`)).toEqual([
    'basic:CVE-2026-1',
    'basic:CVE-2026-2',
    'basic:CVE-2026-3',
    'enhanced:CVE-2025-1',
    'enhanced:CVE-2025-2'
  ])
  const calls = ecr.commandCalls(DescribeImageScanFindingsCommand).map((c) => c.args[0].input)
  expect(calls).toHaveLength(2)
  expect(calls.every((input) => input.maxResults === 1000)).toBe(true)
  expect(severityCountMismatch(scan)).toBeUndefined()
})

test('the next page is on its way before this one is normalised, not once the normalising is done', async () => {
  // Like the SDK, this client does its work on a request (build, sign, write) in promise callbacks: a chain of them.
  const written: string[] = []
  const pages: Record<string, DescribeImageScanFindingsCommandOutput> = {}
  const sendLike = async (token: string): Promise<DescribeImageScanFindingsCommandOutput> => {
    for (let step = 0; step < 100; step++) await Promise.resolve()
    written.push(token)
    return pages[token] as DescribeImageScanFindingsCommandOutput
  }
  const seenWhenNormalised: string[][] = []
  // fromBasic reads each finding's name first: the moment this page is normalised.
  const watched = (i: number) => ({
    ...basic(i),
    get name() {
      seenWhenNormalised.push([...written])
      return `CVE-2026-${i}`
    }
  })
  pages.t1 = { $metadata: {}, imageScanFindings: { findings: [watched(2)] }, nextToken: 't2' }
  pages.t2 = { $metadata: {}, imageScanFindings: { findings: [watched(3)] } }
  const fake = { send: (command: DescribeImageScanFindingsCommand) => sendLike(command.input.nextToken ?? '') }
  const first = { $metadata: {}, imageScanFindings: { findings: [watched(1)] }, nextToken: 't1' }
  const scan = await readAllFindings(fake as unknown as ECRClient, target, first)
  expect(scan.findings.map((finding) => finding.id)).toEqual(['CVE-2026-1', 'CVE-2026-2', 'CVE-2026-3'])
  // Page one is normalised once the request for t1 is written, page two once t2's is; the last has nothing after it.
  expect(seenWhenNormalised).toEqual([['t1'], ['t1', 't2'], ['t1', 't2']])
})

test("onFindings hears each page's findings once the next page is asked for, and never the last page's", async () => {
  const written: string[] = []
  const pages: Record<string, DescribeImageScanFindingsCommandOutput> = {
    t1: { $metadata: {}, imageScanFindings: { findings: [basic(3)], enhancedFindings: [enhanced(1)] }, nextToken: 't2' },
    t2: { $metadata: {}, imageScanFindings: { findings: [basic(4)] } }
  }
  const fake = {
    send: async (command: DescribeImageScanFindingsCommand) => {
      written.push(command.input.nextToken ?? '')
      return pages[command.input.nextToken ?? ''] as DescribeImageScanFindingsCommandOutput
    }
  }
  const heard: [string[], number | undefined, number, string[]][] = []
  const first = {
    $metadata: {},
    imageScanFindings: { findings: [basic(1), basic(2)], findingSeverityCounts: { HIGH: 4, CRITICAL: 1, LOW: 'x' as unknown as number, MEDIUM: -3 } },
    nextToken: 't1'
  }
  await readAllFindings(fake as unknown as ECRClient, target, first, {
    onFindings: (found, announced, page) => heard.push([found.map((f) => f.id), announced, page, [...written]])
  })
  expect(heard).toEqual([
    [['CVE-2026-1', 'CVE-2026-2'], 5, 1, ['t1']],
    [['CVE-2026-3', 'CVE-2025-1'], 5, 2, ['t1', 't2']]
  ])
})

test('an image named by tag and digest is asked for by digest alone: a tag that moved would make ECR answer ImageNotFound', async () => {
  const digest = `sha256:${'d'.repeat(64)}`
  ecr.on(DescribeImageScanFindingsCommand).resolves({ imageScanFindings: { findings: [] } })
  await readAllFindings(client, { ...target, imageDigest: digest }, { $metadata: {}, imageScanFindings: { findings: [basic(1)] }, nextToken: 't1' })
  const asked = ecr.commandCalls(DescribeImageScanFindingsCommand).map((call) => call.args[0].input.imageId)
  expect(asked).toEqual([{ imageDigest: digest }])
})

test('warns when the findings read disagree with findingSeverityCounts', async () => {
  const scan = await readAllFindings(client, target, {
    $metadata: {},
    imageScanFindings: { findings: [basic(1)], findingSeverityCounts: { HIGH: 2 } }
  })
  expect(severityCountMismatch(scan)).toMatch(/HIGH: read 1, ECR counts 2/)
})

test.each<[string, object[], Record<string, unknown> | undefined]>([
  ['no counts at all', [basic(1)], undefined],
  ['counts that are all junk', [basic(1)], { HIGH: 'one' }],
  ['a finding with no severity, counted as UNDEFINED', [{ ...basic(1), severity: undefined }], { UNDEFINED: 1 }]
])('no count warning for %s', async (_, findings, counts) => {
  const scan = await readAllFindings(client, target, {
    $metadata: {},
    imageScanFindings: { findings, ...(counts ? { findingSeverityCounts: counts as Record<string, number> } : {}) }
  })
  expect(severityCountMismatch(scan)).toBeUndefined()
})

test('the client is built with more attempts than the SDK default and standard retries', async () => {
  const built = createEcrClient({ region: 'eu-west-1', requestTimeoutMs: 1234 })
  expect(await built.config.maxAttempts()).toBeGreaterThan(3)
  const strategy = await built.config.retryStrategy()
  expect((strategy as { mode?: string }).mode).toBe('standard')
  expect(await built.config.region()).toBe('eu-west-1')
})

describe('a read that could end in a pass not earned ends otherwise', () => {
  const first = (extra: object = {}) => ({
    $metadata: {},
    imageId: { imageDigest: `sha256:${'a'.repeat(64)}`, imageTag: 'v1' },
    imageScanStatus: { status: 'COMPLETE' as const },
    imageScanFindings: { findings: [basic(1)], imageScanCompletedAt: new Date('2026-11-26T10:00:00Z') },
    nextToken: 't1',
    ...extra
  })
  const errorOf = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e as Error)

  test.each<[string, DescribeImageScanFindingsCommandOutput, string]>([
    ['the status becomes IN_PROGRESS (a new scan started)', { $metadata: {}, imageScanStatus: { status: 'IN_PROGRESS' } }, "the scan's status became IN_PROGRESS"],
    ['the tag now names another digest', { $metadata: {}, imageId: { imageDigest: `sha256:${'b'.repeat(64)}` }, imageScanStatus: { status: 'COMPLETE' } }, 'the tag now names another image']
  ])('page 2 shows that %s: ScanChangedError, so the read starts over', async (_, page2, why) => {
    ecr.on(DescribeImageScanFindingsCommand, { nextToken: 't1' }).resolves(page2)
    const error = await errorOf(readAllFindings(client, target, first()))
    expect(error).toBeInstanceOf(ScanChangedError)
    expect(error?.message).toBe(`While page 2 of the findings was read, ${why}.`)
    expect((error as ScanChangedError).pages).toBe(2)
  })

  test('a page without a status or digest, or with another completion time, is no sign of a change', async () => {
    ecr.on(DescribeImageScanFindingsCommand, { nextToken: 't1' }).resolves({ imageScanFindings: { findings: [basic(2)] } })
    expect((await readAllFindings(client, target, first())).findings).toHaveLength(2)
    // Continuous scanning may move the completion time of a scan that stays done: re-reading on it would never end.
    const later = { imageScanStatus: { status: 'ACTIVE' as const }, imageScanFindings: { findings: [basic(2)], imageScanCompletedAt: new Date('2026-11-26T10:05:00Z') } }
    ecr.on(DescribeImageScanFindingsCommand, { nextToken: 't1' }).resolves(later)
    expect((await readAllFindings(client, target, first())).findings).toHaveLength(2)
  })

  test('the scan gone on page 2 is a change too, not a stack trace; the call counts', async () => {
    ecr.on(DescribeImageScanFindingsCommand).rejects(Object.assign(new Error('no scan'), { name: 'ScanNotFoundException' }))
    const error = await errorOf(readAllFindings(client, target, first()))
    expect(error).toBeInstanceOf(ScanChangedError)
    expect((error as ScanChangedError).pages).toBe(2)
  })

  test('a change seen on a page that carried a token counts the request for the next page, already sent', async () => {
    const arn = 'arn:aws:inspector2:us-east-1:123456789012:finding/abc'
    const withArn = { ...enhanced(1), findingArn: arn }
    ecr.on(DescribeImageScanFindingsCommand, { nextToken: 't2' }).resolves({ imageScanFindings: { findings: [] } })
    ecr.on(DescribeImageScanFindingsCommand, { nextToken: 't1' }).resolves({ $metadata: {}, imageScanStatus: { status: 'IN_PROGRESS' }, nextToken: 't2' })
    const changed = await errorOf(readAllFindings(client, target, first()))
    expect(changed).toBeInstanceOf(ScanChangedError)
    expect((changed as ScanChangedError).pages).toBe(3)
    ecr.on(DescribeImageScanFindingsCommand, { nextToken: 't1' }).resolves({ imageScanFindings: { enhancedFindings: [withArn] }, nextToken: 't2' })
    const repeated = await errorOf(readAllFindings(client, target, first({ imageScanFindings: { enhancedFindings: [withArn] } })))
    expect(repeated).toBeInstanceOf(ScanChangedError)
    expect((repeated as ScanChangedError).pages).toBe(3)
  })

  test('the image gone on page 2 (its tag moved or deleted) is a change too: the next poll says which', async () => {
    ecr.on(DescribeImageScanFindingsCommand).rejects(Object.assign(new Error('no image'), { name: 'ImageNotFoundException' }))
    const error = await errorOf(readAllFindings(client, target, first()))
    expect(error).toBeInstanceOf(ScanChangedError)
    expect(error?.message).toBe('ECR no longer had the image when page 2 was read.')
  })

  test('a finding ARN listed again on a later page: the list shifted under the read, which starts over', async () => {
    const arn = 'arn:aws:inspector2:us-east-1:123456789012:finding/abc'
    const withArn = (i: number, findingArn: string) => ({ ...enhanced(i), findingArn })
    ecr.on(DescribeImageScanFindingsCommand, { nextToken: 't1' }).resolves({
      imageScanFindings: { enhancedFindings: [withArn(2, `${arn}2`), withArn(1, arn)] }
    })
    const error = await errorOf(readAllFindings(client, target, first({ imageScanFindings: { enhancedFindings: [withArn(1, arn)] } })))
    expect(error).toBeInstanceOf(ScanChangedError)
    expect(error?.message).toBe(`page 2 of the findings listed CVE-2025-1 (${arn}) again, after page 1, so the list changed while it was read.`)
    // Findings without an ARN (basic scanning) name no identity to compare: the same one twice is read twice.
    ecr.on(DescribeImageScanFindingsCommand, { nextToken: 't1' }).resolves({ imageScanFindings: { findings: [basic(1)] } })
    expect((await readAllFindings(client, target, first())).findings).toHaveLength(2)
  })

  test('the same ARN twice on one page is one finding listed twice, not a change: counted once', async () => {
    const finding = { ...enhanced(1), findingArn: 'arn:aws:inspector2:us-east-1:123456789012:finding/one' }
    const scan = await readAllFindings(client, target, first({ imageScanFindings: { enhancedFindings: [finding, finding] }, nextToken: undefined }))
    expect(scan.findings).toHaveLength(1)
  })

  test('two vulnerabilities under one ARN are two findings, each decided on, whichever comes first', async () => {
    const arn = 'arn:aws:inspector2:us-east-1:123456789012:finding/one'
    const critical = { ...enhanced(1), findingArn: arn, severity: 'CRITICAL' }
    const high = { ...enhanced(2), findingArn: arn, severity: 'HIGH' }
    const otherPackage = { ...critical, packageVulnerabilityDetails: { ...critical.packageVulnerabilityDetails, vulnerablePackages: [{ name: 'zlib', version: '1' }] } }
    const samePackage = { ...high, packageVulnerabilityDetails: { ...high.packageVulnerabilityDetails, vulnerablePackages: critical.packageVulnerabilityDetails.vulnerablePackages } }
    for (const listing of [[critical, high], [high, critical], [critical, otherPackage], [critical, samePackage]]) {
      const scan = await readAllFindings(client, target, first({ imageScanFindings: { enhancedFindings: listing }, nextToken: undefined }))
      expect(scan.findings.map((f) => `${f.id} ${f.severity} ${f.packageName}`)).toEqual(listing.map((f) => `${f.packageVulnerabilityDetails.vulnerabilityId} ${f.severity} ${f.packageVulnerabilityDetails.vulnerablePackages?.[0]?.name}`))
    }
    // On a later page the other vulnerability is no repeat either: no change, no re-read.
    ecr.on(DescribeImageScanFindingsCommand, { nextToken: 't1' }).resolves({ imageScanFindings: { enhancedFindings: [high] } })
    const scan = await readAllFindings(client, target, first({ imageScanFindings: { enhancedFindings: [critical] } }))
    expect(scan.findings.map((f) => f.severity)).toEqual(['CRITICAL', 'HIGH'])
  })

  test('one ARN and vulnerability in one package at two paths (a jar twice) is two findings', async () => {
    const arn = 'arn:aws:inspector2:us-east-1:123456789012:finding/jar'
    const at = (filePath: string) => ({ ...enhanced(1), findingArn: arn, packageVulnerabilityDetails: { vulnerabilityId: 'CVE-2025-1', vulnerablePackages: [{ name: 'log4j-core', version: '2.14.1', filePath }] } })
    const scan = await readAllFindings(client, target, first({ imageScanFindings: { enhancedFindings: [at('app/lib/a.jar'), at('opt/b.jar')] }, nextToken: undefined }))
    expect(scan.findings.map((f) => f.packages[0]?.filePath)).toEqual(['app/lib/a.jar', 'opt/b.jar'])
  })

  test('a first page that names no image: the first digest a later page names is the one every other page must name', async () => {
    const digest = (c: string) => `sha256:${c.repeat(64)}`
    const page = (c: string, nextToken?: string) => ({ imageId: { imageDigest: digest(c) }, imageScanStatus: { status: 'COMPLETE' as const }, imageScanFindings: { findings: [basic(2)] }, nextToken })
    ecr.on(DescribeImageScanFindingsCommand, { nextToken: 't1' }).resolves(page('b', 't2'))
    ecr.on(DescribeImageScanFindingsCommand, { nextToken: 't2' }).resolves(page('c'))
    const anonymous = first({ imageId: { imageTag: 'v1' } })
    const error = await errorOf(readAllFindings(client, target, anonymous))
    expect(error).toBeInstanceOf(ScanChangedError)
    expect(error?.message).toBe('While page 3 of the findings was read, the tag now names another image.')
    ecr.on(DescribeImageScanFindingsCommand, { nextToken: 't2' }).resolves(page('b'))
    expect((await readAllFindings(client, target, anonymous)).imageDigest).toBe(digest('b'))
  })

  test.each([
    ['suppressed, then active', { status: 'SUPPRESSED' }, {}, { inspectorStatus: 'ACTIVE' }],
    ['active, then suppressed', {}, { status: 'SUPPRESSED' }, { inspectorStatus: 'ACTIVE' }],
    ['LOW, then CRITICAL', { severity: 'LOW' }, {}, { severity: 'CRITICAL' }],
    ['CRITICAL, then LOW', {}, { severity: 'LOW' }, { severity: 'CRITICAL' }],
    ['without an exploit, then with one', { severity: 'LOW' }, { severity: 'LOW', exploitAvailable: 'YES' }, { exploitAvailable: 'YES' }]
  ])('two copies of one ARN on a page that disagree (%s) are read as the copy that can block', async (_, a, b, expected) => {
    const finding = { ...enhanced(1), findingArn: 'arn:aws:inspector2:us-east-1:123456789012:finding/one' }
    const copies = [{ ...finding, ...a }, { ...finding, ...b }]
    const scan = await readAllFindings(client, target, first({ imageScanFindings: { enhancedFindings: copies }, nextToken: undefined }))
    expect(scan.findings).toHaveLength(1)
    expect(scan.findings[0]).toMatchObject(expected)
  })

  test('the push time comes from the enhanced findings of every page, not page one alone', async () => {
    const pushed = (i: number, at: string) => ({ ...enhanced(i), resources: [{ details: { awsEcrContainerImage: { pushedAt: new Date(at) } } }] })
    ecr.on(DescribeImageScanFindingsCommand, { nextToken: 't1' }).resolves({ imageScanFindings: { enhancedFindings: [pushed(2, '2026-11-27T08:00:00Z')] } })
    const scan = await readAllFindings(client, target, first({ imageScanFindings: { findings: [basic(1)] } }))
    expect(scan.pushedAt).toBe(Date.parse('2026-11-27T08:00:00Z'))
  })

  test('a page still arriving one request-timeout after the deadline is abandoned: wait-timeout ran out', async () => {
    let signal: AbortSignal | undefined
    ecr.on(DescribeImageScanFindingsCommand).rejects(Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }))
    const send = client.send.bind(client)
    const spy = jest.spyOn(client, 'send').mockImplementation(((command: never, options?: { abortSignal?: AbortSignal }) => {
      signal = options?.abortSignal
      return send(command)
    }) as never)
    const error = await errorOf(readAllFindings(client, target, first(), { deadline: 10_000, requestTimeoutMs: 5_000, now: () => 0 }))
    spy.mockRestore()
    expect(error).toBeInstanceOf(ReadTimeoutError)
    expect(error?.message).toMatch(/^wait-timeout ran out while reading the findings of app:v1 .*: page 2 was still arriving one request-timeout after it\./)
    expect((error as ReadTimeoutError).pages).toBe(2)
    expect(signal).toBeInstanceOf(AbortSignal)
    expect(signal?.aborted).toBe(false)
  })

  test('a page token ECR already sent ends the read instead of looping forever', async () => {
    ecr.on(DescribeImageScanFindingsCommand).resolves({ imageScanStatus: { status: 'COMPLETE' }, imageScanFindings: { findings: [basic(2)] }, nextToken: 't1' })
    const error = await errorOf(readAllFindings(client, target, first()))
    expect(error).toBeInstanceOf(ScanError)
    expect(error?.message).toMatch(/^ECR sent the same page token twice while listing the findings of app:v1 .*\(after 2 pages\)/)
    expect(ecr.commandCalls(DescribeImageScanFindingsCommand)).toHaveLength(1)
  })

  test('past the deadline no further page is asked for', async () => {
    let clock = 0
    ecr.on(DescribeImageScanFindingsCommand).callsFake(async (input: { nextToken?: string }) => {
      clock += 1000
      return { imageScanStatus: { status: 'COMPLETE' }, imageScanFindings: { findings: [basic(9)] }, nextToken: `${input.nextToken}x` }
    })
    const error = await errorOf(readAllFindings(client, target, first(), { deadline: 2500, now: () => clock }))
    expect(error).toBeInstanceOf(ReadTimeoutError)
    expect(error?.message).toMatch(/^wait-timeout ran out while reading the findings of app:v1 .*: 4 page\(s\) read, more to come\. Raise wait-timeout\.$/)
    expect(ecr.commandCalls(DescribeImageScanFindingsCommand)).toHaveLength(3)
  })

  test('an answer that names the image by tag only: the digest comes from the image its enhanced findings name', async () => {
    const digest = `sha256:${'c'.repeat(64)}`
    const withResource = { ...enhanced(1), resources: [{ type: 'AWS_ECR_CONTAINER_IMAGE', details: { awsEcrContainerImage: { imageHash: digest } } }] }
    const scan = await readAllFindings(client, target, {
      $metadata: {},
      imageId: { imageTag: 'v1' },
      imageScanFindings: { enhancedFindings: [withResource] }
    })
    expect(scan.imageDigest).toBe(digest)
    // An image hash that is no digest names nothing: the next finding's does.
    const junk = { ...enhanced(2), resources: [{ type: 'AWS_ECR_CONTAINER_IMAGE', details: { awsEcrContainerImage: { imageHash: 'junk' } } }] }
    const tagOnly = { $metadata: {}, imageId: { imageTag: 'v1' }, imageScanFindings: { enhancedFindings: [junk, withResource] } }
    expect((await readAllFindings(client, target, tagOnly)).imageDigest).toBe(digest)
  })

  test('the push time is the newest any finding names: a fresh re-push is not taken for the old one', async () => {
    const pushed = (i: number, at: string) => ({ ...enhanced(i), resources: [{ details: { awsEcrContainerImage: { pushedAt: new Date(at) } } }] })
    const page = { $metadata: {}, imageScanStatus: { status: 'ACTIVE' as const }, imageScanFindings: { enhancedFindings: [pushed(1, '2026-11-25T10:00:00Z'), pushed(2, '2026-11-27T09:59:00Z'), pushed(3, '2026-11-26T10:00:00Z')] } }
    expect((await readAllFindings(client, target, page)).pushedAt).toBe(Date.parse('2026-11-27T09:59:00Z'))
  })
})

describe('findingSeverityCounts', () => {
  // ECR does not document whether its counts include findings Inspector suppressed: counts that match either way agree.
  test.each([
    ['leave suppressed findings out', 1],
    ['include suppressed findings', 2]
  ])('counts that %s agree with the findings read', async (_, critical) => {
    const scan = await readAllFindings(client, target, {
      $metadata: {},
      imageScanFindings: {
        enhancedFindings: [enhanced(1), { ...enhanced(2), status: 'SUPPRESSED' }],
        findingSeverityCounts: { CRITICAL: critical }
      }
    })
    expect(severityCountMismatch(scan)).toBeUndefined()
  })

  test('severity keys from the network are data, not object properties', async () => {
    const scan = await readAllFindings(client, target, {
      $metadata: {},
      imageScanFindings: { findings: [basic(1)], findingSeverityCounts: { HIGH: 1, constructor: 2 } as Record<string, number> }
    })
    expect(severityCountMismatch(scan)).toBe(
      "The findings read disagree with ECR's findingSeverityCounts (constructor: read 0, ECR counts 2). The gate decides on the findings read."
    )
  })
})
