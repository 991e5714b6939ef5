import { jest } from '@jest/globals'
import { DescribeImageScanFindingsCommand, DescribeImagesCommand, ECRClient, type ScanStatus, StartImageScanCommand } from '@aws-sdk/client-ecr'
import { mockClient } from 'aws-sdk-client-mock'

const logged: string[] = []
jest.unstable_mockModule('@actions/core', () => ({
  info: (m: string) => logged.push(`info ${m}`),
  notice: (m: string) => logged.push(`notice ${m}`),
  warning: (m: string) => logged.push(`warning ${m}`),
  debug: (m: string) => logged.push(`debug ${m}`)
}))
const { waitAndRead, waitForScan, nextInterval, ScanTimeoutError } = await import('../src/scan-wait.js')
const { ConfigurationError, ScanError } = await import('../src/errors.js')

const ecr = mockClient(ECRClient)
const client = new ECRClient({ region: 'us-east-1' })
const target = { repositoryName: 'app', imageTag: 'v1', region: 'us-east-1' }

function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } })
}

/** What the promise rejected with, or undefined when it resolved. */
async function rejectionOf(promise: Promise<unknown>): Promise<Error | undefined> {
  return promise.then(
    () => undefined,
    (e: unknown) => e as Error
  )
}

function status(value: string, description = `${value} description`) {
  // A done answer is page one of the findings, so it holds them (none here).
  const findings = ['COMPLETE', 'ACTIVE'].includes(value) ? { imageScanFindings: { findings: [] } } : {}
  return {
    imageScanStatus: { status: value as ScanStatus, description },
    imageId: { imageDigest: `sha256:${'b'.repeat(64)}`, imageTag: 'v1' },
    ...findings
  }
}

// A fake clock: sleeping moves time, so the tests see every poll time without waiting.
function clock() {
  let now = 0
  const sleeps: number[] = []
  const pollTimes: number[] = []
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      now += ms
    },
    sleeps,
    pollTimes,
    record: () => pollTimes.push(now)
  }
}

const IMAGE_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json'
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'

beforeEach(() => {
  ecr.reset()
  // What ECR says of an image docker pushed for one platform; the image index tests below say otherwise.
  ecr.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageManifestMediaType: IMAGE_MANIFEST }] })
  logged.length = 0
})

test.each(['COMPLETE', 'ACTIVE'])('%s is done at the first read, with no sleep', async (value) => {
  ecr.on(DescribeImageScanFindingsCommand).resolves(status(value))
  const c = clock()
  const scan = await waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 5_000, startScan: false, ...c })
  expect(scan.status).toBe(value)
  expect(scan.sawUnfinished).toBe(false)
  expect(c.sleeps).toEqual([])
  expect(ecr.commandCalls(DescribeImageScanFindingsCommand)[0]?.args[0].input).toMatchObject({
    repositoryName: 'app',
    imageId: { imageTag: 'v1' },
    maxResults: 1000
  })
})

test.each(['IN_PROGRESS', 'PENDING', 'SOMETHING_NEW', 'constructor', 'toString'])('%s is waited for until done', async (value) => {
  ecr
    .on(DescribeImageScanFindingsCommand)
    .resolvesOnce(status(value))
    .resolvesOnce(status(value))
    .resolves(status('COMPLETE'))
  const c = clock()
  const scan = await waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: false, ...c })
  expect(scan.status).toBe('COMPLETE')
  expect(scan.sawUnfinished).toBe(true)
  expect(ecr.commandCalls(DescribeImageScanFindingsCommand)).toHaveLength(3)
  if (!['IN_PROGRESS', 'PENDING'].includes(value)) expect(logged.join('\n')).toMatch(new RegExp(`warning ECR reported scan status ${value}, which`))
})

test.each(['FAILED', 'UNSUPPORTED_IMAGE', 'SCAN_ELIGIBILITY_EXPIRED', 'FINDINGS_UNAVAILABLE', 'LIMIT_EXCEEDED', 'IMAGE_ARCHIVED'])(
  '%s ends the wait at once, quoting ECR and saying what to do',
  async (value) => {
    ecr.on(DescribeImageScanFindingsCommand).resolves(status(value, `ECR says ${value}`))
    const c = clock()
    const waiting = waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: false, ...c })
    await expect(waiting).rejects.toThrow(ScanError)
    await expect(waiting).rejects.toThrow(new RegExp(`status ${value} \\("ECR says ${value}"\\)\\. [A-Z]`))
    expect(ecr.commandCalls(DescribeImageScanFindingsCommand)).toHaveLength(1)
  }
)

test('UNSUPPORTED_IMAGE names the image index (build-push-action\'s default push) among the causes', async () => {
  ecr.on(DescribeImageScanFindingsCommand).resolves(status('UNSUPPORTED_IMAGE', 'UnsupportedImageError: The operating system and/or package manager are not supported.'))
  const error = await rejectionOf(waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: false, ...clock() }))
  expect(error?.message).toMatch(/An image index, which docker\/build-push-action pushes by default, is never scanned: build one platform with provenance: false\.\)$/)
})

test('FAILED without a description reads cleanly and never advises start-scan, which starts only missing scans', async () => {
  ecr.on(DescribeImageScanFindingsCommand).resolves(status('FAILED', ''))
  const waiting = waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: true, ...clock() })
  const error = await rejectionOf(waiting)
  expect(error?.message).toMatch(/ended with status FAILED\. The scan failed\. Push the image again .* aws ecr start-image-scan\.$/)
  expect(error?.message).not.toContain('start-scan: true')
  expect(ecr.commandCalls(StartImageScanCommand)).toHaveLength(0)
})

