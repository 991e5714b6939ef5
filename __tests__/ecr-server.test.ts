// The fake ECR is only worth something if the real SDK accepts it: every test here talks through @aws-sdk/client-ecr.
import {
  DescribeImageScanFindingsCommand,
  type DescribeImageScanFindingsCommandInput,
  type DescribeImageScanFindingsCommandOutput,
  DescribeImagesCommand,
  ECRClient,
  type ECRClientConfig,
  StartImageScanCommand
} from '@aws-sdk/client-ecr'
import {
  type EcrServer,
  loadSample,
  makeBasicFindings,
  makeEnhancedFindings,
  SAMPLE_NAMES,
  startEcrServer
} from './support/ecr-server.js'

const DIGEST = 'sha256:74b2c688c700ec95a93e478cdb959737c148df3fbf5ea706abe0318726e885e6'
const TARGET = 'AmazonEC2ContainerRegistry_V20150921.'

let server: EcrServer
const clients: ECRClient[] = []

function client(config: Partial<ECRClientConfig> = {}): ECRClient {
  const ecr = new ECRClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' },
    ...config
  })
  clients.push(ecr)
  return ecr
}

function describe1(ecr: ECRClient, input: Partial<DescribeImageScanFindingsCommandInput> = {}): Promise<DescribeImageScanFindingsCommandOutput> {
  return ecr.send(new DescribeImageScanFindingsCommand({ repositoryName: 'app', imageId: { imageDigest: DIGEST }, ...input }))
}

async function readAll(ecr: ECRClient, input: Partial<DescribeImageScanFindingsCommandInput> = {}): Promise<DescribeImageScanFindingsCommandOutput[]> {
  const pages = [await describe1(ecr, input)]
  while (pages.at(-1)?.nextToken) pages.push(await describe1(ecr, { ...input, nextToken: pages.at(-1)?.nextToken }))
  return pages
}

beforeEach(async () => {
  server = await startEcrServer()
})

afterEach(async () => {
  for (const ecr of clients.splice(0)) ecr.destroy()
  await server.close()
})

describe('DescribeImageScanFindings paging', () => {
  it('pages 2,500 basic findings 1000 at a time', async () => {
    const findings = makeBasicFindings(2500)
    server.setImage({ repositoryName: 'app', imageDigest: DIGEST, scan: { status: 'COMPLETE', findings } })
    const pages = await readAll(client(), { maxResults: 1000 })
    expect(pages.map((p) => p.imageScanFindings?.findings?.length)).toEqual([1000, 1000, 500])
    expect(server.count('DescribeImageScanFindings')).toBe(3)
    expect(server.requests.map((r) => r.body.maxResults)).toEqual([1000, 1000, 1000])
    const names = pages.flatMap((p) => p.imageScanFindings?.findings?.map((f) => f.name) ?? [])
    expect(new Set(names).size).toBe(2500)
    const counts = pages[0]?.imageScanFindings?.findingSeverityCounts ?? {}
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(2500)
    expect(pages[0]?.imageScanFindings?.imageScanCompletedAt).toBeInstanceOf(Date)
  })

  it('pages enhanced findings 100 at a time whatever maxResults asks', async () => {
    server.setImage({ repositoryName: 'app', imageDigest: DIGEST, scan: { status: 'ACTIVE', enhancedFindings: makeEnhancedFindings(250) } })
    const pages = await readAll(client(), { maxResults: 1000 })
    expect(pages.map((p) => p.imageScanFindings?.enhancedFindings?.length)).toEqual([100, 100, 50])
    expect(pages[0]?.imageScanFindings?.findings).toBeUndefined()
    expect(pages[0]?.imageScanFindings?.enhancedFindings?.[0]?.firstObservedAt).toBeInstanceOf(Date)
  })

  it('serves basic pages before enhanced ones and defaults maxResults to 100', async () => {
    server.setImage({
      repositoryName: 'app',
      imageDigest: DIGEST,
      scan: { status: 'COMPLETE', findings: makeBasicFindings(150), enhancedFindings: makeEnhancedFindings(30) }
    })
    const pages = await readAll(client())
    expect(pages.map((p) => [p.imageScanFindings?.findings?.length, p.imageScanFindings?.enhancedFindings?.length])).toEqual([
      [100, undefined],
      [50, undefined],
      [undefined, 30]
    ])
  })

  it('rejects maxResults outside 1..1000', async () => {
    server.setImage({ repositoryName: 'app', imageDigest: DIGEST, scan: { status: 'COMPLETE' } })
    const ecr = client()
    await expect(describe1(ecr, { maxResults: 0 })).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(describe1(ecr, { maxResults: 1001 })).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })

  it('reads a nextToken page from the state its poll returned, not the current one', async () => {
    server.setImage({
      repositoryName: 'app',
      imageDigest: DIGEST,
      scan: [{ status: 'COMPLETE', findings: makeBasicFindings(150, { seed: 1 }) }, { status: 'COMPLETE', findings: makeBasicFindings(10, { seed: 2 }) }]
    })
    const ecr = client()
    const first = await describe1(ecr)
    const second = await describe1(ecr)
    expect(second.imageScanFindings?.findings).toHaveLength(10)
    const rest = await describe1(ecr, { nextToken: first.nextToken })
    expect(rest.imageScanFindings?.findings).toHaveLength(50)
    expect(rest.imageScanFindings?.findings?.[0]?.name).toBe(makeBasicFindings(150, { seed: 1 })[100]?.name)
    await expect(describe1(ecr, { nextToken: 'bogus' })).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })
})

