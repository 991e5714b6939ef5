import { jest } from '@jest/globals'
import { actionDefaults } from './support/run-action.js'

const info = jest.fn<(message: string) => void>()
const warning = jest.fn<(message: string) => void>()
const setSecret = jest.fn<(secret: string) => void>()
jest.unstable_mockModule('@actions/core', () => ({ getInput: jest.fn(), setSecret, info, warning }))
const { getInputs, reportingInputs, splitList } = await import('../src/inputs.js')
const { withoutSecrets } = await import('../src/log-safety.js')
const { ConfigurationError } = await import('../src/errors.js')

const DIGEST = `sha256:${'a'.repeat(64)}`

// Reads as the runner would hand inputs over: action.yml defaults, then the workflow's `with:` values.
function reader(withInputs: Record<string, string>): (name: string) => string {
  const values: Record<string, string> = { ...actionDefaults(), ...withInputs }
  return (name) => {
    if (!(name in values)) throw new Error(`the code read input ${name}, which action.yml does not declare`)
    return (values[name] ?? '').trim()
  }
}

beforeEach(() => {
  process.env.AWS_REGION = 'eu-west-1'
  delete process.env.AWS_DEFAULT_REGION
})

describe('image target', () => {
  test.each([
    [
      'full reference with tag',
      { image: '123456789012.dkr.ecr.us-east-2.amazonaws.com/team/app:v1.2' },
      { registryId: '123456789012', region: 'us-east-2', repositoryName: 'team/app', imageTag: 'v1.2', imageDigest: undefined }
    ],
    [
      'full reference with neither tag nor digest: latest, as docker reads it',
      { image: '123456789012.dkr.ecr.us-east-2.amazonaws.com/team/app' },
      { registryId: '123456789012', region: 'us-east-2', repositoryName: 'team/app', imageTag: 'latest', imageDigest: undefined }
    ],
    [
      'full reference with tag and digest: both kept (ECR is asked by the digest, the reports name the tag too)',
      { image: `123456789012.dkr.ecr.us-east-2.amazonaws.com/app:v1@${DIGEST}` },
      { registryId: '123456789012', region: 'us-east-2', repositoryName: 'app', imageTag: 'v1', imageDigest: DIGEST }
    ],
    [
      'explicit form with a tag takes AWS_REGION',
      { 'repository-name': 'app', 'image-tag': 'latest' },
      { registryId: undefined, region: 'eu-west-1', repositoryName: 'app', imageTag: 'latest', imageDigest: undefined }
    ],
    [
      'explicit form: tag kept beside the digest, region input over AWS_REGION',
      { 'repository-name': 'app', 'image-tag': 'latest', 'image-digest': DIGEST, region: 'ap-south-1', 'registry-id': '210987654321' },
      { registryId: '210987654321', region: 'ap-south-1', repositoryName: 'app', imageTag: 'latest', imageDigest: DIGEST }
    ],
    [
      'an upper-case registry host, as host names are case-insensitive',
      { image: '123456789012.DKR.ECR.US-WEST-2.AMAZONAWS.COM/app:v1' },
      { registryId: '123456789012', region: 'us-west-2', repositoryName: 'app', imageTag: 'v1', imageDigest: undefined }
    ],
    [
      "the reference's region wins over the region input",
      { image: '123456789012.dkr.ecr.us-west-2.amazonaws.com/app:v1', region: 'eu-central-1' },
      { registryId: '123456789012', region: 'us-west-2', repositoryName: 'app', imageTag: 'v1', imageDigest: undefined }
    ]
  ])('%s', (_name, withInputs, expected) => {
    expect(getInputs(reader(withInputs)).target).toEqual(expected)
  })

  test('an image with neither tag nor digest says, in the log, that it gates latest; one with a tag says nothing', () => {
    info.mockClear()
    getInputs(reader({ image: '123456789012.dkr.ecr.us-east-2.amazonaws.com/team/app' }))
    expect(info.mock.calls).toEqual([['image names no tag or digest: gating team/app:latest, as docker reads it.']])
    info.mockClear()
    getInputs(reader({ image: '123456789012.dkr.ecr.us-east-2.amazonaws.com/team/app:v1' }))
    expect(info).not.toHaveBeenCalled()
  })

  test('a region input that disagrees with the image is named in a warning; one that agrees says nothing', () => {
    warning.mockClear()
    const image = '123456789012.dkr.ecr.us-west-2.amazonaws.com/app:v1'
    expect(getInputs(reader({ image, region: 'eu-central-1' })).target.region).toBe('us-west-2')
    expect(warning.mock.calls).toEqual([['Input region eu-central-1 is ignored: image names region us-west-2, which is used.']])
    warning.mockClear()
    getInputs(reader({ image, region: 'us-west-2' }))
    expect(warning).not.toHaveBeenCalled()
  })

  test.each(['us-gov-west-1', 'cn-northwest-1', 'eusc-de-east-1', 'ap-southeast-5'])('the region %s is accepted', (region) => {
    expect(getInputs(reader({ 'repository-name': 'app', 'image-tag': 'v1', region })).target.region).toBe(region)
  })

  test('a bad region in the environment names the variable it came from', () => {
    process.env.AWS_REGION = 'useast1'
    expect(() => getInputs(reader({ 'repository-name': 'app', 'image-tag': 'v1' }))).toThrow(
      'The region from AWS_REGION must look like us-east-1; got "useast1".'
    )
  })

  test('falls back to AWS_DEFAULT_REGION when nothing else names a region', () => {
    delete process.env.AWS_REGION
    process.env.AWS_DEFAULT_REGION = 'sa-east-1'
    expect(getInputs(reader({ 'repository-name': 'app', 'image-tag': 'v1' })).target.region).toBe('sa-east-1')
  })
})