test('polls back off from poll-interval towards a cap and the last poll lands on the deadline', async () => {
  const c = clock()
  ecr.on(DescribeImageScanFindingsCommand).callsFake(() => {
    c.record()
    return status('IN_PROGRESS')
  })
  const waiting = waitForScan(client, target, { deadline: 30_000, pollIntervalMs: 1_000, startScan: false, ...c })
  await expect(waiting).rejects.toThrow(ScanTimeoutError)
  await expect(waiting).rejects.toThrow(/last status was IN_PROGRESS.*Raise wait-timeout/)
  expect(c.pollTimes[0]).toBe(0)
  expect(c.pollTimes.at(-1)).toBe(30_000)
  const gaps = c.pollTimes.slice(1).map((t, i) => t - (c.pollTimes[i] ?? 0))
  expect(gaps.slice(0, 4)).toEqual([1_000, 1_500, 2_250, 3_375])
  expect(Math.max(...gaps)).toBeLessThanOrEqual(6_000)
})

test('a scan that does not exist yet is waited for, then read when it appears', async () => {
  ecr
    .on(DescribeImageScanFindingsCommand)
    .rejectsOnce(awsError('ScanNotFoundException'))
    .rejectsOnce(awsError('ScanNotFoundException'))
    .resolves(status('COMPLETE'))
  const scan = await waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: false, ...clock() })
  expect(scan.status).toBe('COMPLETE')
  expect(ecr.commandCalls(StartImageScanCommand)).toHaveLength(0)
})

test('a timeout without any scan suggests scan on push or start-scan', async () => {
  ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('ScanNotFoundException'))
  const seen: string[] = []
  const onStatus = (status: string): void => void seen.push(status)
  const waiting = waitForScan(client, target, { deadline: 10_000, pollIntervalMs: 1_000, startScan: false, onStatus, ...clock() })
  await expect(waiting).rejects.toThrow(/the last status was SCAN_NOT_FOUND\. No scan exists: .*set start-scan: true/)
  // The scan-status output comes from what onStatus saw.
  expect(new Set(seen)).toEqual(new Set(['SCAN_NOT_FOUND']))
})

test('an answer naming no scan status (an empty body) is a failed poll, not a status: a warning, then the next poll', async () => {
  ecr.on(DescribeImageScanFindingsCommand).resolvesOnce({}).resolves(status('COMPLETE'))
  const seen: string[] = []
  const onStatus = (value: string): void => void seen.push(value)
  const scan = await waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: false, onStatus, ...clock() })
  expect(scan.status).toBe('COMPLETE')
  expect(seen).toEqual(['COMPLETE'])
  expect(logged.filter((line) => line.startsWith('warning'))).toEqual([
    expect.stringMatching(/^warning ECR's answer about the scan of app:v1 .*named no scan status\. Polling again until wait-timeout\.$/)
  ])
})

test.each<[string, object, RegExp]>([
  ['without its imageScanFindings', { imageScanFindings: undefined }, /holds no imageScanFindings/],
  ['counting findings and listing none', { imageScanFindings: { findingSeverityCounts: { CRITICAL: 1 } } }, /holds no list of findings, though findingSeverityCounts counts 1/],
  ['naming something that is no digest', { imageId: { imageDigest: 'sha256:nothex', imageTag: 'v1' } }, /imageId\.imageDigest is not an image digest/]
])('a done answer %s is a failed poll, not the end of the run: a warning, then the next poll', async (_, cut, problem) => {
  ecr.on(DescribeImageScanFindingsCommand).resolvesOnce({ ...status('COMPLETE'), ...cut }).resolves(status('COMPLETE'))
  const c = clock()
  const scan = await waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: false, ...c })
  expect(scan.firstPage.imageScanFindings).toEqual({ findings: [] })
  expect(c.sleeps).toEqual([1_000])
  const warnings = logged.filter((line) => line.startsWith('warning'))
  expect(warnings).toEqual([expect.stringMatching(/^warning ECR's answer to ecr:DescribeImageScanFindings for app:v1 .*could not be read/)])
  expect(warnings[0]).toMatch(problem)
  expect(warnings[0]).toMatch(/Polling again until wait-timeout\.$/)
})

test('a tag that moves to another image while the gate waits is named in a warning: the image judged is the new one', async () => {
  const moved = `sha256:${'e'.repeat(64)}`
  ecr
    .on(DescribeImageScanFindingsCommand)
    .resolvesOnce(status('IN_PROGRESS'))
    .resolvesOnce({ imageScanStatus: { status: 'IN_PROGRESS' } })
    .resolvesOnce({ ...status('IN_PROGRESS'), imageId: { imageDigest: moved, imageTag: 'v1' } })
    .resolvesOnce({})
    .resolves({ ...status('COMPLETE'), imageId: { imageDigest: moved, imageTag: 'v1' } })
  const scan = await waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: false, ...clock() })
  expect(scan.firstPage.imageId?.imageDigest).toBe(moved)
  // Said once, from the image first seen, even with an answer naming no digest and a failed poll between.
  expect(logged.filter((line) => line.includes('moved from'))).toHaveLength(1)
  expect(logged).toContain(
    `warning While the gate waited, the tag of app:v1 in the default registry of these credentials (us-east-1) moved from sha256:${'b'.repeat(64)} to ${moved} (pushed again): the gate judges the image the tag names now. Gate the digest (image-digest, or image with @sha256:) to judge one image.`
  )
})

