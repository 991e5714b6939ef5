import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ConfigurationError } from '../src/errors.js'
import type { Finding } from '../src/finding.js'
import { type IgnoreRule, type ImageIdentity, decide } from '../src/policy.js'
import { loadVexRules, packageName, parsePurl, productMatcher } from '../src/vex.js'

const HEX = 'a'.repeat(64)
const DIGEST = `sha256:${HEX}`
const OTHER = `sha256:${'b'.repeat(64)}`
const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com'
let dir: string

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vex-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

function openvex(statements: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    '@context': 'https://openvex.dev/ns/v0.2.0',
    '@id': 'https://openvex.dev/docs/public/vex-1',
    author: 'security@example.com',
    timestamp: '2026-03-01T10:00:00Z',
    version: 1,
    statements,
    ...extra
  })
}

async function load(...documents: string[]): Promise<{ rules: IgnoreRule[]; warnings: string[] }> {
  const files = await Promise.all(
    documents.map(async (text, i) => {
      const file = path.join(dir, `doc${i}.openvex.json`)
      await writeFile(file, text)
      return { path: file, label: `vex/doc${i}.openvex.json` }
    })
  )
  return loadVexRules(files)
}

async function errorOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(ConfigurationError)
  return (error as Error).message
}

describe('package URLs', () => {
  test.each([
    ['pkg:oci/debian@sha256%3A' + HEX + '?repository_url=docker.io/library/debian&arch=amd64&tag=latest', {
      type: 'oci', namespace: [], name: 'debian', version: DIGEST, qualifiers: { repository_url: 'docker.io/library/debian', arch: 'amd64', tag: 'latest' }
    }],
    ['pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12', {
      type: 'deb', namespace: ['debian'], name: 'openssl', version: '3.0.11-1~deb12u2', qualifiers: { arch: 'amd64', distro: 'debian-12' }
    }],
    ['pkg:npm/%40babel/core@7.24.0', { type: 'npm', namespace: ['@babel'], name: 'core', version: '7.24.0', qualifiers: {} }],
    // Seen in the wild: an unencoded scope and no version.
    ['pkg:npm/@babel/core', { type: 'npm', namespace: ['@babel'], name: 'core', version: undefined, qualifiers: {} }],
    ['pkg:golang/github.com/opencontainers/runc@v1.1.11#libcontainer', {
      type: 'golang', namespace: ['github.com', 'opencontainers'], name: 'runc', version: 'v1.1.11', qualifiers: {}
    }],
    ['PKG:PyPI/requests@2.31.0', { type: 'pypi', namespace: [], name: 'requests', version: '2.31.0', qualifiers: {} }]
  ])('%s', (purl, expected) => {
    expect(parsePurl(purl)).toEqual(expected)
  })

  test.each(['https://example.com/pkg', 'openssl', 'pkg:', 'pkg:npm', 'pkg:npm/%E0%A4%A'])('%s is not a package URL', (value) => {
    expect(parsePurl(value)).toBeUndefined()
  })

  test.each([
    ['pkg:deb/debian/openssl@3.0.11', 'openssl'],
    ['pkg:rpm/amzn/openssl-libs@3.0.8?arch=x86_64', 'openssl-libs'],
    ['pkg:npm/%40babel/core@7.24.0', '@babel/core'],
    ['pkg:npm/lodash@4.17.21', 'lodash'],
    ['pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', 'org.apache.logging.log4j:log4j-core'],
    ['pkg:golang/github.com/opencontainers/runc@v1.1.11', 'github.com/opencontainers/runc'],
    ['pkg:pypi/requests@2.31.0', 'requests']
  ])('%s names the package %s', (purl, name) => {
    const parsed = parsePurl(purl)
    expect(parsed && packageName(parsed)).toBe(name)
  })
})

