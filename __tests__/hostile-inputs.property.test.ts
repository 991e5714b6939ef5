// Hostile input, property-based: whatever a workflow author types or ECR (or a package author, through ECR) sends, the
// parsers either accept it or reject it with a ConfigurationError naming the problem, the normalisers never throw, and
// the decision's counts stay consistent. Anything else would surface as a stack trace or, worse, a wrong verdict.
import { jest } from '@jest/globals'
import fc from 'fast-check'
import { actionDefaults } from './support/run-action.js'

jest.unstable_mockModule('@actions/core', () => ({ getInput: jest.fn(), setSecret: jest.fn(), info: jest.fn(), warning: jest.fn() }))
const { getInputs } = await import('../src/inputs.js')
const { parseImageReference, isDigest, isRepositoryName, isTag } = await import('../src/image-ref.js')
const { ConfigurationError } = await import('../src/errors.js')
const { SEVERITIES, fromBasic, fromEnhanced } = await import('../src/finding.js')
const { THRESHOLDS, decide, findingKey } = await import('../src/policy.js')
type Finding = import('../src/finding.js').Finding
type Policy = import('../src/policy.js').Policy
type IgnoreRule = import('../src/policy.js').IgnoreRule

const DEFAULTS = actionDefaults()
const INPUT_NAMES = Object.keys(DEFAULTS)
const DIGEST = `sha256:${'ab'.repeat(32)}`

// -------------------------------------------------------------------------------------------------------------------
// Generators

/** Text a hostile or careless author could produce: any unicode, control characters, separators, and very long runs. */
const hostileText = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 2 },
  {
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\n',
      '\r\n',
      '\u0000',
      '\u2028',
      '::error::boom',
      '%0A',
      '${{ github.token }}',
      'NaN',
      'Infinity',
      '-Infinity',
      '1e309',
      '-0',
      '0x10',
      '1_000',
      '٣',
      'true ',
      'TRUE',
      'yes',
      'null',
      'undefined',
      '__proto__',
      'constructor',
      'sha256:',
      `sha256:${'A'.repeat(64)}`,
      'a'.repeat(300),
      'a'.repeat(301),
      'x'.repeat(1_000_000),
      '😀'.repeat(10_000)
    ),
    weight: 2
  }
)

/** Values that are each valid for some input, so a run of them reaches the checks behind the first one. */
const plausible = fc.constantFrom(
  '',
  'true',
  'false',
  'app',
  'team/app',
  'v1',
  'latest',
  DIGEST,
  'CRITICAL',
  'high',
  'none',
  '0',
  '0.05',
  '5',
  '600',
  'us-east-1',
  'eu-central-1',
  '123456789012',
  'CVE-2024-1, GHSA-xxxx-yyyy-zzzz',
  `123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1`,
  `123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app@${DIGEST}`,
  'ecr-scan-gate.sarif'
)