test('a timeout in which no poll got an answer says so, and reports no status', async () => {
  ecr.on(DescribeImageScanFindingsCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400, attempts: 6 } }))
  const seen: string[] = []
  const onStatus = (status: string): void => void seen.push(status)
  const waiting = waitForScan(client, target, { deadline: 10_000, pollIntervalMs: 1_000, startScan: false, onStatus, ...clock() })
  await expect(waiting).rejects.toThrow(/Timed out waiting for the ECR scan of app:v1 .*: no poll got a usable answer\. The last poll failed: /)
  expect(seen).toEqual([])
  // Failing polls in a row are one warning, not one per poll.
  expect(logged.filter((line) => line.startsWith('warning'))).toHaveLength(1)
})

test('missingScanEnds: no scan ends the wait at the first poll with the caller\'s advice (a baseline, which the gate never scans)', async () => {
  ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('ScanNotFoundException'))
  const c = clock()
  const waiting = waitForScan(client, target, { deadline: 5_000, pollIntervalMs: 1_000, startScan: false, missingScanEnds: 'Scan the baseline.', ...c })
  await expect(waiting).rejects.toThrow(/^ECR has no scan of app:v1 .*\. Scan the baseline\.$/)
  expect(c.sleeps).toEqual([])
  expect(ecr.commandCalls(DescribeImageScanFindingsCommand)).toHaveLength(1)
})

test('missingScanEnds ends the wait only for a missing scan: one in progress is waited for', async () => {
  ecr.on(DescribeImageScanFindingsCommand).resolvesOnce(status('IN_PROGRESS')).resolves(status('COMPLETE'))
  const scan = await waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: false, missingScanEnds: 'Scan the baseline.', ...clock() })
  expect(scan.status).toBe('COMPLETE')
  expect(ecr.commandCalls(DescribeImageScanFindingsCommand)).toHaveLength(2)
})

test('every poll, the image index check and StartImageScan carry an abort signal for one request-timeout past the deadline', async () => {
  ecr.on(DescribeImageScanFindingsCommand).rejectsOnce(awsError('ScanNotFoundException')).resolves(status('COMPLETE'))
  ecr.on(StartImageScanCommand).resolves({})
  const signals: [string, AbortSignal | undefined][] = []
  const send = client.send.bind(client)
  const spy = jest.spyOn(client, 'send').mockImplementation(((command: { constructor: { name: string } }, options?: { abortSignal?: AbortSignal }) => {
    signals.push([command.constructor.name, options?.abortSignal])
    return send(command as never)
  }) as never)
  try {
    await waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, requestTimeoutMs: 5_000, startScan: true, ...clock() })
  } finally {
    spy.mockRestore()
  }
  expect(signals.map(([name]) => name)).toEqual([
    'DescribeImageScanFindingsCommand',
    'DescribeImagesCommand',
    'StartImageScanCommand',
    'DescribeImageScanFindingsCommand'
  ])
  for (const [, signal] of signals) expect(signal).toBeInstanceOf(AbortSignal)
})