describe('bad inputs name the input, what it got and what it accepts', () => {
  test.each([
    [{}, /Name the image: either image .* or repository-name with image-tag or image-digest/],
    [{ 'repository-name': 'app' }, /repository-name with image-tag or image-digest/],
    [{ 'repository-name': 'app', 'image-tag': 'v1', 'baseline-tag': 'bad tag' }, /baseline-tag must be a valid image tag \(letters, digits, _ \. -, up to 300\); got "bad tag"/],
    [{ image: 'docker.io/library/nginx:1' }, /image must look like ACCOUNT\.dkr\.ecr\.REGION\.amazonaws\.com.*"docker\.io"/],
    [{ image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:abc' }, /digest "sha256:abc" is not sha256: followed by 64 hex/],
    [{ image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/App:v1' }, /repository "App" is not a valid ECR repository name/],
    [{ image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1', 'image-tag': 'v2' }, /either image or image-tag, not both/],
    [{ 'repository-name': 'app', 'image-digest': 'sha256:xyz' }, /Input image-digest must be sha256:.*got "sha256:xyz"/],
    [{ 'repository-name': 'app', 'image-tag': 'bad tag!' }, /Input image-tag must be a valid image tag.*got "bad tag!"/],
    [{ 'repository-name': 'app', 'image-tag': 'v1', 'registry-id': '42' }, /Input registry-id must be a 12-digit AWS account id; got "42"/],
    [{ 'repository-name': 'app', 'image-tag': 'v1', region: 'mars' }, /The region from input region must look like us-east-1; got "mars"/],
    [{ 'repository-name': 'app', 'image-tag': 'v1', 'severity-threshold': 'SEVERE' }, /severity-threshold must be one of CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL, UNTRIAGED, NONE.*got "SEVERE"/],
    [{ 'repository-name': 'app', 'image-tag': 'v1', 'only-fixed': 'yes' }, /Input only-fixed must be true or false; got "yes"/],
    [{ 'repository-name': 'app', 'image-tag': 'v1', 'fail-build': 'nope' }, /Input fail-build must be true or false; got "nope"/],
    [{ 'repository-name': 'app', 'image-tag': 'v1', 'wait-timeout': 'ten' }, /Input wait-timeout must be a number of seconds, 0 or more and at most 432000 .*; got "ten"/],
    [{ 'repository-name': 'app', 'image-tag': 'v1', 'wait-timeout': '-1' }, /wait-timeout .*got "-1"/],
    [{ 'repository-name': 'app', 'image-tag': 'v1', 'poll-interval': '0' }, /Input poll-interval must be a number of seconds greater than 0; got "0"/],
    // Past Node's timer limit a timer fires at once (the gate polled in a loop); no job runs longer than 5 days anyway.
    [{ 'repository-name': 'app', 'image-tag': 'v1', 'wait-timeout': '432001' }, /Input wait-timeout must be a number of seconds, 0 or more and at most 432000 \(5 days, the longest a job can run\); got "432001"/],
    [{ 'repository-name': 'app', 'image-tag': 'v1', 'wait-timeout': '1e9' }, /wait-timeout .*at most 432000.*got "1e9"/],
    [{ 'repository-name': 'app', 'image-tag': 'v1', 'request-timeout': '3601' }, /Input request-timeout must be a number of seconds greater than 0 and at most 3600 \(an hour\); got "3601"/],
    [{ image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1', 'registry-id': '210987654321' }, /^Input registry-id "210987654321" disagrees with the account 123456789012 in image; drop one of them\.$/],
    [
      { image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1', 'registry-id': '123456789012.dkr.ecr.us-east-1.amazonaws.com' },
      /^Input registry-id must be a 12-digit AWS account id; got "123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com" \(image already names the account 123456789012: drop registry-id\)\.$/
    ],
    [{ 'repository-name': 'app', 'image-tag': 'v1', 'baseline-digest': 'sha256:zz' }, /^Input baseline-digest must be sha256: followed by 64 lowercase hex digits; got "sha256:zz"\.$/],
    [{ 'repository-name': 'app', 'image-tag': 'v1', 'baseline-image': 'docker.io/app:main' }, /^baseline-image must look like ACCOUNT/],
    [{ 'repository-name': 'app', 'image-tag': 'v1', 'fail-build': 'trueish' }, /Input fail-build must be true or false; got "trueish"/],
    // A word that merely starts or ends like one is no boolean: "falsely" must not stop failing the build.
    [{ 'repository-name': 'app', 'image-tag': 'v1', 'fail-build': 'falsely' }, /Input fail-build must be true or false; got "falsely"/],
    [{ 'repository-name': 'app', 'image-tag': 'v1', 'only-fixed': 'untrue' }, /Input only-fixed must be true or false; got "untrue"/],
    // An availability zone is no region.
    [{ 'repository-name': 'app', 'image-tag': 'v1', region: 'us-east-1a' }, /The region from input region must look like us-east-1; got "us-east-1a"/],
    // Number('') is 0: an emptied wait-timeout must not become a single read.
    [{ 'repository-name': 'app', 'image-tag': 'v1', 'wait-timeout': '' }, /Input wait-timeout must be a number of seconds, 0 or more .*; got ""/],
    [{ 'repository-name': 'app', 'image-tag': 'v1', 'baseline-image': `123456789012.dkr.ecr.us-east-1.amazonaws.com/app:main`, 'baseline-digest': DIGEST }, /^Give either baseline-image or baseline-digest, not both\.$/],
    [{ 'repository-name': 'app', 'image-tag': 'v1', 'baseline-image': `123456789012.dkr.ecr.us-east-1.amazonaws.com/app:main`, 'baseline-tag': 'main', 'baseline-digest': DIGEST }, /^Give either baseline-image or baseline-tag, baseline-digest, not both\.$/]
  ])('%j', (withInputs, message) => {
    const read = reader(withInputs)
    expect(() => getInputs(read)).toThrow(ConfigurationError)
    expect(() => getInputs(read)).toThrow(message)
  })

  test.each(['not a url', 'ftp://ecr.example.com'])('an endpoint override that is not an http(s) URL (%s) is named', (value) => {
    process.env.AWS_ENDPOINT_URL_ECR = value
    try {
      expect(() => getInputs(reader({ 'repository-name': 'app', 'image-tag': 'v1' }))).toThrow(
        `AWS_ENDPOINT_URL_ECR must be an http(s) URL such as https://ecr.example.com; got "${value}".`
      )
    } finally {
      delete process.env.AWS_ENDPOINT_URL_ECR
    }
  })

  test('no region anywhere says where a region can come from', () => {
    delete process.env.AWS_REGION
    expect(() => getInputs(reader({ 'repository-name': 'app', 'image-tag': 'v1' }))).toThrow(/region input, or set AWS_REGION/)
  })
})

describe('policy inputs', () => {
  test.each([
    ['critical', 'CRITICAL'],
    ['High', 'HIGH'],
    ['untriaged', 'UNTRIAGED'],
    ['none', 'NONE'],
    ['', undefined]
  ])('severity-threshold %p reads as %p (empty is left to the policy file)', (value, expected) => {
    expect(getInputs(reader({ 'repository-name': 'app', 'image-tag': 'v1', 'severity-threshold': value })).severityThreshold).toBe(expected)
  })

  test('only-fixed stays undefined when empty so a policy file can set it', () => {
    expect(getInputs(reader({ 'repository-name': 'app', 'image-tag': 'v1' })).onlyFixed).toBeUndefined()
    expect(getInputs(reader({ 'repository-name': 'app', 'image-tag': 'v1', 'only-fixed': 'TRUE' })).onlyFixed).toBe(true)
  })

  test('ignore takes commas, spaces and newlines', () => {
    expect(splitList('CVE-2024-1, GHSA-xxxx-yyyy-zzzz\nCVE-2024-2  CVE-2024-3,,')).toEqual([
      'CVE-2024-1',
      'GHSA-xxxx-yyyy-zzzz',
      'CVE-2024-2',
      'CVE-2024-3'
    ])
  })

  test('a comment runs to the end of its line, a lone CR included', () => {
    const ignore = 'CVE-2024-1 # not reachable\r still the comment\nCVE-2024-2'
    expect(getInputs(reader({ 'repository-name': 'app', 'image-tag': 'v1', ignore })).ignore).toEqual(['CVE-2024-1', 'CVE-2024-2'])
  })

  test.each([
    ['ignore', `CVE-2024-1 ${' #'.repeat(100_000)}\r more`],
    ['wait-timeout', `${'1'.repeat(200_000)}x`]
  ])('a long %s is read in one pass, not once per character', (name, value) => {
    const started = performance.now()
    try {
      getInputs(reader({ 'repository-name': 'app', 'image-tag': 'v1', [name]: value }))
    } catch {
      // refused or not, it must not take long
    }
    expect(performance.now() - started).toBeLessThan(2_000)
  })

  test('a block written as a YAML list reads as that list', () => {
    expect(getInputs(reader({ 'repository-name': 'app', 'image-tag': 'v1', ignore: '- CVE-2024-1\n  - GHSA-xxxx-yyyy-zzzz\n-\tCVE-2024-2\n' })).ignore).toEqual([
      'CVE-2024-1',
      'GHSA-xxxx-yyyy-zzzz',
      'CVE-2024-2'
    ])
  })

  test('ignore takes a CVE id in lower case, as ids match without case', () => {
    expect(getInputs(reader({ 'repository-name': 'app', 'image-tag': 'v1', ignore: 'cve-2024-3094' })).ignore).toEqual(['cve-2024-3094'])
  })

  test('ignore: # starts a comment, so a reason can stand beside its id', () => {
    const ignore = '- CVE-2024-1 # accepted: not reachable (SEC-42)\r\n# a whole line\r\nRHSA-2024:1234, ALAS2023-2024-123\n'
    expect(getInputs(reader({ 'repository-name': 'app', 'image-tag': 'v1', ignore })).ignore).toEqual(['CVE-2024-1', 'RHSA-2024:1234', 'ALAS2023-2024-123'])
  })

  test.each([
    ['CVE-2024-1 (not reachable)', /^Input ignore takes finding ids .*; got "\(not"\. Write a reason after # on its line/],
    ['CVE2024-1234', /^Input ignore: "CVE2024-1234" is not a CVE id; did you mean CVE-2024-1234\?$/],
    ['cve_2024_12345', /did you mean CVE-2024-12345\?$/],
    ['GHSA-xxxx#reason', /got "GHSA-xxxx#reason"/],
    ['https://nvd.nist.gov/vuln/detail/CVE-2024-3094', /got "https:\/\/nvd\.nist\.gov\/vuln\/detail\/CVE-2024-3094"/]
  ])('ignore refuses %j, which could never match a finding', (ignore, message) => {
    expect(() => getInputs(reader({ 'repository-name': 'app', 'image-tag': 'v1', ignore }))).toThrow(message)
  })

  test('action.yml defaults give a 600 s wait polled from 5 s, failing the build', () => {
    const inputs = getInputs(reader({ 'repository-name': 'app', 'image-tag': 'v1' }))
    expect(inputs).toMatchObject({
      waitTimeoutMs: 600_000,
      pollIntervalMs: 5_000,
      startScan: false,
      failBuild: true,
      summary: true,
      annotations: true,
      sarifFile: 'ecr-scan-gate.sarif',
      reportFile: 'ecr-scan-gate.json',
      commentOnPr: false
    })
  })

  test('the longest wait (5 days) and request (an hour) are accepted as given', () => {
    const inputs = getInputs(reader({ 'repository-name': 'app', 'image-tag': 'v1', 'wait-timeout': '432000', 'request-timeout': '3600' }))
    expect(inputs).toMatchObject({ waitTimeoutMs: 432_000_000, requestTimeoutMs: 3_600_000 })
  })

  test('a baseline digest alone names the baseline in the image repository, with no tag of the image', () => {
    const inputs = getInputs(reader({ 'repository-name': 'app', 'image-tag': 'pr-7', 'baseline-digest': DIGEST }))
    expect(inputs.baseline).toEqual({ repositoryName: 'app', region: 'eu-west-1', registryId: undefined, imageTag: undefined, imageDigest: DIGEST })
  })

  test('booleans read in the three cases YAML writes them; lists of VEX files split like ignore', () => {
    const inputs = getInputs(reader({ 'repository-name': 'app', 'image-tag': 'v1', 'fail-build': 'FALSE', summary: 'False', 'vex-file': 'a.json b.json,c.json' }))
    expect(inputs).toMatchObject({ failBuild: false, summary: false, vexFiles: ['a.json', 'b.json', 'c.json'] })
  })

  test('intervals below their floor are raised to it: 10 ms polls, 100 ms requests', () => {
    const inputs = getInputs(reader({ 'repository-name': 'app', 'image-tag': 'v1', 'poll-interval': '0.001', 'request-timeout': '0.05' }))
    expect(inputs).toMatchObject({ pollIntervalMs: 10, requestTimeoutMs: 100 })
  })

  test('seconds are plain decimals: JavaScript number literals are refused, whole and fractional forms accepted', () => {
    for (const value of ['0x10', '0b11', '0o7', '1e1', 'Infinity', '5s', '1_000', '+5']) {
      expect(() => getInputs(reader({ 'repository-name': 'app', 'image-tag': 'v1', 'wait-timeout': value }))).toThrow(`Input wait-timeout must be a number of seconds, 0 or more and at most 432000 (5 days, the longest a job can run); got "${value}".`)
    }
    const inputs = getInputs(reader({ 'repository-name': 'app', 'image-tag': 'v1', 'wait-timeout': '90.', 'poll-interval': '.5', 'request-timeout': '007' }))
    expect(inputs).toMatchObject({ waitTimeoutMs: 90_000, pollIntervalMs: 500, requestTimeoutMs: 7_000 })
  })

  test('reporting inputs of a run whose inputs are bad: a bad summary value still gets a summary, a bad comment value no comment', () => {
    const settings = reportingInputs(reader({ 'repository-name': 'app', 'image-tag': 'v1', summary: 'x', 'comment-on-pr': 'x', 'request-timeout': '0.05' }))
    expect(settings).toMatchObject({ summary: true, commentOnPr: false, requestTimeoutMs: 100, target: { repositoryName: 'app', imageTag: 'v1' } })
  })

  test('an image without a region input warns about nothing', () => {
    warning.mockClear()
    getInputs(reader({ image: '123456789012.dkr.ecr.us-west-2.amazonaws.com/app:v1' }))
    expect(warning).not.toHaveBeenCalled()
  })

  test('a baseline digest beside a baseline tag wins, as the image\'s does', () => {
    const inputs = getInputs(reader({ 'repository-name': 'app', 'image-tag': 'pr-7', 'baseline-tag': 'main', 'baseline-digest': DIGEST }))
    expect(inputs.baseline).toMatchObject({ repositoryName: 'app', imageDigest: DIGEST })
  })

  test("a baseline tag beside an image given by digest names the baseline by its tag, not by the image's digest", () => {
    const inputs = getInputs(reader({ image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/app@${DIGEST}`, 'baseline-tag': 'main' }))
    expect(inputs.baseline).toEqual({ registryId: '123456789012', region: 'us-east-1', repositoryName: 'app', imageTag: 'main', imageDigest: undefined })
  })

  test('a baseline tag stays in the image repository and registry', () => {
    const inputs = getInputs(
      reader({ image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:pr-7', 'baseline-tag': 'main' })
    )
    expect(inputs.baseline).toEqual({
      registryId: '123456789012',
      region: 'us-east-1',
      repositoryName: 'app',
      imageTag: 'main',
      imageDigest: undefined
    })
  })
})

test('the github-token is registered with the runner as a secret before anything else is read, and left out of messages', () => {
  setSecret.mockClear()
  getInputs(reader({ 'repository-name': 'app', 'image-tag': 'v1', 'github-token': 'custom-app-token-0123' }))
  expect(setSecret).toHaveBeenCalledWith('custom-app-token-0123')
  expect(withoutSecrets('GitHub said: custom-app-token-0123 is not valid')).toBe('GitHub said: *** is not valid')
})