/** A valid way to name the image, most of the time, so that the checks behind the target are reached too. */
const validTarget = fc.constantFrom<Record<string, string>>(
  { image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1' },
  { image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:v1@${DIGEST}` },
  { 'repository-name': 'app', 'image-tag': 'v1' },
  { 'repository-name': 'team/app', 'image-digest': DIGEST, 'registry-id': '123456789012' },
  {}
)

/** The `with:` block: a target, then a few inputs set to something plausible or to hostile text; the rest defaults. */
const withInputs = fc
  .tuple(validTarget, fc.dictionary(fc.constantFrom(...INPUT_NAMES), fc.oneof(plausible, hostileText), { maxKeys: 4 }))
  .map(([target, overrides]) => ({ ...target, ...overrides }))

/** Any JSON value, plus the non-JSON oddities a future SDK could hand over (undefined, NaN, -0, huge strings). */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 4 },
  { arbitrary: hostileText, weight: 3 },
  { arbitrary: fc.constantFrom(undefined, null, NaN, -0, Infinity, -1, 11, 1e308, true, false, [], {}), weight: 2 },
  { arbitrary: fc.double(), weight: 1 }
)

const severityLike = fc.oneof(fc.constantFrom(...SEVERITIES, 'UNDEFINED', 'critical', ' High ', 'SEVERE', ''), anyValue)

/** Either any value, or one of the given plausible values: hostile input still has to reach the deeper fields. */
function field(...likely: fc.Arbitrary<unknown>[]): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: anyValue, weight: 1 }, ...likely.map((arbitrary) => ({ arbitrary, weight: 2 })))
}

const rawBasic = fc.oneof(
  { arbitrary: anyValue, weight: 1 },
  {
    arbitrary: fc.record(
      {
        name: field(fc.constantFrom('CVE-2024-1', 'CVE-2024-2', 'cve-2024-1', 'GHSA-aaaa-bbbb-cccc')),
        description: field(hostileText),
        uri: field(fc.constantFrom('https://example.com/x', 'javascript:alert(1)')),
        severity: severityLike,
        attributes: field(
          fc.array(
            fc.record(
              {
                key: field(fc.constantFrom('package_name', 'package_version', 'CVSS3_SCORE', 'CVSS3_VECTOR', 'CVSS2_SCORE', 'CVSS2_VECTOR')),
                value: field(hostileText, fc.constantFrom('7.5', '10.0', '-1', '11', 'abc', ' '))
              },
              { requiredKeys: [] }
            ),
            { maxLength: 8 }
          )
        )
      },
      { requiredKeys: [] }
    ),
    weight: 4
  }
)

const rawPackage = fc.record(
  {
    name: field(fc.constantFrom('openssl', 'lodash', 'OpenSSL')),
    version: field(hostileText),
    release: field(hostileText),
    fixedInVersion: field(fc.constantFrom('NotAvailable', '1.2.3', '')),
    filePath: field(hostileText),
    packageManager: field(fc.constantFrom('OS', 'NPM'))
  },
  { requiredKeys: [] }
)

const rawEnhanced = fc.oneof(
  { arbitrary: anyValue, weight: 1 },
  {
    arbitrary: fc.record(
      {
        findingArn: field(fc.constantFrom('arn:aws:inspector2:us-east-1:123456789012:finding/1', '')),
        title: field(hostileText, fc.constantFrom('CVE-2024-1 - openssl', ' ')),
        description: field(hostileText),
        severity: severityLike,
        status: field(fc.constantFrom('ACTIVE', 'SUPPRESSED', 'CLOSED', 'suppressed')),
        score: field(fc.double({ min: -1, max: 12 }), fc.constantFrom('7.5')),
        fixAvailable: field(fc.constantFrom('YES', 'NO', 'PARTIAL', 'yes')),
        exploitAvailable: field(fc.constantFrom('YES', 'NO', 'no')),
        packageVulnerabilityDetails: field(
          fc.record(
            {
              vulnerabilityId: field(fc.constantFrom('CVE-2024-1', 'CVE-2024-2', '')),
              sourceUrl: field(hostileText),
              referenceUrls: field(fc.array(anyValue, { maxLength: 3 })),
              cvss: field(fc.array(fc.record({ baseScore: anyValue, scoringVector: anyValue }, { requiredKeys: [] }), { maxLength: 2 })),
              vulnerablePackages: field(fc.array(field(rawPackage), { maxLength: 4 }))
            },
            { requiredKeys: [] }
          )
        ),
        scoreDetails: field(fc.record({ cvss: field(fc.record({ score: anyValue, scoringVector: anyValue }, { requiredKeys: [] })) })),
        remediation: field(fc.record({ recommendation: field(fc.record({ url: anyValue, text: anyValue }, { requiredKeys: [] })) })),
        resources: anyValue
      },
      { requiredKeys: [] }
    ),
    weight: 4
  }
)

const findings: fc.Arbitrary<Finding[]> = fc.array(
  fc.oneof(rawBasic.map((raw) => fromBasic(raw)), rawEnhanced.map((raw) => fromEnhanced(raw))),
  { maxLength: 40 }
)

const dayString = fc.oneof(
  fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  hostileText
)

function rules(ids: string[]): fc.Arbitrary<IgnoreRule[]> {
  const id = ids.length > 0 ? fc.oneof(fc.constantFrom(...ids), hostileText) : hostileText
  return fc.array(
    fc.record(
      {
        id,
        package: fc.option(fc.oneof(fc.constantFrom('openssl', 'OPENSSL', 'lodash'), hostileText), { nil: undefined }),
        reason: hostileText,
        expires: fc.option(dayString, { nil: undefined }),
        source: fc.constantFrom('ignore input', '.github/ecr-scan-gate.yml', 'vex.json'),
        aliases: fc.option(fc.array(id, { maxLength: 3 }), { nil: undefined })
      },
      { requiredKeys: ['id', 'reason', 'source'] }
    ),
    { maxLength: 8 }
  )
}

function policyFor(list: Finding[]): fc.Arbitrary<Policy> {
  return fc.record({
    severityThreshold: fc.constantFrom(...THRESHOLDS),
    onlyFixed: fc.boolean(),
    blockExploitable: fc.boolean(),
    minScore: fc.option(fc.double({ min: 0, max: 10, noNaN: true }), { nil: undefined }),
    max: fc.dictionary(fc.constantFrom(...SEVERITIES), fc.nat(5), { maxKeys: 3 }),
    ignore: rules(list.map((f) => f.id))
  })
}

// -------------------------------------------------------------------------------------------------------------------
// Properties

function onlyConfigurationErrors<T>(action: () => T): T | undefined {
  try {
    return action()
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error
    expect(error.message.length).toBeGreaterThan(0)
    return undefined
  }
}

describe('input parser', () => {
  const saved = { region: process.env.AWS_REGION, defaultRegion: process.env.AWS_DEFAULT_REGION }
  afterEach(() => {
    process.env.AWS_REGION = saved.region
    if (saved.defaultRegion === undefined) delete process.env.AWS_DEFAULT_REGION
    else process.env.AWS_DEFAULT_REGION = saved.defaultRegion
  })

  test('any `with:` block and AWS_REGION either parse into sane settings or fail with a ConfigurationError', () => {
    fc.assert(
      fc.property(withInputs, fc.oneof(fc.constant('us-east-1'), fc.constant(undefined), plausible, hostileText), (given, region) => {
        if (region === undefined) delete process.env.AWS_REGION
        else process.env.AWS_REGION = region
        delete process.env.AWS_DEFAULT_REGION
        const values: Record<string, string> = { ...DEFAULTS, ...given }
        // core.getInput trims; an undeclared name is a bug in the parser, and throws something other than a ConfigurationError.
        const read = (name: string): string => {
          if (!(name in values)) throw new Error(`read undeclared input ${name}`)
          return (values[name] ?? '').trim()
        }
        const inputs = onlyConfigurationErrors(() => getInputs(read))
        if (!inputs) return
        const { target } = inputs
        expect(isRepositoryName(target.repositoryName)).toBe(true)
        expect(target.imageTag !== undefined || target.imageDigest !== undefined).toBe(true)
        if (target.imageDigest !== undefined) expect(isDigest(target.imageDigest)).toBe(true)
        if (target.imageTag !== undefined) expect(isTag(target.imageTag)).toBe(true)
        expect(target.region).toMatch(/^[a-z]{2}(-[a-z]+)+-\d+$/)
        if (target.registryId !== undefined) expect(target.registryId).toMatch(/^\d{12}$/)
        for (const ms of [inputs.waitTimeoutMs, inputs.settleWindowMs]) expect(Number.isFinite(ms) && ms >= 0).toBe(true)
        expect(inputs.pollIntervalMs).toBeGreaterThanOrEqual(10)
        expect(inputs.requestTimeoutMs).toBeGreaterThanOrEqual(100)
        expect(Number.isFinite(inputs.pollIntervalMs) && Number.isFinite(inputs.requestTimeoutMs)).toBe(true)
        // Only what an advisory id can be: a comment, a reason in brackets or a URL never becomes a rule.
        for (const id of inputs.ignore) expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9._:+-]*$/)
        expect(inputs.severityThreshold === undefined || THRESHOLDS.includes(inputs.severityThreshold)).toBe(true)
      }),
      { numRuns: 400 }
    )
  })
})

describe('image reference parser', () => {
  const part = (valid: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: hostileText, weight: 1 })
  const host = part(fc.constantFrom('123456789012.dkr.ecr.us-east-1.amazonaws.com', '123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com', '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn', 'ghcr.io', '12345678901.dkr.ecr.us-east-1.amazonaws.com'))
  const repository = part(fc.constantFrom('app', 'team/app', 'a.b-c_d/e', 'App', 'a//b', '-a'))
  const tag = fc.option(part(fc.constantFrom('v1', 'latest', '1.2.3-rc_1', '.bad', 'x'.repeat(300))), { nil: undefined })
  const digest = fc.option(part(fc.constantFrom(DIGEST, 'sha256:abc', `sha512:${'a'.repeat(128)}`)), { nil: undefined })
  const reference = fc.oneof(
    { arbitrary: hostileText, weight: 1 },
    {
      arbitrary: fc
        .tuple(host, repository, tag, digest, fc.constantFrom('', ' ', '\n'))
        .map(([h, r, t, d, pad]) => `${pad}${h}/${r}${t === undefined ? '' : `:${t}`}${d === undefined ? '' : `@${d}`}${pad}`),
      weight: 4
    }
  )

  test('any string either parses into a valid ECR target or fails with a ConfigurationError naming the input', () => {
    fc.assert(
      fc.property(reference, fc.constantFrom('image', 'baseline-image'), (value, input) => {
        let ref
        try {
          ref = parseImageReference(value, input)
        } catch (error) {
          if (!(error instanceof ConfigurationError)) throw error
          expect(error.message.startsWith(`${input} must look like`) || error.message.startsWith(`${input} holds `)).toBe(true)
          return
        }
        expect(ref.registryId).toMatch(/^\d{12}$/)
        expect(ref.region.length).toBeGreaterThan(0)
        expect(isRepositoryName(ref.repositoryName)).toBe(true)
        expect(ref.imageTag !== undefined || ref.imageDigest !== undefined).toBe(true)
        if (ref.imageTag !== undefined) expect(isTag(ref.imageTag)).toBe(true)
        if (ref.imageDigest !== undefined) expect(isDigest(ref.imageDigest)).toBe(true)
      }),
      { numRuns: 500 }
    )
  })

  test('a reference built from valid parts parses back into exactly those parts', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{12}$/),
        fc.constantFrom('us-east-1', 'eu-central-1', 'ap-southeast-2'),
        fc.stringMatching(/^[a-z0-9]{1,10}(?:[._-][a-z0-9]{1,5}){0,2}(?:\/[a-z0-9]{1,10}){0,2}$/).filter((r) => r.length >= 2),
        fc.option(fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,40}$/), { nil: undefined }),
        fc.option(fc.stringMatching(/^[a-f0-9]{64}$/).map((hex) => `sha256:${hex}`), { nil: undefined }),
        (account, region, repositoryName, imageTag, imageDigest) => {
          fc.pre(imageTag !== undefined || imageDigest !== undefined)
          const text = `${account}.dkr.ecr.${region}.amazonaws.com/${repositoryName}${imageTag ? `:${imageTag}` : ''}${imageDigest ? `@${imageDigest}` : ''}`
          expect(parseImageReference(text)).toEqual({ registryId: account, region, repositoryName, imageTag, imageDigest })
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe('findings normalisers', () => {
  const severities: readonly string[] = SEVERITIES

  function expectSaneFinding(finding: Finding, kind: 'basic' | 'enhanced'): void {
    expect(finding.kind).toBe(kind)
    expect(severities).toContain(finding.severity)
    for (const key of ['id', 'rawSeverity', 'title', 'description', 'link', 'packageName', 'packageVersion', 'fixedInVersion', 'vector', 'inspectorStatus', 'findingArn'] as const) {
      expect(typeof finding[key]).toBe('string')
    }
    expect(['YES', 'NO', 'PARTIAL', 'UNKNOWN']).toContain(finding.fixAvailable)
    expect(['YES', 'NO', 'UNKNOWN']).toContain(finding.exploitAvailable)
    if (finding.score !== undefined) expect(finding.score >= 0 && finding.score <= 10).toBe(true)
    expect(Array.isArray(finding.packages)).toBe(true)
    for (const pkg of finding.packages) {
      for (const key of ['name', 'version', 'fixedInVersion', 'filePath', 'packageManager'] as const) expect(typeof pkg[key]).toBe('string')
    }
    // The key the baseline and the policy rely on must be computable for any finding.
    expect(typeof findingKey(finding)).toBe('string')
  }

  test('fromBasic never throws and always yields a well-typed finding', () => {
    fc.assert(fc.property(rawBasic, (raw) => expectSaneFinding(fromBasic(raw), 'basic')), { numRuns: 1000 })
  })

  test('fromEnhanced never throws and always yields a well-typed finding', () => {
    fc.assert(fc.property(rawEnhanced, (raw) => expectSaneFinding(fromEnhanced(raw), 'enhanced')), { numRuns: 1000 })
  })

  test('an unknown or malformed severity counts as UNTRIAGED, never as nothing', () => {
    fc.assert(
      fc.property(anyValue, (severity) => {
        fc.pre(!(typeof severity === 'string' && severities.includes(severity.trim().toUpperCase())))
        expect(fromBasic({ name: 'CVE-1', severity }).severity).toBe('UNTRIAGED')
        expect(fromEnhanced({ title: 'CVE-1', severity }).severity).toBe('UNTRIAGED')
      }),
      { numRuns: 300 }
    )
  })
})

describe('decide over hostile findings and policies', () => {
  const decisionInput = findings.chain((list) =>
    fc.tuple(
      fc.constant(list),
      policyFor(list),
      fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
      fc.option(fc.subarray(list.map(findingKey)).map((keys) => new Set(keys)), { nil: undefined })
    )
  )

  test('never throws, and every count agrees with the decisions', () => {
    fc.assert(
      fc.property(decisionInput, ([list, policy, now, baseline]) => {
        const verdict = decide(list, policy, { now, baseline })
        const { counts, decided } = verdict
        expect(decided).toHaveLength(list.length)
        decided.forEach((d, i) => expect(d.finding).toBe(list[i]))

        const bySeverity = Object.values(counts.bySeverity)
        const sum = (pick: (row: (typeof bySeverity)[number]) => number): number => bySeverity.reduce((n, row) => n + pick(row), 0)
        expect(counts.total).toBe(sum((row) => row.found))
        expect(counts.blocking).toBe(sum((row) => row.blocking))
        expect(counts.ignored).toBe(sum((row) => row.ignored))
        expect(counts.blocking + counts.ignored).toBeLessThanOrEqual(counts.total)
        expect(counts.suppressed + counts.total).toBe(list.length)
        for (const row of bySeverity) expect(row.blocking + row.ignored).toBeLessThanOrEqual(row.found)

        expect(counts.blocking).toBe(decided.filter((d) => d.decision === 'blocking').length)
        expect(counts.ignored).toBe(decided.filter((d) => d.decision === 'ignored').length)
        expect(counts.suppressed).toBe(decided.filter((d) => d.decision === 'suppressed').length)
        expect(verdict.result).toBe(counts.blocking > 0 ? 'fail' : 'pass')
        for (const d of decided) {
          expect(typeof d.reason).toBe('string')
          if (d.decision === 'suppressed') expect(['SUPPRESSED', 'CLOSED']).toContain(d.finding.inspectorStatus)
          if (d.decision === 'not-new') expect(baseline?.has(findingKey(d.finding))).toBe(true)
        }
        const today = now.toISOString().slice(0, 10)
        for (const rule of verdict.expiredRules) expect(rule.expires !== undefined && rule.expires < today).toBe(true)
        for (const rule of verdict.staleRules) expect(verdict.expiredRules).not.toContain(rule)
      }),
      { numRuns: 500 }
    )
  })

  test('with severity NONE and no exploit rule, nothing blocks; with UNTRIAGED and nothing else, every unsuppressed finding blocks', () => {
    fc.assert(
      fc.property(findings, (list) => {
        const base = { onlyFixed: false, blockExploitable: false, minScore: undefined, max: {}, ignore: [] }
        const none = decide(list, { ...base, severityThreshold: 'NONE' }, { now: new Date() })
        expect(none.counts.blocking).toBe(0)
        const all = decide(list, { ...base, severityThreshold: 'UNTRIAGED' }, { now: new Date() })
        expect(all.counts.blocking).toBe(all.counts.total)
      }),
      { numRuns: 300 }
    )
  })
})