describe('an image index (docker/build-push-action pushes one by default)', () => {
  const INDEX_ADVICE =
    /^ECR cannot scan app:v1 in the default registry of these credentials \(us-east-1\): it is an image index \(application\/vnd\.oci\.image\.index\.v1\+json\), .*no scan of it will come\. .*build one platform with provenance: false \(and no sbom\) to push a plain image, or name a platform's image by its digest/
  const hangs = () => new Promise<never>(() => {})

  test('ends the wait as soon as DescribeImages says so, in the first pause, not at wait-timeout', async () => {
    ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('ScanNotFoundException'))
    ecr.on(DescribeImagesCommand).callsFake(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20))
      return { imageDetails: [{ imageManifestMediaType: OCI_INDEX }] }
    })
    const started = Date.now()
    // Real time: the pause between polls (5 s) is cut short by the answer.
    const error = await rejectionOf(waitForScan(client, target, { deadline: Date.now() + 600_000, pollIntervalMs: 5_000, startScan: false }))
    expect(error?.message).toMatch(INDEX_ADVICE)
    expect(error).not.toBeInstanceOf(ScanTimeoutError)
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(ecr.commandCalls(DescribeImageScanFindingsCommand)).toHaveLength(1)
    expect(ecr.commandCalls(DescribeImagesCommand)[0]?.args[0].input).toEqual({ repositoryName: 'app', imageIds: [{ imageTag: 'v1' }] })
  })

  test('a late scan of a plain image is read while DescribeImages is still unanswered', async () => {
    ecr.on(DescribeImageScanFindingsCommand).rejectsOnce(awsError('ScanNotFoundException')).resolves(status('COMPLETE'))
    ecr.on(DescribeImagesCommand).callsFake(hangs)
    const scan = await waitForScan(client, target, { deadline: 600_000, pollIntervalMs: 5_000, requestTimeoutMs: 30_000, startScan: false, ...clock() })
    expect(scan.status).toBe('COMPLETE')
  })

  test.each([
    ['a Docker manifest list', 'application/vnd.docker.distribution.manifest.list.v2+json', 'application/vnd.docker.distribution.manifest.list.v2+json'],
    ['a media type in capitals, with a parameter', 'Application/VND.OCI.Image.Index.v1+JSON; charset=utf-8', OCI_INDEX],
    ['an index among two details', [IMAGE_MANIFEST, OCI_INDEX], OCI_INDEX]
  ])('%s is an image index too, asked by digest in another registry', async (_, given, named) => {
    const digest = `sha256:${'c'.repeat(64)}`
    ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('ScanNotFoundException'))
    const types = Array.isArray(given) ? given : [given]
    ecr.on(DescribeImagesCommand).resolves({ imageDetails: types.map((imageManifestMediaType) => ({ imageManifestMediaType })) })
    const byDigest = { repositoryName: 'app', imageDigest: digest, registryId: '210987654321', region: 'us-east-1' }
    const error = await rejectionOf(waitForScan(client, byDigest, { deadline: 600_000, pollIntervalMs: 5_000, startScan: false, ...clock() }))
    expect(error?.message).toContain(`is an image index (${named})`)
    expect(ecr.commandCalls(DescribeImagesCommand)[0]?.args[0].input).toEqual({
      repositoryName: 'app',
      registryId: '210987654321',
      imageIds: [{ imageDigest: digest }]
    })
  })

  test('a plain image without a scan yet is waited for, and asked about once', async () => {
    ecr.on(DescribeImageScanFindingsCommand).rejectsOnce(awsError('ScanNotFoundException')).rejectsOnce(awsError('ScanNotFoundException')).resolves(status('COMPLETE'))
    const scan = await waitForScan(client, target, { deadline: 600_000, pollIntervalMs: 5_000, startScan: false, ...clock() })
    expect(scan.status).toBe('COMPLETE')
    expect(ecr.commandCalls(DescribeImagesCommand)).toHaveLength(1)
  })

  test('a scan that exists is read without asking what the image is', async () => {
    ecr.on(DescribeImageScanFindingsCommand).resolves(status('COMPLETE'))
    await waitForScan(client, target, { deadline: 600_000, pollIntervalMs: 5_000, startScan: false, ...clock() })
    expect(ecr.commandCalls(DescribeImagesCommand)).toHaveLength(0)
  })

  const HINT = /No scan exists: turn on scan on push in the registry's scanning settings .*include this repository, or set start-scan: true \(basic scanning\)\. If the tag names an image index .*Either build one platform with provenance: false/
  test.each([
    ['refused (the permission is optional)', () => ecr.on(DescribeImagesCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: ecr:DescribeImages')), true],
    ['throttled', () => ecr.on(DescribeImagesCommand).rejects(awsError('ThrottlingException', 'Rate exceeded')), false],
    ['answered with no image details', () => ecr.on(DescribeImagesCommand).resolves({ imageDetails: [] }), false],
    ['answered with no media type', () => ecr.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: `sha256:${'d'.repeat(64)}` }] }), false],
    ['still unanswered at the deadline', () => ecr.on(DescribeImagesCommand).callsFake(hangs), false]
  ])('DescribeImages %s: the wait goes on, and its timeout names the image index as a cause', async (_, arrange, grant) => {
    ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('ScanNotFoundException'))
    arrange()
    const error = await rejectionOf(waitForScan(client, target, { deadline: 20_000, pollIntervalMs: 5_000, startScan: false, ...clock() }))
    expect(error).toBeInstanceOf(ScanTimeoutError)
    expect(error?.message).toMatch(HINT)
    // Granting the permission helps only where it was refused.
    expect(error?.message.endsWith('; or grant ecr:DescribeImages, so that the gate can tell at once.')).toBe(grant)
    expect(ecr.commandCalls(DescribeImagesCommand)).toHaveLength(1)
    expect(ecr.commandCalls(DescribeImageScanFindingsCommand).length).toBeGreaterThan(2)
  })

  test('a plain image that never gets a scan times out without the image index hint', async () => {
    ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('ScanNotFoundException'))
    const error = await rejectionOf(waitForScan(client, target, { deadline: 20_000, pollIntervalMs: 5_000, startScan: false, ...clock() }))
    expect(error?.message).toMatch(/No scan exists: turn on scan on push in the registry's scanning settings \(ECR console: Private registry, Scanning\) and check that their filters include this repository, or set start-scan: true \(basic scanning\)\.$/)
  })

  test('a scan ECR agreed to start rules the index out: no index hint at the timeout, whatever DescribeImages said', async () => {
    ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('ScanNotFoundException'))
    ecr.on(DescribeImagesCommand).rejects(awsError('AccessDeniedException'))
    ecr.on(StartImageScanCommand).resolves({})
    const error = await rejectionOf(waitForScan(client, target, { deadline: 20_000, pollIntervalMs: 5_000, startScan: true, ...clock() }))
    expect(error?.message).toMatch(/No scan appeared, though ECR accepted start-scan's request for one: raise wait-timeout, or check the image in the ECR console\.$/)
  })

  test("start-scan refused for an index (DescribeImages not allowed) gives the index advice, not ECR's bare refusal", async () => {
    ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('ScanNotFoundException'))
    ecr.on(DescribeImagesCommand).rejects(awsError('AccessDeniedException'))
    ecr.on(StartImageScanCommand).rejects(
      awsError('UnsupportedImageTypeException', `An artifact with media type '${OCI_INDEX}' cannot be scanned. For more information, see the Amazon ECR documentation.`)
    )
    const error = await rejectionOf(waitForScan(client, target, { deadline: 600_000, pollIntervalMs: 5_000, startScan: true, ...clock() }))
    expect(error?.message).toMatch(INDEX_ADVICE)
  })

  test('a baseline (no scan ends its wait at once) says it is an index when it is one, and why there is no scan otherwise', async () => {
    ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('ScanNotFoundException'))
    ecr.on(DescribeImagesCommand).callsFake(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20))
      return { imageDetails: [{ imageManifestMediaType: OCI_INDEX }] }
    })
    const baseline = { deadline: 600_000, pollIntervalMs: 5_000, startScan: false, missingScanEnds: 'No baseline.', ...clock() }
    expect((await rejectionOf(waitForScan(client, target, baseline)))?.message).toMatch(INDEX_ADVICE)
    ecr.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageManifestMediaType: IMAGE_MANIFEST }] })
    expect((await rejectionOf(waitForScan(client, target, { ...baseline, ...clock() })))?.message).toMatch(/ECR has no scan of app:v1 .*\. No baseline\.$/)
  })
})