describe('which image a product names', () => {
  test.each([
    ['a bare digest', DIGEST, { digests: [DIGEST] }],
    ['an ECR reference with a digest', `${ECR}/team/app@${DIGEST}`, { digests: [DIGEST] }],
    ['a pkg:oci purl with an encoded digest', `pkg:oci/app@sha256%3A${HEX}?repository_url=${ECR}/team/app&tag=v1`, { digests: [DIGEST] }],
    ['a digest in capitals', `sha256:${HEX.toUpperCase()}`, { digests: [DIGEST] }],
    ['a pkg:oci purl, repository_url holding the whole repository', `pkg:oci/app?repository_url=${ECR}/team/app`, { repositories: ['team/app'] }],
    ['a pkg:oci purl, repository_url holding the namespace only', `pkg:oci/app?repository_url=${ECR}/team`, { repositories: ['team/app'] }],
    ['a pkg:oci purl, repository_url with a scheme', `pkg:oci/app?repository_url=https://${ECR}/team/app`, { repositories: ['team/app'] }],
    ['a pkg:oci purl, repository_url holding the registry only', `pkg:oci/app?repository_url=${ECR}`, { name: 'app' }],
    ['a pkg:oci purl without repository_url', 'pkg:oci/app?tag=v1', { name: 'app', tag: 'v1' }],
    ['an ECR reference with a tag', `${ECR}/team/app:v1`, { repositories: ['team/app'], tag: 'v1' }],
    ['a registry with a port', 'localhost:5000/team/app', { repositories: ['team/app'] }],
    ['a bare repository name', 'team/app', { repositories: ['team/app'] }],
    ['a package purl', 'pkg:deb/debian/openssl@3.0.11', undefined],
    ['a URL', 'https://example.com/products/app', undefined],
    ['a CPE', 'cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*', undefined]
  ])('%s', (_, id, expected) => {
    expect(productMatcher({ '@id': id })).toEqual(expected)
  })

  test('a sha-256 hash names the image digest', () => {
    expect(productMatcher({ '@id': 'team/app', hashes: { 'sha-256': HEX } })).toEqual({ digests: [DIGEST] })
  })

  test('an identifiers purl is read when @id is not an image', () => {
    expect(productMatcher({ '@id': 'https://example.com/app', identifiers: { purl: `pkg:oci/app@${OTHER}` } })).toEqual({ digests: [OTHER] })
  })

  test('an OpenVEX v0.0.1 string product', () => {
    expect(productMatcher(`pkg:oci/app@${DIGEST}`)).toEqual({ digests: [DIGEST] })
  })
})