describe('scan scenarios', () => {
  it('advances one state per poll, repeats the last, and omits imageScanFindings while pending', async () => {
    server.setImage({
      repositoryName: 'app',
      imageDigest: DIGEST,
      imageTag: 'v1',
      scan: [{ status: 'PENDING' }, { status: 'IN_PROGRESS' }, { status: 'COMPLETE', findings: makeBasicFindings(2) }]
    })
    const ecr = client()
    const replies = []
    for (let i = 0; i < 4; i++) replies.push(await describe1(ecr, { imageId: { imageTag: 'v1' } }))
    expect(replies.map((r) => r.imageScanStatus?.status)).toEqual(['PENDING', 'IN_PROGRESS', 'COMPLETE', 'COMPLETE'])
    expect(replies[0]?.imageScanFindings).toBeUndefined()
    expect(replies[0]?.imageScanStatus?.description).toBe('Pending start of the image scan.')
    expect(replies[3]?.imageId).toEqual({ imageDigest: DIGEST, imageTag: 'v1' })
    expect(server.getImage({ repositoryName: 'app', imageTag: 'v1' })?.polls).toBe(4)
  })

  it('surfaces ScanNotFoundException, RepositoryNotFoundException and ImageNotFoundException by name', async () => {
    server.setImage({ repositoryName: 'app', imageDigest: DIGEST, scan: { notFound: true } })
    const ecr = client()
    await expect(describe1(ecr)).rejects.toMatchObject({ name: 'ScanNotFoundException', $metadata: { httpStatusCode: 400 } })
    await expect(describe1(ecr, { repositoryName: 'nope' })).rejects.toMatchObject({
      name: 'RepositoryNotFoundException',
      message: "The repository with name 'nope' does not exist in the registry with id '123456789012'"
    })
    await expect(describe1(ecr, { imageId: { imageTag: 'missing' } })).rejects.toMatchObject({ name: 'ImageNotFoundException' })
  })

  it('lets the SDK retry a ThrottlingException', async () => {
    server.setImage({
      repositoryName: 'app',
      imageDigest: DIGEST,
      scan: [{ error: { type: 'ThrottlingException', message: 'Rate exceeded' } }, { status: 'COMPLETE', findings: makeBasicFindings(3) }]
    })
    const reply = await describe1(client({ maxAttempts: 3 }))
    expect(reply.imageScanStatus?.status).toBe('COMPLETE')
    expect(reply.$metadata.attempts).toBe(2)
    expect(server.count('DescribeImageScanFindings')).toBe(2)
  })

  it('lets the SDK retry 5xx, resets and hung requests past its timeout', async () => {
    server.setImage({
      repositoryName: 'app',
      imageDigest: DIGEST,
      scan: [{ reset: true }, { hang: true }, { status: 'COMPLETE' }]
    })
    server.failNext(1, { status: 500, type: 'ServerException' })
    // Without throwOnRequestTimeout this SDK only logs a warning when requestTimeout passes and keeps waiting.
    const reply = await describe1(client({ maxAttempts: 4, requestHandler: { requestTimeout: 300, throwOnRequestTimeout: true } }))
    expect(reply.imageScanStatus?.status).toBe('COMPLETE')
    expect(reply.$metadata.attempts).toBe(4)
  })

  it('close() ends a request left hanging', async () => {
    server.setImage({ repositoryName: 'app', imageDigest: DIGEST, scan: { hang: true } })
    const pending = describe1(client({ maxAttempts: 1 }))
    await new Promise((resolve) => setTimeout(resolve, 50))
    await server.close()
    await expect(pending).rejects.toBeDefined()
  })

  it('applies latencyMs to every reply', async () => {
    await server.close()
    server = await startEcrServer({ latencyMs: 60 })
    server.setImage({ repositoryName: 'app', imageDigest: DIGEST, scan: { status: 'COMPLETE' } })
    const ecr = client()
    await describe1(ecr)
    const started = Date.now()
    await describe1(ecr)
    expect(Date.now() - started).toBeGreaterThanOrEqual(55)
  })
})