describe('start-scan', () => {
  test('a timeout after StartImageScan was accepted does not suggest setting start-scan', async () => {
    ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('ScanNotFoundException'))
    ecr.on(StartImageScanCommand).resolves({})
    const waiting = waitForScan(client, target, { deadline: 10_000, pollIntervalMs: 1_000, startScan: true, ...clock() })
    await expect(waiting).rejects.toThrow(/SCAN_NOT_FOUND\. No scan appeared, though ECR accepted start-scan's request for one: raise wait-timeout/)
    await expect(waiting).rejects.not.toThrow(/set start-scan/)
    expect(ecr.commandCalls(StartImageScanCommand)).toHaveLength(1)
  })

  test.each([
    ['enhanced scanning', awsError('ValidationException', 'This feature is disabled'), /No scan appeared: the registry uses enhanced scanning, which start-scan cannot start\. Check that the registry's enhanced scanning filters include this repository/],
    ['the daily basic scan limit', awsError('LimitExceededException', 'limit'), /No scan appeared, and ECR refused start-scan: one basic scan per image every 24 hours, already used/]
  ])('a timeout after ECR refused to start a scan (%s) says why and what to check, once asked', async (_, refusal, advice) => {
    ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('ScanNotFoundException'))
    ecr.on(StartImageScanCommand).rejects(refusal)
    const waiting = waitForScan(client, target, { deadline: 10_000, pollIntervalMs: 1_000, startScan: true, ...clock() })
    await expect(waiting).rejects.toThrow(advice)
    expect(ecr.commandCalls(StartImageScanCommand)).toHaveLength(1)
  })

  test('a timeout after StartImageScan kept failing on the way says start-scan could not start one', async () => {
    ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('ScanNotFoundException'))
    ecr.on(StartImageScanCommand).rejects(Object.assign(new Error('boom'), { name: 'ServerException', $metadata: { httpStatusCode: 500, attempts: 6 } }))
    const waiting = waitForScan(client, target, { deadline: 5_000, pollIntervalMs: 1_000, startScan: true, ...clock() })
    await expect(waiting).rejects.toThrow(/SCAN_NOT_FOUND\. No scan exists, and start-scan could not start one \(see the warning above\)\.$/)
  })

  test('starts one scan when none exists, then waits for it', async () => {
    ecr
      .on(DescribeImageScanFindingsCommand)
      .rejectsOnce(awsError('ScanNotFoundException'))
      .rejectsOnce(awsError('ScanNotFoundException'))
      .resolvesOnce(status('IN_PROGRESS'))
      .resolves(status('COMPLETE'))
    ecr.on(StartImageScanCommand).resolves({})
    const scan = await waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: true, ...clock() })
    expect(scan.status).toBe('COMPLETE')
    expect(ecr.commandCalls(StartImageScanCommand)).toHaveLength(1)
  })

  test.each([
    [awsError('ValidationException', 'This feature is disabled'), /enhanced scanning/],
    [awsError('ValidationException', 'This Feature is disabled.'), /enhanced scanning/],
    [awsError('LimitExceededException', 'The scan quota per image has been exceeded.'), /one basic scan per image every 24 hours/]
  ])('%s is explained once, and the wait goes on', async (error, notice) => {
    ecr
      .on(DescribeImageScanFindingsCommand)
      .rejectsOnce(awsError('ScanNotFoundException'))
      .rejectsOnce(awsError('ScanNotFoundException'))
      .rejectsOnce(awsError('ScanNotFoundException'))
      .resolves(status('ACTIVE'))
    ecr.on(StartImageScanCommand).rejects(error)
    const scan = await waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: true, ...clock() })
    expect(scan.status).toBe('ACTIVE')
    expect(logged.filter((line) => line.startsWith('notice '))).toEqual([expect.stringMatching(notice)])
    expect(logged.filter((line) => line.startsWith('warning '))).toEqual([])
    expect(ecr.commandCalls(StartImageScanCommand)).toHaveLength(1)
  })

  test('an image type ECR cannot scan ends the run at once, quoting ECR', async () => {
    ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('ScanNotFoundException'))
    ecr.on(StartImageScanCommand).rejects(awsError('UnsupportedImageTypeException', 'The operating system is not supported.\nmore'))
    const waiting = waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: true, ...clock() })
    await expect(waiting).rejects.toThrow(ScanError)
    await expect(waiting).rejects.toThrow(/^ECR cannot scan app:v1 .*: The operating system is not supported\.$/)
  })

  test('a StartImageScan that keeps failing on the way (5xx) is a warning: the wait goes on and tries again', async () => {
    ecr
      .on(DescribeImageScanFindingsCommand)
      .rejectsOnce(awsError('ScanNotFoundException'))
      .rejectsOnce(awsError('ScanNotFoundException'))
      .resolves(status('COMPLETE'))
    ecr.on(StartImageScanCommand).rejects(Object.assign(new Error('boom'), { name: 'ServerException', $metadata: { httpStatusCode: 500, attempts: 6 } }))
    const scan = await waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: true, ...clock() })
    expect(scan.status).toBe('COMPLETE')
    expect(ecr.commandCalls(StartImageScanCommand)).toHaveLength(2)
    expect(logged.filter((line) => line.startsWith('warning start-scan: ECR kept failing ecr:StartImageScan'))).toHaveLength(2)
  })

  test('another refusal of StartImageScan is a warning, asked once, and the wait goes on', async () => {
    ecr.on(DescribeImageScanFindingsCommand).rejectsOnce(awsError('ScanNotFoundException')).rejectsOnce(awsError('ScanNotFoundException')).resolves(status('ACTIVE'))
    ecr.on(StartImageScanCommand).rejects(awsError('ValidationException', 'something odd'))
    const scan = await waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: true, ...clock() })
    expect(scan.status).toBe('ACTIVE')
    expect(ecr.commandCalls(StartImageScanCommand)).toHaveLength(1)
    expect(logged).toContain(
      'warning start-scan: ECR refused ecr:StartImageScan for app:v1 in the default registry of these credentials (us-east-1): ValidationException (HTTP 400): something odd. Waiting for a scan anyway.'
    )
  })

  test('an archived image cannot be scanned: the run ends saying so', async () => {
    ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('ScanNotFoundException'))
    ecr.on(StartImageScanCommand).rejects(awsError('ImageArchivedException', 'archived'))
    const waiting = waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: true, ...clock() })
    await expect(waiting).rejects.toThrow(ScanError)
    await expect(waiting).rejects.toThrow(/the image is archived\. Restore it to scan it\./)
  })

  test('a StartImageScan still on its way at the deadline is abandoned: the wait ends with its own timeout, no stack', async () => {
    ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('ScanNotFoundException'))
    ecr.on(StartImageScanCommand).rejects(Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }))
    const waiting = waitForScan(client, target, { deadline: 5_000, pollIntervalMs: 1_000, startScan: true, ...clock() })
    await expect(waiting).rejects.toThrow(/^Timed out waiting for the ECR scan of app:v1 .*SCAN_NOT_FOUND\. No scan exists, and start-scan could not start one \(see the warning above\)/)
    expect(logged).toContain('warning start-scan: StartImageScan was still unanswered or arriving one request-timeout after wait-timeout.')
  })

  test('access denied on StartImageScan names the IAM action', async () => {
    ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('ScanNotFoundException'))
    ecr.on(StartImageScanCommand).rejects(awsError('AccessDeniedException', 'not authorized'))
    const waiting = waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: true, ...clock() })
    await expect(waiting).rejects.toThrow(ConfigurationError)
    await expect(waiting).rejects.toThrow(/ecr:StartImageScan/)
  })
})