describe('statements to rules', () => {
  const product = { '@id': `pkg:oci/app@sha256%3A${HEX}?repository_url=${ECR}/team/app` }

  test.each([
    ['not_affected', 1],
    ['fixed', 1],
    ['affected', 0],
    ['under_investigation', 0]
  ])('status %s gives %d rules', async (status, count) => {
    const { rules } = await load(openvex([{ vulnerability: { name: 'CVE-2023-1' }, products: [product], status, justification: 'component_not_present' }]))
    expect(rules).toHaveLength(count)
  })

  test('a not_affected statement becomes a rule with the justification as its reason and the image as its product', async () => {
    const { rules, warnings } = await load(
      openvex([
        {
          vulnerability: { '@id': 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228', name: 'CVE-2021-44228', aliases: ['GHSA-jfh8-c2jp-5v3q', 'CVE-2021-44228'] },
          products: [product],
          status: 'not_affected',
          justification: 'vulnerable_code_not_in_execute_path',
          impact_statement: 'JNDI lookups are disabled'
        }
      ])
    )
    expect(warnings).toEqual([])
    expect(rules).toEqual([
      {
        id: 'CVE-2021-44228',
        aliases: ['GHSA-jfh8-c2jp-5v3q'],
        reason: 'vulnerable_code_not_in_execute_path: JNDI lookups are disabled',
        source: 'VEX vex/doc0.openvex.json',
        products: [{ digests: [DIGEST] }]
      }
    ])
  })

  test.each([
    [{ justification: 'component_not_present' }, 'component_not_present'],
    [{ impact_statement: 'not loaded' }, 'not loaded'],
    [{ status_notes: 'patched in our build' }, 'patched in our build'],
    [{}, 'not_affected'],
    [{ impact_statement: 'line one\n::error::line two\u202e' }, 'line one ::error::line two']
  ])('the reason falls back: %j → %s', async (fields, reason) => {
    const { rules } = await load(openvex([{ vulnerability: { name: 'CVE-1' }, status: 'not_affected', ...fields }]))
    expect(rules[0]?.reason).toBe(reason)
  })

  test('a statement without products covers every image', async () => {
    const { rules } = await load(openvex([{ vulnerability: { name: 'CVE-1' }, status: 'fixed' }]))
    expect(rules).toEqual([{ id: 'CVE-1', reason: 'fixed', source: 'VEX vex/doc0.openvex.json' }])
  })

  test('an OpenVEX v0.0.1 document (vulnerability and products as strings) is read', async () => {
    const { rules } = await load(
      openvex([{ vulnerability: 'CVE-1', products: [`pkg:oci/app@${DIGEST}`], subcomponents: ['pkg:deb/debian/zlib@1.2'], status: 'not_affected', justification: 'inline_mitigations_already_exist' }], {
        '@context': 'https://openvex.dev/ns'
      })
    )
    expect(rules).toEqual([
      { id: 'CVE-1', package: 'zlib', reason: 'inline_mitigations_already_exist', source: 'VEX vex/doc0.openvex.json', products: [{ digests: [DIGEST] }] }
    ])
  })

  test('subcomponents with package URLs scope the rule to those packages', async () => {
    const { rules } = await load(
      openvex([
        {
          vulnerability: { name: 'CVE-1' },
          products: [{ ...product, subcomponents: [{ '@id': 'pkg:deb/debian/openssl@3.0.11' }, { identifiers: { purl: 'pkg:npm/%40scope/lib@1.0.0' } }] }],
          status: 'not_affected',
          justification: 'vulnerable_code_not_present'
        }
      ])
    )
    expect(rules.map((r) => [r.id, r.package])).toEqual([
      ['CVE-1', 'openssl'],
      ['CVE-1', '@scope/lib']
    ])
  })

  test('a subcomponent without a package URL is not applied, and a warning says so', async () => {
    const { rules, warnings } = await load(
      openvex([
        {
          vulnerability: { name: 'CVE-1' },
          products: [{ ...product, subcomponents: [{ '@id': 'cpe:2.3:a:openssl:openssl:3:*:*:*:*:*:*:*' }] }],
          status: 'not_affected',
          justification: 'vulnerable_code_not_present'
        }
      ])
    )
    expect(rules).toEqual([])
    expect(warnings).toEqual([
      'VEX vex/doc0.openvex.json: subcomponents without a package URL cannot be matched to a package, so they are not applied: statement 0 (CVE-1).'
    ])
  })

  test('products of several images make one rule listing them', async () => {
    const { rules } = await load(
      openvex([{ vulnerability: { name: 'CVE-1' }, products: [product, { '@id': `pkg:oci/app@${OTHER}` }, product], status: 'fixed' }])
    )
    expect(rules).toHaveLength(1)
    expect(rules[0]?.products).toEqual([{ digests: [DIGEST] }, { digests: [OTHER] }])
  })

  test('a file whose statements name only non-image products ignores nothing, and a warning says so', async () => {
    const { rules, warnings } = await load(
      openvex([{ vulnerability: { name: 'CVE-1' }, products: [{ '@id': 'pkg:deb/debian/openssl@3' }], status: 'not_affected', justification: 'component_not_present' }])
    )
    expect(rules).toEqual([])
    expect(warnings).toEqual([expect.stringContaining('no statement names an image product')])
  })

  describe('a later statement overrides an earlier one for the same vulnerability and product', () => {
    const statement = (status: string, timestamp?: string) => ({
      vulnerability: { name: 'CVE-1' },
      products: [product],
      status,
      justification: 'component_not_present',
      ...(timestamp ? { timestamp } : {})
    })

    test.each([
      ['not_affected, then affected (document order)', [statement('not_affected'), statement('affected')], 0],
      ['affected, then fixed (document order)', [statement('affected'), statement('fixed')], 1],
      ['affected at a later time, listed first', [statement('affected', '2026-05-01T00:00:00Z'), statement('not_affected', '2026-04-01T00:00:00Z')], 0],
      ['not_affected at a later time, listed first', [statement('not_affected', '2026-05-01T00:00:00Z'), statement('affected', '2026-04-01T00:00:00Z')], 1]
    ])('%s → %d rules', async (_, statements, count) => {
      expect((await load(openvex(statements))).rules).toHaveLength(count)
    })

    test('across files too: the newer document wins', async () => {
      const older = openvex([statement('not_affected')], { timestamp: '2026-01-01T00:00:00Z' })
      const newer = openvex([statement('under_investigation')], { timestamp: '2026-02-01T00:00:00Z' })
      expect((await load(newer, older)).rules).toEqual([])
      expect((await load(older, newer)).rules).toEqual([])
    })

    test('a statement about another product does not override', async () => {
      const other = { ...statement('affected'), products: [{ '@id': `pkg:oci/app@${OTHER}` }] }
      expect((await load(openvex([statement('not_affected'), other]))).rules).toHaveLength(1)
    })
  })
})

describe('bad documents are errors that name the file', () => {
  test.each([
    ['not JSON', '{"@context": ', /^vex-file vex\/doc0\.openvex\.json is not valid JSON: /],
    ['no @context', JSON.stringify({ statements: [] }), /is not an OpenVEX document: @context: missing; expected the OpenVEX context/],
    ['another @context', JSON.stringify({ '@context': 'https://cyclonedx.org/schema', statements: [] }), /is not an OpenVEX document: @context:/],
    ['no statements', JSON.stringify({ '@context': 'https://openvex.dev/ns' }), /statements: missing; expected a list of statements/],
    ['statements not a list', JSON.stringify({ '@context': 'https://openvex.dev/ns', statements: {} }), /statements: got \{\}; expected a list/],
    ['an unknown status', openvex([{ vulnerability: { name: 'CVE-1' }, status: 'wontfix' }]), /statements\[0\]\.status: got "wontfix"; expected not_affected, affected, fixed, under_investigation/],
    ['no vulnerability', openvex([{ status: 'fixed' }]), /statements\[0\]\.vulnerability: missing/],
    ['a vulnerability without a name', openvex([{ vulnerability: { description: 'x' }, status: 'fixed' }]), /statements\[0\]\.vulnerability names no vulnerability/],
    ['a JSON array', '[]', /is not an OpenVEX document/]
  ])('%s', async (_, text, pattern) => {
    const message = await errorOf(load(text))
    expect(message).toMatch(pattern)
    expect(message).toContain('vex/doc0.openvex.json')
  })

  test('a file that does not exist', async () => {
    const message = await errorOf(loadVexRules([{ path: path.join(dir, 'missing.json'), label: 'missing.json' }]))
    expect(message).toBe(`vex-file missing.json cannot be read: it does not exist (looked at ${path.join(dir, 'missing.json')}).`)
  })

  test('a directory', async () => {
    await mkdir(path.join(dir, 'vexdir'))
    expect(await errorOf(loadVexRules([{ path: path.join(dir, 'vexdir'), label: 'vexdir' }]))).toMatch(/it is a directory/)
  })
})

describe('VEX rules in the decision', () => {
  const NOW = new Date('2026-06-01T00:00:00Z')
  const policy = (ignore: IgnoreRule[]) => ({ severityThreshold: 'LOW' as const, onlyFixed: false, blockExploitable: false, minScore: undefined, max: {}, ignore })
  const finding = (id: string, pkg = 'openssl'): Finding => ({
    kind: 'enhanced', id, severity: 'HIGH', rawSeverity: 'HIGH', title: '', description: '', link: '', packageName: pkg, packageVersion: '1',
    fixedInVersion: '', packages: [{ name: pkg, version: '1', fixedInVersion: '', filePath: '', packageManager: 'OS' }], fixAvailable: 'YES',
    exploitAvailable: 'NO', score: 7, vector: '', inspectorStatus: 'ACTIVE', findingArn: ''
  })

  test.each<[string, string, ImageIdentity, string[]]>([
    ['digest purl, image named by tag, digest resolved', `pkg:oci/app@sha256%3A${HEX}`, { repositoryName: 'team/app', imageTag: 'v1', imageDigest: DIGEST }, ['ignored', 'blocking']],
    ['digest purl, another image', `pkg:oci/app@sha256%3A${HEX}`, { repositoryName: 'team/app', imageTag: 'v1', imageDigest: OTHER }, ['blocking', 'blocking']],
    ['repository purl', `pkg:oci/app?repository_url=${ECR}/team/app`, { repositoryName: 'team/app', imageDigest: OTHER }, ['ignored', 'blocking']],
    ['repository purl, another repository', `pkg:oci/app?repository_url=${ECR}/team/app`, { repositoryName: 'team/web', imageDigest: OTHER }, ['blocking', 'blocking']],
    ['reference with a tag', `${ECR}/team/app:v1`, { repositoryName: 'team/app', imageTag: 'v1', imageDigest: OTHER }, ['ignored', 'blocking']]
  ])('%s', async (_, id, image, decisions) => {
    const { rules } = await load(openvex([{ vulnerability: { name: 'CVE-1', aliases: ['GHSA-xxxx'] }, products: [{ '@id': id }], status: 'not_affected', justification: 'component_not_present' }]))
    const verdict = decide([finding('GHSA-xxxx'), finding('CVE-2')], policy(rules), { now: NOW, image })
    expect(verdict.decided.map((d) => d.decision)).toEqual(decisions)
  })
})