describe('global faults and identity', () => {
  it('records region and access key id from the SigV4 credential scope', async () => {
    server.setImage({ repositoryName: 'app', imageDigest: DIGEST, scan: { status: 'COMPLETE' } })
    await describe1(client({ region: 'eu-west-1' }))
    expect(server.requests[0]).toMatchObject({ op: 'DescribeImageScanFindings', region: 'eu-west-1', accessKeyId: 'AKIDTEST' })
    expect(server.requests[0]?.headers['x-amz-target']).toBe(`${TARGET}DescribeImageScanFindings`)
  })

  it('is reachable through AWS_ENDPOINT_URL_ECR', async () => {
    server.setImage({ repositoryName: 'app', imageDigest: DIGEST, scan: { status: 'COMPLETE' } })
    const saved = process.env.AWS_ENDPOINT_URL_ECR
    process.env.AWS_ENDPOINT_URL_ECR = server.url
    try {
      const ecr = new ECRClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDENV', secretAccessKey: 'x' } })
      clients.push(ecr)
      await describe1(ecr)
      expect(server.requests[0]?.accessKeyId).toBe('AKIDENV')
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_ECR
      else process.env.AWS_ENDPOINT_URL_ECR = saved
    }
  })

  it('denies, expires credentials and clears faults', async () => {
    server.setImage({ repositoryName: 'app', imageDigest: DIGEST, scan: { status: 'COMPLETE' } })
    const ecr = client()
    server.denyAll()
    await expect(describe1(ecr)).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('is not authorized to perform: ecr:DescribeImageScanFindings')
    })
    server.clearFaults()
    server.expireCredentials()
    await expect(describe1(ecr)).rejects.toMatchObject({
      name: 'ExpiredTokenException',
      message: 'The security token included in the request is expired'
    })
    server.clearFaults()
    await expect(describe1(ecr)).resolves.toMatchObject({ imageScanStatus: { status: 'COMPLETE' } })
  })

  it('answers an unknown operation with UnknownOperationException', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET}ListImages` },
      body: '{}'
    })
    expect(response.status).toBe(400)
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException')
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' })
  })
})

describe('StartImageScan', () => {
  it('starts a scan and switches to the scanAfterStart scenario', async () => {
    server.setImage({
      repositoryName: 'app',
      imageDigest: DIGEST,
      scan: { notFound: true },
      scanAfterStart: [{ status: 'IN_PROGRESS' }, { status: 'COMPLETE' }]
    })
    const ecr = client()
    await expect(describe1(ecr)).rejects.toMatchObject({ name: 'ScanNotFoundException' })
    const started = await ecr.send(new StartImageScanCommand({ repositoryName: 'app', imageId: { imageDigest: DIGEST } }))
    expect(started.imageScanStatus?.status).toBe('IN_PROGRESS')
    expect(server.state.startedScans).toHaveLength(1)
    expect((await describe1(ecr)).imageScanStatus?.status).toBe('IN_PROGRESS')
    expect((await describe1(ecr)).imageScanStatus?.status).toBe('COMPLETE')
  })

  it('answers ValidationException "This feature is disabled" under enhanced scanning', async () => {
    server.setImage({ repositoryName: 'app', imageDigest: DIGEST, startScan: 'enhanced' })
    await expect(client().send(new StartImageScanCommand({ repositoryName: 'app', imageId: { imageDigest: DIGEST } }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'This feature is disabled'
    })
  })

  it('answers LimitExceededException, which the SDK classifies as throttling and retries', async () => {
    server.setImage({ repositoryName: 'app', imageDigest: DIGEST, startScan: 'limit' })
    const start = client({ maxAttempts: 2 }).send(new StartImageScanCommand({ repositoryName: 'app', imageId: { imageDigest: DIGEST } }))
    await expect(start).rejects.toMatchObject({ name: 'LimitExceededException', $metadata: { attempts: 2 } })
    expect(server.getImage({ repositoryName: 'app', imageDigest: DIGEST })?.startScanAttempts).toBe(2)
  })
})

describe('image indexes and DescribeImages', () => {
  const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'

  it('describes an image by tag with its manifest media type, a Docker image manifest unless set', async () => {
    server.setImage({ repositoryName: 'app', imageDigest: DIGEST, imageTag: 'plain' })
    const answer = await client().send(new DescribeImagesCommand({ repositoryName: 'app', imageIds: [{ imageTag: 'plain' }] }))
    expect(answer.imageDetails).toHaveLength(1)
    expect(answer.imageDetails?.[0]).toMatchObject({
      imageDigest: DIGEST,
      imageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      artifactMediaType: 'application/vnd.docker.container.image.v1+json'
    })
    expect(answer.imageDetails?.[0]?.imagePushedAt).toBeInstanceOf(Date)
  })

  it('an index has the index media type, no artifact type, and StartImageScan refuses it with the text ECR gives', async () => {
    const indexDigest = `sha256:${'1'.repeat(64)}`
    server.setImage({ repositoryName: 'app', imageDigest: indexDigest, imageTag: 'multi', manifestMediaType: OCI_INDEX })
    const ecr = client()
    const answer = await ecr.send(new DescribeImagesCommand({ repositoryName: 'app', imageIds: [{ imageDigest: indexDigest }] }))
    expect(answer.imageDetails?.[0]?.imageManifestMediaType).toBe(OCI_INDEX)
    expect(answer.imageDetails?.[0]?.artifactMediaType).toBeUndefined()
    await expect(ecr.send(new StartImageScanCommand({ repositoryName: 'app', imageId: { imageTag: 'multi' } }))).rejects.toMatchObject({
      name: 'UnsupportedImageTypeException',
      message: `An artifact with media type '${OCI_INDEX}' cannot be scanned. For more information, see the Amazon ECR documentation.`
    })
  })

  it('a missing image is ImageNotFoundException; denyAll can refuse DescribeImages alone', async () => {
    server.setImage({ repositoryName: 'app', imageDigest: DIGEST, imageTag: 'plain' })
    const ecr = client()
    await expect(ecr.send(new DescribeImagesCommand({ repositoryName: 'app', imageIds: [{ imageTag: 'gone' }] }))).rejects.toMatchObject({
      name: 'ImageNotFoundException'
    })
    server.denyAll('AccessDeniedException', undefined, ['DescribeImages'])
    await expect(ecr.send(new DescribeImagesCommand({ repositoryName: 'app', imageIds: [{ imageTag: 'plain' }] }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringMatching(/not authorized to perform: ecr:DescribeImages/)
    })
    await expect(describe1(ecr)).rejects.toMatchObject({ name: 'ScanNotFoundException' })
  })
})

describe('samples and generators', () => {
  it('serves every sample so that the SDK parses its timestamps into Dates', async () => {
    const ecr = client()
    for (const name of SAMPLE_NAMES) {
      const sample = loadSample(name)
      const image = server.setSample(sample)
      const reply = await describe1(ecr, { registryId: image.registryId, repositoryName: image.repositoryName, imageId: { imageDigest: image.imageDigest } })
      expect(reply.imageScanStatus).toEqual(sample.imageScanStatus)
      const scan = reply.imageScanFindings
      if (sample.imageScanFindings?.imageScanCompletedAt !== undefined) {
        expect(scan?.imageScanCompletedAt).toEqual(new Date((sample.imageScanFindings.imageScanCompletedAt ?? 0) * 1000))
      }
      for (const finding of scan?.enhancedFindings ?? []) {
        if (finding.firstObservedAt !== undefined) expect(finding.firstObservedAt).toBeInstanceOf(Date)
      }
    }
    const awsdocs = loadSample('enhanced-active-awsdocs')
    expect(awsdocs.imageScanFindings?.enhancedFindings?.[0]?.firstObservedAt).toBe(Date.parse('2025-05-27T17:54:07.765Z') / 1000)
    expect(loadSample('enhanced-complete-untriaged-moto').imageScanFindings?.findingSeverityCounts).toEqual({ MEDIUM: 1, UNTRIAGED: 1 })
  })

  it('generates deterministic, realistic basic findings', () => {
    const findings = makeBasicFindings(2000, { seed: 7 })
    expect(makeBasicFindings(2000, { seed: 7 })).toEqual(findings)
    expect(new Set(findings.map((f) => f.severity))).toEqual(new Set(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED']))
    for (const finding of findings) {
      expect(finding.name).toMatch(/^CVE-\d{4}-\d{4,}$/)
      const keys = finding.attributes?.map((a) => a.key) ?? []
      expect(keys).toEqual(expect.arrayContaining(['package_name', 'package_version']))
    }
    expect(findings.some((f) => f.attributes?.some((a) => a.key === 'CVSS3_SCORE'))).toBe(true)
    expect(findings.some((f) => f.attributes?.some((a) => a.key === 'CVSS2_SCORE'))).toBe(true)
  })

  it('generates deterministic, realistic enhanced findings', () => {
    const findings = makeEnhancedFindings(2000, { seed: 3, imageDigest: DIGEST, repositoryName: 'app' })
    expect(makeEnhancedFindings(2000, { seed: 3, imageDigest: DIGEST, repositoryName: 'app' })).toEqual(findings)
    expect(new Set(findings.map((f) => f.severity))).toEqual(new Set(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNTRIAGED']))
    expect(new Set(findings.map((f) => f.fixAvailable))).toEqual(new Set(['YES', 'NO', 'PARTIAL']))
    expect(new Set(findings.map((f) => f.exploitAvailable))).toEqual(new Set(['YES', 'NO']))
    for (const finding of findings) {
      const details = finding.packageVulnerabilityDetails
      expect(finding.title).toBe(`${details?.vulnerabilityId} - ${details?.vulnerablePackages?.map((p) => p.name).join(', ')}`)
      expect(finding.resources?.[0]?.details?.awsEcrContainerImage?.imageHash).toBe(DIGEST)
      for (const pkg of details?.vulnerablePackages ?? []) {
        if (pkg.packageManager === 'OS') expect(pkg.release).toBeDefined()
        else expect(pkg.filePath).toBeDefined()
      }
    }
  })
})
