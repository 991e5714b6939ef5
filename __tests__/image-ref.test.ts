import { ConfigurationError } from '../src/errors.js'
import { isDigest, isRepositoryName, isTag, parseImageReference, parseRegistryHost } from '../src/image-ref.js'

const HEX = 'a'.repeat(64)

test.each([
  ['the standard host', '123456789012.dkr.ecr.us-east-1.amazonaws.com', 'us-east-1'],
  ['a China host', '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn', 'cn-north-1'],
  ['a FIPS host', '123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com', 'us-gov-west-1'],
  ['a dual-stack host', '123456789012.dkr-ecr.eu-west-1.on.aws', 'eu-west-1'],
  ['a host in capitals', '123456789012.DKR.ECR.US-EAST-1.AMAZONAWS.COM', 'us-east-1'],
  ['a host with its port', '123456789012.dkr.ecr.us-east-1.amazonaws.com:443', 'us-east-1'],
  ['a European Sovereign Cloud host', '123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu', 'eusc-de-east-1'],
  ['an isolated partition host', '123456789012.dkr.ecr.us-iso-east-1.c2s.ic.gov', 'us-iso-east-1']
])('%s names the registry and its region', (_, host, region) => {
  expect(parseRegistryHost(host)).toEqual({ registryId: '123456789012', region })
  expect(parseImageReference(` ${host}/team/app:v1 `)).toEqual({ registryId: '123456789012', region, repositoryName: 'team/app', imageTag: 'v1', imageDigest: undefined })
})

test.each([
  'docker.io',
  '12345678901.dkr.ecr.us-east-1.amazonaws.com',
  // One digit more is another account, not the one its last twelve digits spell; nor is any prefix.
  '1123456789012.dkr.ecr.us-east-1.amazonaws.com',
  'evil-123456789012.dkr.ecr.us-east-1.amazonaws.com',
  '123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example',
  '123456789012.dkr.ecr.us-east-1.amazonaws.com.evil'
])(
  '%s is no ECR registry',
  (host) => {
    expect(parseRegistryHost(host)).toBeUndefined()
    expect(() => parseImageReference(`${host}/app:v1`)).toThrow(ConfigurationError)
  }
)

test('names at the edges of what ECR accepts', () => {
  expect(isDigest(`sha256:${HEX}`)).toBe(true)
  expect(isDigest(`sha256:${HEX.toUpperCase()}`)).toBe(false)
  expect(isDigest(`sha256:${HEX.slice(1)}`)).toBe(false)
  expect(isRepositoryName('ab')).toBe(true)
  expect(isRepositoryName('a')).toBe(false)
  expect(isRepositoryName('a'.repeat(256))).toBe(true)
  expect(isRepositoryName('a'.repeat(257))).toBe(false)
  expect(isRepositoryName('team/my-app_1.0')).toBe(true)
  expect(isRepositoryName('team//app')).toBe(false)
  expect(isRepositoryName('a--b')).toBe(false)
  expect(isRepositoryName('team/a..b')).toBe(false)
  expect(isTag('v1.2.3-rc_1')).toBe(true)
  expect(isTag('t'.repeat(300))).toBe(true)
  expect(isTag('t'.repeat(301))).toBe(false)
  expect(isTag('.hidden')).toBe(false)
  expect(isTag('-flag')).toBe(false)
  expect(isTag('_ok')).toBe(true)
})

test('a reference ending in a bare colon is refused, not read as latest', () => {
  expect(() => parseImageReference('123456789012.dkr.ecr.us-east-1.amazonaws.com/app:')).toThrow(ConfigurationError)
})

test('a reference by digest alone names no tag: latest is only for a reference with neither', () => {
  expect(parseImageReference(`123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:${HEX}`)).toMatchObject({ imageTag: undefined, imageDigest: `sha256:${HEX}` })
})

test.each([
  ['the registry alone (amazon-ecr-login’s registry output)', '123456789012.dkr.ecr.us-east-1.amazonaws.com', /which names only the registry: append \/REPOSITORY:TAG/],
  ['the registry and a slash', '123456789012.dkr.ecr.us-east-1.amazonaws.com/', /which names only the registry/],
  ['two references, one per line (docker/metadata-action’s tags)', 'r.example/app:v1\n123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1', /^image holds 2 references; give one, the ECR one/],
  ['a scheme', 'https://123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1', /without a scheme; .*drop "https:\/\/"/],
  ['ECR Public', 'public.ecr.aws/nginx/nginx:latest', /host "public\.ecr\.aws", which is not a private ECR registry\. .*only private ECR registries have/],
  ['Docker Hub', 'nginx:latest', /"nginx:latest" \(no registry host\)\. .*gate the copy pushed to your ECR registry/],
  ['a repository in capitals', '123456789012.dkr.ecr.us-east-1.amazonaws.com/MyApp:v1', /"MyApp" is not a valid ECR repository name \(2 to 256 lowercase letters/]
])('%s: the message says what to give instead', (_, reference, message) => {
  expect(() => parseImageReference(reference)).toThrow(message)
})