test.each([
  ['RepositoryNotFoundException', /Repository app does not exist in the default registry/],
  ['ImageNotFoundException', /Image app:v1 in the default registry of these credentials \(us-east-1\) was not found\. Check the tag or digest, and that/],
  ['AccessDeniedException', /Grant the role the IAM action ecr:DescribeImageScanFindings/]
])('%s becomes an actionable configuration error', async (name, message) => {
  ecr.on(DescribeImageScanFindingsCommand).rejects(awsError(name))
  const waiting = waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: false, ...clock() })
  await expect(waiting).rejects.toThrow(ConfigurationError)
  await expect(waiting).rejects.toThrow(message)
})

test('an image asked for by a digest ECR does not know: the message names build-push-action\'s digest output, not its imageid', async () => {
  ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('ImageNotFoundException'))
  const byDigest = { ...target, imageTag: undefined, imageDigest: `sha256:${'c'.repeat(64)}` }
  const waiting = waitForScan(client, byDigest, { deadline: 60_000, pollIntervalMs: 1_000, startScan: false, ...clock() })
  await expect(waiting).rejects.toThrow(/was not found\. Check the tag or digest \(docker\/build-push-action's `digest` output, not its `imageid`\)/)
})

test.each([
  ['ValidationException', 'bad request'],
  ['SomethingNewException', 'a later API version']
])('%s from ECR is a plain message naming it, not a stack trace', async (name, message) => {
  ecr.on(DescribeImageScanFindingsCommand).rejects(Object.assign(new Error(`${message}\n  Deserialization error: to see the raw response…`), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } }))
  const waiting = waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: false, ...clock() })
  await expect(waiting).rejects.toThrow(ScanError)
  await expect(waiting).rejects.toThrow(
    `ECR refused ecr:DescribeImageScanFindings for app:v1 in the default registry of these credentials (us-east-1): ${name} (HTTP 400): ${message}.`
  )
})

test.each(['SignatureDoesNotMatch', 'InvalidClientTokenId', 'MissingAuthenticationTokenException', 'ExpiredTokenException'])(
  '%s is about the credentials',
  async (name) => {
    ecr.on(DescribeImageScanFindingsCommand).rejects(awsError(name))
    const waiting = waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: false, ...clock() })
    await expect(waiting).rejects.toThrow(`AWS credentials were refused (${name})`)
  }
)

test.each([
  ['RequestExpired', 'Request has expired.'],
  ['InvalidSignatureException', 'Signature expired: 20261127T100000Z is now earlier than 20261127T101000Z (20261127T101500Z - 5 min.)'],
  ['InvalidSignatureException', 'Signature not yet current: 20261127T103000Z is still later than 20261127T102000Z (20261127T101500Z + 5 min.)']
])('%s with a signature too old or too new is about the runner’s clock, not the credentials', async (name, message) => {
  ecr.on(DescribeImageScanFindingsCommand).rejects(Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } }))
  const waiting = waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: false, ...clock() })
  await expect(waiting).rejects.toThrow(ConfigurationError)
  await expect(waiting).rejects.toThrow(/the runner's clock is more than 5 minutes off\. Sync it \(NTP on a self-hosted runner\)/)
})

test('no credentials at all: the SDK says so before any request, and the message names forks', async () => {
  ecr.on(DescribeImageScanFindingsCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }))
  const waiting = waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: false, ...clock() })
  await expect(waiting).rejects.toThrow(/^No AWS credentials: .*pull requests from forks get no secrets .* The SDK said: Could not load credentials from any providers$/)
})

test('every status is reported with the digest ECR resolved, so a run that ends undecided still names the image', async () => {
  ecr.on(DescribeImageScanFindingsCommand).resolves(status('FAILED'))
  const seen: [string, string | undefined][] = []
  const waiting = waitForScan(client, target, {
    deadline: 60_000,
    pollIntervalMs: 1_000,
    startScan: false,
    onStatus: (s, digest) => seen.push([s, digest]),
    ...clock()
  })
  await expect(waiting).rejects.toThrow(ScanError)
  expect(seen).toEqual([['FAILED', `sha256:${'b'.repeat(64)}`]])
})

describe('waitAndRead', () => {
  const page = (value: string, extra: object = {}) => ({ ...status(value), imageScanFindings: { findings: [{ name: 'CVE-1', severity: 'CRITICAL' as const }] }, ...extra })

  test('a scan that restarts while its pages are read is waited for and read again from page one', async () => {
    ecr
      .on(DescribeImageScanFindingsCommand, { nextToken: undefined })
      .resolvesOnce(page('COMPLETE', { nextToken: 't1' }))
      .resolvesOnce(page('IN_PROGRESS'))
      .resolves(page('COMPLETE', { nextToken: 't2' }))
      .on(DescribeImageScanFindingsCommand, { nextToken: 't1' })
      .resolves(page('IN_PROGRESS'))
      .on(DescribeImageScanFindingsCommand, { nextToken: 't2' })
      .resolves(page('COMPLETE'))
    const { findings } = await waitAndRead(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: false, ...clock() })
    expect(findings.findings).toHaveLength(2)
    expect(findings.pages).toBe(2)
    expect(logged).toContain('warning While page 2 of the findings was read, the scan\'s status became IN_PROGRESS. Waiting for the scan and reading it again.')
  })

  test('a refusal on page two ends the run at once with its own message, not a wait until the timeout', async () => {
    ecr
      .on(DescribeImageScanFindingsCommand, { nextToken: undefined })
      .resolves(page('COMPLETE', { nextToken: 't1' }))
      .on(DescribeImageScanFindingsCommand, { nextToken: 't1' })
      .rejects(awsError('AccessDeniedException', 'User: arn:aws:sts::123456789012:assumed-role/ci is not authorized to perform: ecr:DescribeImageScanFindings'))
    const c = clock()
    const reading = waitAndRead(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: false, ...c })
    await expect(reading).rejects.toThrow(ConfigurationError)
    expect(ecr.commandCalls(DescribeImageScanFindingsCommand)).toHaveLength(2)
    expect(c.sleeps).toEqual([])
  })

  // Page one done, page two always of a new scan in progress: every read is overtaken by a change.
  const keepsChanging = (): void => {
    ecr
      .on(DescribeImageScanFindingsCommand, { nextToken: undefined })
      .resolves(page('COMPLETE', { nextToken: 't1' }))
      .on(DescribeImageScanFindingsCommand, { nextToken: 't1' })
      .resolves(page('IN_PROGRESS'))
  }

  test('a scan that keeps changing ends at the deadline, undecided', async () => {
    keepsChanging()
    const waiting = waitAndRead(client, target, { deadline: 10_000, pollIntervalMs: 1_000, startScan: false, ...clock() })
    await expect(waiting).rejects.toThrow(/^wait-timeout ran out while reading the findings/)
  })

  test('a change, then a read cut short by the deadline: the error names the pages and the earlier change', async () => {
    let clockMs = 0
    ecr
      .on(DescribeImageScanFindingsCommand, { nextToken: undefined })
      .resolves(page('COMPLETE', { nextToken: 't1' }))
      .on(DescribeImageScanFindingsCommand, { nextToken: 't1' })
      .resolvesOnce(page('IN_PROGRESS'))
      .callsFake(async () => {
        clockMs = 20_000
        return page('COMPLETE', { nextToken: 't2' })
      })
    const reading = waitAndRead(client, target, {
      deadline: 10_000,
      pollIntervalMs: 1_000,
      startScan: false,
      now: () => clockMs,
      sleep: async (ms: number) => void (clockMs += ms)
    })
    await expect(reading).rejects.toThrow(
      /^wait-timeout ran out while reading the findings of app:v1 .*: 2 page\(s\) read, more to come\. Raise wait-timeout\. Before that, the read had started over: While page 2 of the findings was read, the scan's status became IN_PROGRESS\.$/
    )
  })

  test('after a change, the pause before waiting again ends at the deadline, however long poll-interval is', async () => {
    keepsChanging()
    const c = clock()
    const waiting = waitAndRead(client, target, { deadline: 10_000, pollIntervalMs: 3_600_000, startScan: false, ...c })
    await expect(waiting).rejects.toThrow(/^wait-timeout ran out while reading the findings of app:v1 .*, which kept changing: While page 2/)
    expect(c.sleeps).toEqual([10_000])
    expect(c.now()).toBe(10_000)
  })
})

test('a poll cut off at the deadline says so, not the bare abort', async () => {
  ecr.on(DescribeImageScanFindingsCommand).rejects(Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }))
  const waiting = waitForScan(client, target, { deadline: 2_000, pollIntervalMs: 1_000, startScan: false, ...clock() })
  await expect(waiting).rejects.toThrow(ScanTimeoutError)
  await expect(waiting).rejects.toThrow(/still unanswered, arriving or being retried one request-timeout after wait-timeout/)
})

test('a poll-interval above the 30 s cap is kept, not shortened; one of 10 s backs off to 30 s, not 60', () => {
  expect(nextInterval(60_000, 60_000)).toBe(60_000)
  let interval = 10_000
  for (let i = 0; i < 20; i++) interval = nextInterval(interval, 10_000)
  expect(interval).toBe(30_000)
})

test('the interval cap is six times poll-interval, never above 30 s', () => {
  let interval = 5_000
  for (let i = 0; i < 20; i++) interval = nextInterval(interval, 5_000)
  expect(interval).toBe(30_000)
  expect(nextInterval(100, 100)).toBe(150)
  let small = 100
  for (let i = 0; i < 20; i++) small = nextInterval(small, 100)
  expect(small).toBe(600)
})

test('ECR\'s status and description reach the log and the error as one line each, never as a workflow command', async () => {
  ecr
    .on(DescribeImageScanFindingsCommand)
    .resolvesOnce(status('IN_PROGRESS\n::add-mask::x'))
    .resolves(status('FAILED', 'scan failed\n::error::forged verdict'))
  const seen: string[] = []
  const waiting = waitForScan(client, target, {
    deadline: 60_000,
    pollIntervalMs: 1_000,
    startScan: false,
    onStatus: (s) => seen.push(s),
    ...clock()
  })
  const error = await rejectionOf(waiting)
  expect(error?.message).toContain('ended with status FAILED ("scan failed ::error::forged verdict")')
  expect(error?.message).not.toContain('\n')
  expect(seen).toEqual(['IN_PROGRESS???add-mask??x', 'FAILED'])
  expect(logged.join('\n')).not.toMatch(/^[a-z]+ ::|\n::/m)
})

test.each(['IN_PROGRESS', 'PENDING'])('an ordinary %s wait warns of nothing', async (value) => {
  ecr.on(DescribeImageScanFindingsCommand).resolvesOnce(status(value)).resolves(status('COMPLETE'))
  await waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: false, ...clock() })
  expect(logged.filter((line) => line.startsWith('warning'))).toEqual([])
  expect(logged).toContain(`info Scan status ${value}; waiting.`)
})

test('no scan yet, with start-scan, is a status the gate knows: no warning', async () => {
  ecr.on(DescribeImageScanFindingsCommand).rejectsOnce(awsError('ScanNotFoundException')).resolves(status('COMPLETE'))
  ecr.on(StartImageScanCommand).resolves({})
  await waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: true, ...clock() })
  expect(logged.filter((line) => line.startsWith('warning'))).toEqual([])
})

test('a timeout after a failed poll that later polls got past names the last status, not the old failure', async () => {
  ecr
    .on(DescribeImageScanFindingsCommand)
    .rejectsOnce(awsError('ThrottlingException', 'slow down'))
    .resolves(status('IN_PROGRESS'))
  const waiting = waitForScan(client, target, { deadline: 5_000, pollIntervalMs: 1_000, startScan: false, ...clock() })
  const error = await rejectionOf(waiting)
  expect(error?.message).toMatch(/the last status was IN_PROGRESS\./)
  expect(error?.message).not.toMatch(/last poll failed/)
})

test('a timeout after failures that follow an IN_PROGRESS still names IN_PROGRESS as the last status', async () => {
  ecr
    .on(DescribeImageScanFindingsCommand)
    .resolvesOnce(status('IN_PROGRESS'))
    .rejects(awsError('ThrottlingException', 'slow down'))
  const waiting = waitForScan(client, target, { deadline: 5_000, pollIntervalMs: 1_000, startScan: false, ...clock() })
  await expect(waiting).rejects.toThrow(/the last status was IN_PROGRESS\. The last poll failed: /)
})

test('start-scan on an enhanced registry asks once: the refusal is not repeated on every poll', async () => {
  ecr
    .on(DescribeImageScanFindingsCommand)
    .rejectsOnce(awsError('ScanNotFoundException'))
    .rejectsOnce(awsError('ScanNotFoundException'))
    .rejectsOnce(awsError('ScanNotFoundException'))
    .resolves(status('ACTIVE'))
  ecr.on(StartImageScanCommand).rejects(awsError('ValidationException', 'This feature is disabled'))
  await waitForScan(client, target, { deadline: 60_000, pollIntervalMs: 1_000, startScan: true, ...clock() })
  expect(ecr.commandCalls(StartImageScanCommand)).toHaveLength(1)
})

test('a status with a digest that is malformed or of another image reports no digest', async () => {
  const other = { imageScanStatus: { status: 'FAILED' as ScanStatus, description: 'x' }, imageId: { imageDigest: 'sha256:nothex', imageTag: 'v1' } }
  ecr.on(DescribeImageScanFindingsCommand).resolves(other)
  const seen: (string | undefined)[] = []
  const byDigest = { ...target, imageTag: undefined, imageDigest: `sha256:${'c'.repeat(64)}` }
  const waiting = waitForScan(client, byDigest, { deadline: 60_000, pollIntervalMs: 1_000, startScan: false, onStatus: (_, d) => seen.push(d), ...clock() })
  await expect(waiting).rejects.toThrow(ScanError)
  ecr.reset()
  ecr.on(DescribeImageScanFindingsCommand).resolves({ ...other, imageId: { imageDigest: `sha256:${'d'.repeat(64)}` } })
  await expect(
    waitForScan(client, byDigest, { deadline: 60_000, pollIntervalMs: 1_000, startScan: false, onStatus: (_, d) => seen.push(d), ...clock() })
  ).rejects.toThrow(ScanError)
  expect(seen).toEqual([undefined, undefined])
})
