// SARIF for GitHub code scanning: checked by Microsoft's SARIF Multitool (SARIF and GitHub ingestion rules) and the
// SARIF 2.1.0 schema, compared with golden files, and held to GitHub's limits and to hostile finding text.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { jest } from '@jest/globals'
import type { Log, ReportingDescriptor, Result, Run } from 'sarif'
import { type Finding, fromBasic, fromEnhanced } from '../src/finding.js'
import type { Policy } from '../src/policy.js'
import type { GateReport } from '../src/report.js'
import {
  FINGERPRINT_KEY,
  MAX_RESULTS_PER_RUN,
  SarifDraft,
  type SarifOptions,
  TOOL_VERSION,
  automationId,
  buildSarif,
  httpUri,
  writeSarif
} from '../src/sarif.js'
import { makeBasicFindings, makeEnhancedFindings } from './support/ecr-server.js'
import { captureStdout, expectGolden, makeFinding, makePolicy, makeReport, sampleReport, testsDir, withInputs } from './support/fixtures.js'
import { renderGfm } from './support/markdown-render.js'
import { type SarifValidation, describeIssues, runMultitool, schemaErrors, validateSarif } from './support/sarif-validate.js'

const SAMPLES = ['basic-complete', 'enhanced-active-awsdocs', 'enhanced-complete-untriaged-moto', 'enhanced-pending-empty']
const MEGABYTE = `${'A'.repeat(1 << 20)}<script>alert(1)</script>`
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

function build(report: GateReport, options?: SarifOptions): { log: Log; run: Run; results: Result[]; rules: ReportingDescriptor[] } {
  const log = JSON.parse(buildSarif(report, options).text) as Log
  const run = log.runs[0] as Run
  return { log, run, results: run.results ?? [], rules: run.tool.driver.rules ?? [] }
}

function pretty(text: string): string {
  return `${JSON.stringify(JSON.parse(text), null, 2)}\n`
}

/** A few hundred findings of every kind, decided by a policy that uses every decision. */
function generatedReport(extra: Parameters<typeof withInputs>[1] = {}): GateReport {
  const findings = [
    ...makeEnhancedFindings(400, { seed: 3, repositoryName: 'team/app' }).map(fromEnhanced),
    ...makeBasicFindings(300, { seed: 3 }).map(fromBasic)
  ]
  const policy = makePolicy({
    blockExploitable: true,
    max: { MEDIUM: 1000 },
    ignore: [{ id: findings[0]?.id ?? '', reason: 'accepted risk', source: 'policy file' }]
  })
  const report = makeReport(findings, policy, {
    target: { repositoryName: 'team/app', imageTag: 'build-42', region: 'eu-west-1', registryId: '123456789012' }
  })
  return withInputs(report, extra)
}

/** Findings whose text tries everything: markup, workflow commands, broken Unicode, megabytes, odd paths and URLs. */
function hostileFindings(): Finding[] {
  return [
    makeFinding({
      id: 'CVE-2024-0001',
      title: '::error::pwned',
      description: `a\ud800b [x](javascript:alert(1)) <img src=x onerror=alert(1)> | ${MEGABYTE}`,
      link: 'javascript:alert(1)',
      vector: '\r\n::set-output name=result::pass',
      packages: [
        {
          name: 'lib|x`y*z',
          version: '1.0\r\n::add-mask::',
          fixedInVersion: '1.1\udfff',
          filePath: '../../etc/pa ss%wd#?',
          packageManager: 'N P M <b>'
        },
        { name: MEGABYTE, version: MEGABYTE, fixedInVersion: '', filePath: MEGABYTE, packageManager: MEGABYTE }
      ]
    }),
    makeFinding({ id: '', severity: 'UNTRIAGED', score: undefined, link: 'https://ex ample.com/a', packages: [] }),
    makeFinding({
      id: `GHSA-\u202e${'x'.repeat(500)}`,
      severity: 'INFORMATIONAL',
      score: 0,
      link: 'https://example.com/a b|c^d{e}%zz?q=<x>#f g',
      packages: [{ name: '\u0000\u0007', version: '', fixedInVersion: '', filePath: '/', packageManager: '' }]
    }),
    makeFinding({ id: 'CVE-2024-0002', severity: 'CRITICAL', score: 9.8, exploitAvailable: 'YES', description: '\ud83d\ude80 ok \udc00' })
  ]
}

function hostileReport(): GateReport {
  return withInputs(makeReport(hostileFindings(), makePolicy({ severityThreshold: 'CRITICAL' })))
}

function badFiles(): Record<string, string> {
  const valid = JSON.parse(buildSarif(withInputs(sampleReport('enhanced-active-awsdocs'))).text) as Log
  const run = valid.runs[0] as Run
  const result = run.results?.[0] as Result
  const withRun = (changed: Partial<Run>): string => JSON.stringify({ ...valid, runs: [{ ...run, ...changed }] })
  return {
    'bad-no-locations': withRun({ results: [{ ...result, locations: undefined }] }),
    'bad-level': withRun({ results: [{ ...result, level: 'bogus' as Result['level'] }] }),
    'bad-uri-space': withRun({
      results: [{ ...result, locations: [{ physicalLocation: { artifactLocation: { uri: 'a b/c' }, region: { startLine: 1 } } }] }]
    }),
    // Valid by RFC 3986, rejected by the Multitool's .NET URI parser: httpUri drops such links.
    'bad-uri-astral': withRun({
      tool: {
        driver: {
          ...run.tool.driver,
          rules: [{ ...run.tool.driver.rules?.[0], id: 'CVE-2022-49043', helpUri: 'https://example.com/%F0%9F%9A%80' }]
        }
      }
    }),
    'bad-rule-without-help': withRun({ tool: { driver: { ...run.tool.driver, rules: [{ id: 'CVE-2022-49043' }] } } })
  }
}

// Arbitrary finding text, for SARIF that must stay valid whatever the data says.
const HOSTILE = [
  '<script>', '[x](javascript:y)', '|', '`', '\\', '::error::x', '\r\n', '\u2028', '\ud800', '\udfff', '%zz', ' ', '/', '..', '#', '?'
]
const text = fc.oneof(
  {
    weight: 9,
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 8 })
      .map((parts) => parts.join(''))
  },
  { weight: 1, arbitrary: fc.constant(MEGABYTE) }
)
const arbitraryPackage = fc.record({ name: text, version: text, fixedInVersion: text, filePath: text, packageManager: text })
const arbitraryFinding = fc
  .record({
    id: fc.oneof(text, fc.constantFrom('CVE-2024-1234', 'GHSA-abcd-2345-wxyz')),
    severity: fc.constantFrom('CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNTRIAGED') as fc.Arbitrary<Finding['severity']>,
    score: fc.option(fc.double({ min: 0, max: 10, noNaN: true }), { nil: undefined }),
    title: text,
    description: text,
    link: fc.oneof(text, fc.webUrl({ withQueryParameters: true, withFragments: true })),
    vector: text,
    exploitAvailable: fc.constantFrom('YES', 'NO', 'UNKNOWN') as fc.Arbitrary<Finding['exploitAvailable']>,
    inspectorStatus: fc.constantFrom('ACTIVE', 'SUPPRESSED', ''),
    packages: fc.array(arbitraryPackage, { maxLength: 3 })
  })
  .map((f) => makeFinding({ ...f, packageName: f.packages[0]?.name ?? '', packageVersion: f.packages[0]?.version ?? '' }))
const arbitraryReport = fc
  .record({
    findings: fc.array(arbitraryFinding, { maxLength: 12 }),
    repositoryName: text,
    dockerfile: fc.option(text, { nil: '' }),
    category: fc.option(text, { nil: '' }),
    threshold: fc.constantFrom('CRITICAL', 'HIGH', 'LOW', 'NONE') as fc.Arbitrary<Policy['severityThreshold']>
  })
  .map((r) => {
    const report = makeReport(r.findings, makePolicy({ severityThreshold: r.threshold }), {
      target: { repositoryName: r.repositoryName, region: 'us-east-1' }
    })
    return withInputs(report, { dockerfile: r.dockerfile, sarifCategory: r.category })
  })

describe('results of one rule in packages with long escaped names', () => {
  test('are told apart in one pass: identities too long for V8 to hash do not share one bucket', () => {
    // Cut at 1,000 characters, then escaped six times over: each identity holds some 18,000 characters, all of one
    // length, and they differ only at their end.
    const control = '\u0001'.repeat(1_000)
    const findings = Array.from({ length: 6_000 }, (_, i) => {
      const filePath = `${control.slice(0, 990)}${String(i).padStart(10, '0')}`
      return makeFinding({ id: 'CVE-2026-0001', packageName: control, packageVersion: control, packages: [{ name: control, version: control, fixedInVersion: '', filePath, packageManager: 'NPM' }] })
    })
    const started = performance.now()
    const { results } = build(withInputs(makeReport(findings)))
    expect(performance.now() - started).toBeLessThan(10_000)
    expect(results).toHaveLength(6_000)
  })
})

describe('validation by the SARIF Multitool (rule kinds Sarif and Gh) and the SARIF 2.1.0 schema', () => {
  const good: Record<string, string> = {}
  let validation: { byName: Record<string, SarifValidation>; notifications: string[] }

  beforeAll(async () => {
    for (const name of SAMPLES) good[name] = buildSarif(withInputs(sampleReport(name))).text
    good.generated = buildSarif(generatedReport()).text
    good['generated-dockerfile'] = buildSarif(generatedReport({ dockerfile: './build/Dockerfile', sarifCategory: 'images/app' })).text
    good['generated-with-suppressions'] = buildSarif(generatedReport(), { includeSuppressed: true }).text
    good['generated-over-limits'] = buildSarif(generatedReport(), { maxResults: 100, maxGzipBytes: 20_000 }).text
    good.hostile = buildSarif(hostileReport()).text
    good['hostile-dockerfile'] = buildSarif(hostileReport(), { dockerfile: 'dir with space/Docker#file', workspace: '/w' }).text
    fc.sample(arbitraryReport, { numRuns: 20, seed: 42 }).forEach((report, i) => {
      good[`arbitrary-${i}`] = buildSarif(report).text
    })
    validation = await validateSarif({ ...good, ...badFiles() })
  }, 300_000)

  test('the Multitool ran without tool errors', () => {
    expect(validation.notifications).toEqual([])
  })

  test('every fixture passes with zero errors, zero warnings and zero notes, and matches the schema', () => {
    const failures = Object.keys(good).flatMap((name) => {
      const { multitool, schema } = validation.byName[name] as SarifValidation
      return [...describeIssues(multitool), ...schema].map((issue) => `${name}: ${issue}`)
    })
    expect(failures).toEqual([])
  })

  // The validators themselves must be able to fail, or the test above proves nothing.
  test.each([
    ['bad-no-locations', 'GH1015'],
    ['bad-uri-astral', 'SARIF1002'],
    ['bad-rule-without-help', 'GH2012']
  ])('the Multitool flags %s with %s', (name, ruleId) => {
    const issues = (validation.byName[name] as SarifValidation).multitool
    expect(issues.filter((issue) => issue.level === 'error').map((issue) => issue.ruleId)).toContain(ruleId)
  })

  test('a file that silently ends the Multitool\'s run is caught by the canary behind it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sarif-poison-'))
    try {
      const file = join(dir, 'bad-level.sarif')
      await writeFile(file, badFiles()['bad-level'] as string)
      await expect(runMultitool([file])).rejects.toThrow(/stopped before the last file/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 60_000)

  // Multitool 5.7.0 reports nothing for such a file and skips every file after it: hence the schema check first.
  test.each([
    ['bad-level', /level: must be equal to one of the allowed values/],
    ['bad-uri-space', /uri: must match format "uri-reference"/]
  ])('the schema check flags %s', (name, message) => {
    const { schema } = validation.byName[name] as SarifValidation
    expect(schema.join('\n')).toMatch(message)
  })
})

describe('golden files', () => {
  test.each(SAMPLES)('%s', (name) => {
    expectGolden(`${name}.sarif.json`, pretty(buildSarif(withInputs(sampleReport(name))).text))
  })

  test('mixed findings pointing at a Dockerfile', () => {
    const findings = [
      ...SAMPLES.flatMap((name) => sampleReport(name).verdict?.decided.map((d) => d.finding) ?? []),
      ...makeEnhancedFindings(12, { seed: 9 }).map(fromEnhanced),
      ...makeBasicFindings(4, { seed: 9 }).map(fromBasic)
    ]
    const policy = makePolicy({
      blockExploitable: true,
      ignore: [{ id: findings[1]?.id ?? '', reason: 'not reachable', source: 'input ignore' }]
    })
    const report = withInputs(makeReport(findings, policy), { dockerfile: 'docker/Dockerfile', sarifCategory: 'prod/app' })
    expectGolden('mixed-dockerfile.sarif.json', pretty(buildSarif(report).text))
  })

  test('hostile text', () => {
    expectGolden('hostile.sarif.json', pretty(buildSarif(hostileReport()).text))
  })
})

describe('rules', () => {
  test('one rule per vulnerability, with the descriptions, help and properties code scanning shows', () => {
    const { rules } = build(withInputs(sampleReport('enhanced-active-awsdocs')))
    expect(rules).toHaveLength(1)
    const rule = rules[0] as ReportingDescriptor
    expect(rule.id).toBe('CVE-2022-49043')
    expect(rule.shortDescription?.text).toBe('CVE-2022-49043 (HIGH) in libxml2.')
    expect(rule.fullDescription?.text).toBe('xmlXIncludeAddNode in xinclude.c in libxml2 before 2.11.0 has a use-after-free.')
    expect(rule.helpUri).toBe('https://security-tracker.debian.org/tracker/CVE-2022-49043')
    expect(rule.help?.text).toContain('- libxml2 2.9.14+dfsg-1.3~deb12u1: no fixed version yet')
    expect(rule.help?.markdown).toContain('[CVE-2022-49043](https://security-tracker.debian.org/tracker/CVE-2022-49043)')
    expect(rule.properties).toEqual({ 'security-severity': '8.1', precision: 'high', tags: ['security', 'vulnerability', 'high', 'os'] })
  })

  test('the help names the fixed-in version of each package', () => {
    const finding = makeFinding({
      id: 'CVE-2024-0100',
      packages: [
        { name: 'openssl', version: '3.0.11-1', fixedInVersion: '3.0.13-1', filePath: '', packageManager: 'OS' },
        { name: 'libssl3', version: '3.0.11-1', fixedInVersion: '', filePath: '', packageManager: 'OS' }
      ]
    })
    const rule = build(withInputs(makeReport([finding]))).rules[0] as ReportingDescriptor
    // Packages in a stable order (by name), whatever order ECR sent them in.
    expect(rule.help?.text).toContain('- libssl3 3.0.11-1: no fixed version yet\n- openssl 3.0.11-1: fixed in 3.0.13-1')
    expect(rule.help?.text).toContain('Fix: upgrade each package to its fixed-in version or later')
    expect(rule.help?.markdown).toContain('- libssl3 3.0.11-1: no fixed version yet\n- openssl 3.0.11-1: fixed in 3.0.13-1')
  })

  test.each([
    ['CVSS score when known', { severity: 'LOW', score: 9.1 }, '9.1'],
    ['a score of 0 says nothing: the severity decides', { severity: 'HIGH', score: 0 }, '8.0'],
    ['CRITICAL without a score', { severity: 'CRITICAL', score: undefined }, '9.5'],
    ['HIGH without a score', { severity: 'HIGH', score: undefined }, '8.0'],
    ['MEDIUM without a score', { severity: 'MEDIUM', score: undefined }, '5.5'],
    ['LOW without a score', { severity: 'LOW', score: undefined }, '2.0'],
    ['INFORMATIONAL without a score: the lowest valid value', { severity: 'INFORMATIONAL', score: undefined }, '0.1'],
    ['UNTRIAGED without a score: none, GitHub ranks it by level', { severity: 'UNTRIAGED', score: undefined }, undefined]
  ] as const)('security-severity: %s', (_, overrides, expected) => {
    const rule = build(withInputs(makeReport([makeFinding(overrides)]))).rules[0] as ReportingDescriptor
    expect(rule.properties?.['security-severity']).toBe(expected)
  })

  test('a vulnerability in several findings is one rule, described by its most severe finding', () => {
    const findings = [
      makeFinding({ id: 'CVE-2024-0200', severity: 'LOW', score: 3.1, packageName: 'a' }),
      makeFinding({ id: 'CVE-2024-0200', severity: 'HIGH', score: 7.7, packageName: 'b' })
    ].map((f) => ({ ...f, packages: [{ name: f.packageName, version: '1', fixedInVersion: '', filePath: '', packageManager: 'NPM' }] }))
    const { rules, results } = build(withInputs(makeReport(findings)))
    expect(rules).toHaveLength(1)
    expect(results).toHaveLength(2)
    expect(rules[0]?.properties?.['security-severity']).toBe('7.7')
    expect(rules[0]?.shortDescription?.text).toBe('CVE-2024-0200 (HIGH) in b, a.')
  })

  test("a rule is described by its most severe finding even when a less severe one blocks and comes first", () => {
    // only-fixed: the HIGH has no fix and does not block; the MEDIUM does, so its result leads the file.
    const findings = [
      makeFinding({ id: 'CVE-2024-0201', severity: 'HIGH', score: 8.8, packageName: 'a', fixedInVersion: '' }),
      makeFinding({ id: 'CVE-2024-0201', severity: 'MEDIUM', score: 5.0, packageName: 'b' })
    ]
    const { rules, results } = build(withInputs(makeReport(findings, makePolicy({ severityThreshold: 'MEDIUM', onlyFixed: true }))))
    expect(results.map((r) => r.level)).toEqual(['error', 'warning'])
    expect(rules[0]?.properties?.['security-severity']).toBe('8.8')
    expect(rules[0]?.shortDescription?.text).toMatch(/^CVE-2024-0201 \(HIGH\) in /)
  })

  test('helpUri only for absolute http(s) links; CVE and GHSA ids fall back to their advisory pages', () => {
    const uris = (link: string, id = 'CVE-2024-0300'): string | undefined =>
      build(withInputs(makeReport([makeFinding({ id, link })]))).rules[0]?.helpUri
    expect(uris('javascript:alert(1)')).toBe('https://nvd.nist.gov/vuln/detail/CVE-2024-0300')
    expect(uris('ftp://example.com/x')).toBe('https://nvd.nist.gov/vuln/detail/CVE-2024-0300')
    expect(uris('/relative/path')).toBe('https://nvd.nist.gov/vuln/detail/CVE-2024-0300')
    expect(uris('', 'GHSA-2345-6789-cfgh')).toBe('https://github.com/advisories/GHSA-2345-6789-cfgh')
    expect(uris('', 'ALAS2-2024-1')).toBeUndefined()
    const alas = 'https://alas.aws.amazon.com/AL2/ALAS-2024-1.html'
    expect(uris(alas, 'ALAS2-2024-1')).toBe(alas)
  })

  test('httpUri percent-encodes what RFC 3986 forbids and rejects credentials', () => {
    expect(httpUri('https://example.com/a b|c^d{e}%zz?q=<x>#f g')).toBe('https://example.com/a%20b%7Cc%5Ed%7Be%7D%25zz?q=%3Cx%3E#f%20g')
    expect(httpUri('https://user:pw@example.com/')).toBeUndefined()
    expect(httpUri('data:text/html,<script>')).toBeUndefined()
    expect(httpUri('https://example.com/caf\u00e9')).toBe('https://example.com/caf%C3%A9')
    expect(httpUri('https://example.com/\u{1f680}')).toBeUndefined()
  })
})

describe('results', () => {
  test('one result per vulnerability and package', () => {
    const finding = makeFinding({
      id: 'CVE-2024-0400',
      packages: ['a', 'b', 'c'].map((name) => ({ name, version: '1.0', fixedInVersion: '', filePath: '', packageManager: 'OS' }))
    })
    const { results } = build(withInputs(makeReport([finding])))
    expect(results.map((r) => [r.ruleId, r.message.text?.split(' ')[1]])).toEqual([
      ['CVE-2024-0400', 'a'],
      ['CVE-2024-0400', 'b'],
      ['CVE-2024-0400', 'c']
    ])
  })

  test('level: error when blocking, else warning down to MEDIUM and note below', () => {
    const findings = (['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNTRIAGED'] as const).map((severity, i) =>
      makeFinding({ id: `CVE-2024-05${i}0`, severity, score: undefined })
    )
    const { results } = build(withInputs(makeReport(findings, makePolicy({ severityThreshold: 'CRITICAL' }))))
    expect(Object.fromEntries(results.map((r) => [r.ruleId, r.level]))).toEqual({
      'CVE-2024-0500': 'error',
      'CVE-2024-0510': 'warning',
      'CVE-2024-0520': 'warning',
      'CVE-2024-0530': 'note',
      'CVE-2024-0540': 'note',
      'CVE-2024-0550': 'note'
    })
  })

  test('the message names package, installed and fixed versions, and why it blocks or not', () => {
    const { results } = build(withInputs(sampleReport('enhanced-active-awsdocs')))
    expect(results[0]?.message.text).toBe(
      'Package libxml2 2.9.14+dfsg-1.3~deb12u1 in image sample-repo is affected by CVE-2022-49043 (HIGH, CVSS 8.1). ' +
        'No fixed version yet. Blocks the gate: HIGH at or above HIGH.'
    )
    const fixed = build(withInputs(makeReport([makeFinding({ exploitAvailable: 'YES' })]), {})).results[0]
    expect(fixed?.message.text).toContain('Fixed in 3.0.13-1. A known exploit is available.')
    const below = build(withInputs(makeReport([makeFinding({ severity: 'LOW' })]))).results[0]
    expect(below?.message.text).toContain('Does not block (below-threshold): below the severity threshold HIGH.')
  })

  test('brackets from the data are escaped, so a message never holds an embedded link the data wrote', () => {
    const report = makeReport([makeFinding({ packageName: '[click me](https://evil.example/phish)', packages: [] })])
    const text = build(withInputs(report)).results[0]?.message.text ?? ''
    expect(text).toContain('Package \\[click me\\](https://evil.example/phish)')
    expect(text).not.toMatch(/(^|[^\\])\[/)
  })

  test('without a dockerfile, results point at the repository and the file inside the image', () => {
    const finding = makeFinding({
      packages: [
        {
          name: 'lodash',
          version: '4.17.20',
          fixedInVersion: '4.17.21',
          filePath: '/app/node_modules/lodash/package.json',
          packageManager: 'NODE'
        },
        { name: 'openssl', version: '3.0.11-1', fixedInVersion: '', filePath: '', packageManager: 'OS' },
        { name: 'evil', version: '1', fixedInVersion: '', filePath: '../../../etc/pass wd', packageManager: 'OS' }
      ]
    })
    const report = makeReport([finding], makePolicy(), { target: { repositoryName: 'team/app', region: 'us-east-1' } })
    const { results } = build(withInputs(report))
    expect(results.map((r) => r.locations?.[0]?.physicalLocation)).toEqual([
      { artifactLocation: { uri: 'team/app/etc/pass%20wd' }, region: { startLine: 1 } },
      { artifactLocation: { uri: 'team/app/app/node_modules/lodash/package.json' }, region: { startLine: 1 } },
      { artifactLocation: { uri: 'team/app' }, region: { startLine: 1 } }
    ])
  })

  test.each([
    ['Dockerfile', undefined, 'Dockerfile'],
    ['./docker/app/Dockerfile', undefined, 'docker/app/Dockerfile'],
    ['docker\\Dockerfile', undefined, 'docker/Dockerfile'],
    ['/home/runner/work/r/r/docker/Dockerfile', '/home/runner/work/r/r', 'docker/Dockerfile'],
    ['/home/runner/work/r/r/docker/Dockerfile', '/home/runner/work/r/r//', 'docker/Dockerfile'],
    ['/elsewhere/Dockerfile', '/home/runner/work/r/r', 'file:///elsewhere/Dockerfile'],
    ['my dir/Docker#file', undefined, 'my%20dir/Docker%23file']
  ])('dockerfile %j (workspace %j) makes every result point at %j, line 1', (dockerfile, workspace, uri) => {
    const { results } = build(withInputs(sampleReport('enhanced-complete-untriaged-moto'), { dockerfile }), { workspace })
    expect(results.length).toBeGreaterThan(0)
    for (const result of results) {
      expect(result.locations?.[0]?.physicalLocation).toEqual({ artifactLocation: { uri }, region: { startLine: 1 } })
    }
  })

  test('a workspace path holding a long run of slashes is read in linear time', () => {
    // Trimmed by a pattern tried from every slash, a run of 150,000 not at the end took about 10 s.
    const workspace = `/w${'/'.repeat(150_000)}x/`
    const started = performance.now()
    const { results } = build(withInputs(sampleReport('enhanced-complete-untriaged-moto'), { dockerfile: 'docker/Dockerfile' }), { workspace })
    expect(performance.now() - started).toBeLessThan(5_000)
    expect(results[0]?.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe('docker/Dockerfile')
  })

  test('fingerprints depend on repository, vulnerability, package and version, not on the digest or the order', () => {
    const findings = makeEnhancedFindings(30, { seed: 5 }).map(fromEnhanced)
    const fingerprints = (report: GateReport): string[] =>
      build(withInputs(report)).results.map((r) => String(r.partialFingerprints?.[FINGERPRINT_KEY])).sort()
    const first = fingerprints(makeReport(findings))
    const rebuilt = fingerprints(makeReport([...findings].reverse(), makePolicy(), { imageDigest: `sha256:${'b'.repeat(64)}` }))
    expect(rebuilt).toEqual(first)
    expect(new Set(first).size).toBe(first.length)

    const upgraded = findings.map((f, i) =>
      i === 0 ? { ...f, packages: f.packages.map((p) => ({ ...p, version: `${p.version}.1` })) } : f
    )
    const afterUpgrade = fingerprints(makeReport(upgraded))
    expect(afterUpgrade.filter((fp) => !first.includes(fp))).toHaveLength(findings[0]?.packages.length ?? 0)

    const otherRepository = fingerprints(makeReport(findings, makePolicy(), { target: { repositoryName: 'other', region: 'us-east-1' } }))
    expect(otherRepository.some((fp) => first.includes(fp))).toBe(false)
  })

  test('GitHub reads primaryLocationLineHash: it carries the same fingerprint', () => {
    const result = build(withInputs(sampleReport('basic-complete'))).results[0] as Result
    const hash = result.partialFingerprints?.[FINGERPRINT_KEY] ?? ''
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    expect(result.partialFingerprints?.primaryLocationLineHash).toBe(`${hash}:1`)
  })

  test('ignored and suppressed findings are left out by default, since code scanning ignores SARIF suppressions', () => {
    const findings = [
      makeFinding({ id: 'CVE-2024-0601' }),
      makeFinding({ id: 'CVE-2024-0602' }),
      makeFinding({ id: 'CVE-2024-0603', inspectorStatus: 'SUPPRESSED' })
    ]
    const policy = makePolicy({ ignore: [{ id: 'CVE-2024-0602', reason: 'not reachable', source: 'policy file' }] })
    const report = withInputs(makeReport(findings, policy))
    expect(build(report).results.map((r) => r.ruleId)).toEqual(['CVE-2024-0601'])

    const all = build(report, { includeSuppressed: true }).results
    expect(all.map((r) => [r.ruleId, r.suppressions])).toEqual([
      ['CVE-2024-0601', undefined],
      ['CVE-2024-0602', [{ kind: 'external', justification: 'not reachable (policy file)' }]],
      ['CVE-2024-0603', [{ kind: 'external', justification: 'Inspector status SUPPRESSED' }]]
    ])
  })

  test('the same vulnerability twice in one package is one result, the most severe copy', () => {
    const findings = [makeFinding({ severity: 'LOW' }), makeFinding({ severity: 'CRITICAL' })]
    const { results } = build(withInputs(makeReport(findings)))
    expect(results).toHaveLength(1)
    expect(results[0]?.properties?.severity).toBe('CRITICAL')
  })

  test('ids that differ only in case are one alert in one package, and one id in two packages is two', () => {
    const findings = [
      makeFinding({ id: 'cve-2024-0009', severity: 'LOW' }),
      makeFinding({ id: 'CVE-2024-0009', severity: 'HIGH' }),
      makeFinding({ id: 'CVE-2024-0009', severity: 'MEDIUM', packageName: 'curl' }),
      makeFinding({ id: 'CVE-2024-0010', severity: 'MEDIUM', packageName: 'curl' })
    ]
    const { results } = build(withInputs(makeReport(findings)))
    expect(results.map((r) => `${r.ruleId} ${r.properties?.severity} ${r.message.text?.split(' ')[1]}`)).toEqual([
      'CVE-2024-0009 HIGH openssl',
      'CVE-2024-0009 MEDIUM curl',
      'CVE-2024-0010 MEDIUM curl'
    ])
  })
})

describe('run', () => {
  test('one run, the tool, and runAutomationDetails.id carrying the category', () => {
    const { log, run } = build(withInputs(sampleReport('basic-complete')))
    expect(log.version).toBe('2.1.0')
    expect(log.runs).toHaveLength(1)
    expect(run.tool.driver).toMatchObject({
      name: 'ecr-scan-gate',
      informationUri: expect.stringMatching(/^https:\/\//),
      semanticVersion: TOOL_VERSION
    })
    expect(run.automationDetails?.id).toBe('ecr-scan-gate/sample-repo/')
  })

  test('the version constant is package.json\'s', () => {
    const pkg = JSON.parse(readFileSync(join(testsDir, '..', 'package.json'), 'utf8')) as { version: string }
    expect(TOOL_VERSION).toBe(pkg.version)
  })

  test.each([
    ['', 'team/app', 'ecr-scan-gate/team/app/'],
    ['my-images/app', 'team/app', 'my-images/app/'],
    ['my-images/app/', 'team/app', 'my-images/app/'],
    ['line\nbreak', 'x', 'line break/']
  ])('category %j for repository %j is id %j (category before the last slash, no run id)', (category, repository, id) => {
    expect(automationId(category, repository)).toBe(id)
  })

  test('two images get different categories, so they upload side by side', () => {
    const a = build(withInputs(sampleReport('basic-complete'))).run.automationDetails?.id
    const b = build(withInputs(sampleReport('enhanced-complete-untriaged-moto'))).run.automationDetails?.id
    expect(a).not.toBe(b)
  })

  test('no findings: an empty results array, which closes the alerts of the last upload', () => {
    const { results, rules } = build(withInputs(sampleReport('enhanced-pending-empty')))
    expect(results).toEqual([])
    expect(rules).toEqual([])
  })
})

describe('GitHub limits', () => {
  test(`over ${MAX_RESULTS_PER_RUN} results: the most severe are kept, blocking first, with a warning`, () => {
    const findings = [
      ...Array.from({ length: 30 }, (_, i) => makeFinding({ id: `CVE-2024-1${String(i).padStart(3, '0')}`, severity: 'LOW', score: 3 })),
      makeFinding({ id: 'CVE-2024-2000', severity: 'MEDIUM', score: 9.9 }),
      makeFinding({ id: 'CVE-2024-2001', severity: 'CRITICAL', score: 9.8 }),
      makeFinding({ id: 'CVE-2024-2002', severity: 'LOW', score: 2, exploitAvailable: 'YES' })
    ]
    const report = withInputs(makeReport(findings, makePolicy({ blockExploitable: true, severityThreshold: 'CRITICAL' })))
    const built = buildSarif(report, { maxResults: 3 })
    const run = (JSON.parse(built.text) as Log).runs[0] as Run
    expect(run.results?.map((r) => r.ruleId)).toEqual(['CVE-2024-2001', 'CVE-2024-2002', 'CVE-2024-2000'])
    expect(run.tool.driver.rules?.map((r) => r.id)).toEqual(['CVE-2024-2001', 'CVE-2024-2002', 'CVE-2024-2000'])
    expect(built).toMatchObject({ results: 3, rules: 3, dropped: 30 })
    expect(built.warnings).toEqual([expect.stringContaining('at most 3 results per run, so 30 of 33 results were left out (30 LOW)')])
  })

  test('the 25,000 limit applies to a real run of 30,000 findings', () => {
    const findings = makeEnhancedFindings(30_000, { seed: 11 }).map(fromEnhanced)
    const built = buildSarif(withInputs(makeReport(findings)))
    const run = (JSON.parse(built.text) as Log).runs[0] as Run
    expect(run.results).toHaveLength(MAX_RESULTS_PER_RUN)
    expect(built.results + built.dropped).toBeGreaterThan(30_000)
    expect(gzipSync(built.text).length).toBeLessThanOrEqual(10_000_000)
    // Blocking results come first and all fit, so none of the dropped ones blocks.
    const levels = run.results?.map((r) => r.level) ?? []
    expect(levels.indexOf('error')).toBe(0)
    expect(levels.lastIndexOf('error')).toBe(levels.filter((level) => level === 'error').length - 1)
    expect(built.warnings).toEqual([expect.not.stringMatching(/blocking/)])
  })

  test('blocking results left out are counted in the warning: their alerts will close as if fixed', () => {
    const findings = Array.from({ length: 5 }, (_, i) => makeFinding({ id: `CVE-2026-${i}`, severity: 'CRITICAL' }))
    const built = buildSarif(withInputs(makeReport(findings, makePolicy({ severityThreshold: 'CRITICAL' }))), { maxResults: 3 })
    expect(built.warnings).toEqual([expect.stringContaining('so 2 of 5 results were left out (2 CRITICAL; 2 of them blocking)')])
  })

  test('GitHub\'s own results limit applies by default: 25,000 per run', () => {
    const findings = Array.from({ length: 25_001 }, (_, i) => makeFinding({ id: `CVE-2026-${i}`, severity: 'LOW' }))
    const built = buildSarif(withInputs(makeReport(findings)))
    expect(built.results).toBe(25_000)
    expect(built.warnings).toEqual([expect.stringMatching(/^SARIF: GitHub code scanning accepts at most 25,000 results per run, so 1 of 25001 results/)])
  })

  test('a vulnerability in more packages than the help lists says how many more', () => {
    const packages = Array.from({ length: 23 }, (_, i) => ({ name: `lib${i}`, version: '1', fixedInVersion: '', filePath: '', packageManager: 'NPM' }))
    const report = withInputs(makeReport([makeFinding({ id: 'CVE-2026-1', severity: 'CRITICAL', packages })]))
    const rule = (JSON.parse(buildSarif(report).text) as Log).runs[0]?.tool.driver.rules?.[0]
    expect(rule?.help?.text).toContain('- and 3 more')
    expect(rule?.shortDescription?.text).toMatch(/^CVE-2026-1 \(CRITICAL\) in lib0, lib1, lib\d+ and 20 more\.$/)
  })

  test('over the gzip limit: results are cut from the least severe end until the file fits, with a warning', () => {
    const report = generatedReport()
    const full = buildSarif(report)
    const limit = Math.floor(gzipSync(full.text).length / 3)
    const built = buildSarif(report, { maxGzipBytes: limit })
    const size = gzipSync(built.text).length
    expect(size).toBeLessThanOrEqual(limit)
    // Not cut far below the limit either.
    expect(size).toBeGreaterThan(limit * 0.6)
    expect(built.dropped).toBe(full.results - built.results)
    expect(built.warnings).toEqual([
      expect.stringMatching(/at most [\d.]+ MB of gzipped SARIF per file, so \d+ of \d+ results were left out/)
    ])
    const kept = (JSON.parse(built.text) as Log).runs[0] as Run
    const all = (JSON.parse(full.text) as Log).runs[0] as Run
    expect(kept.results).toEqual(all.results?.slice(0, built.results))
    // The rules are exactly those the kept results use, and every ruleIndex still points at its rule.
    const rules = kept.tool.driver.rules ?? []
    expect(new Set(rules.map((r) => r.id))).toEqual(new Set(kept.results?.map((r) => r.ruleId)))
    for (const result of kept.results ?? []) expect(rules[result.ruleIndex ?? -1]?.id).toBe(result.ruleId)
  })

  test("GitHub's own gzip limit applies by default: 10 MB, read as 10,000,000 bytes", () => {
    // Descriptions no compressor can shrink much, so 16,000 rules gzip to some 12 MB.
    const findings = Array.from({ length: 16_000 }, (_, i) =>
      makeFinding({ id: `CVE-2026-${10_000 + i}`, severity: 'LOW', description: randomBytes(750).toString('base64') })
    )
    const built = buildSarif(withInputs(makeReport(findings)))
    const size = gzipSync(built.text).length
    expect(size).toBeLessThanOrEqual(10_000_000)
    expect(size).toBeGreaterThan(9_000_000)
    expect(built.warnings).toEqual([expect.stringMatching(/^SARIF: GitHub code scanning accepts at most 10 MB of gzipped SARIF per file/)])
  })

  test('within the limits: no warning and nothing dropped', () => {
    const built = buildSarif(generatedReport())
    expect(built.warnings).toEqual([])
    expect(built.dropped).toBe(0)
  })
})

describe('hostile finding text', () => {
  test('stays valid, well-formed and bounded: no lone surrogates, megabytes cut', async () => {
    const text = buildSarif(hostileReport()).text
    const log = JSON.parse(text) as Log
    expect(await schemaErrors(log)).toEqual([])
    expect(text).not.toMatch(/\\ud[89a-f][0-9a-f]{2}/i)
    expect(LONE_SURROGATE.test(JSON.stringify(log))).toBe(false)
    // Four findings with megabyte fields come to a few kilobytes per result.
    expect(text.length).toBeLessThan(40_000)
    const run = log.runs[0] as Run
    for (const rule of run.tool.driver.rules ?? []) {
      expect(rule.shortDescription?.text.length).toBeLessThanOrEqual(1024)
      expect(rule.fullDescription?.text.length).toBeLessThanOrEqual(1024)
    }
  })

  test('a package manager named like a tag (security, vulnerability, the severity) leaves the tags unique', async () => {
    const findings = ['HIGH', 'Security', 'vulnerability'].map((packageManager, i) =>
      makeFinding({ id: `CVE-2026-${i}`, severity: 'HIGH', packages: [{ name: 'p', version: '1', fixedInVersion: '', filePath: '', packageManager }] })
    )
    const log = JSON.parse(buildSarif(withInputs(makeReport(findings))).text) as Log
    expect(await schemaErrors(log)).toEqual([])
    for (const rule of log.runs[0]?.tool.driver.rules ?? []) expect(rule.properties?.tags).toEqual(['security', 'vulnerability', 'high'])
  })

  test('help Markdown renders no markup from the data: no script, image or link but the validated advisory', () => {
    const run = (JSON.parse(buildSarif(hostileReport()).text) as Log).runs[0] as Run
    for (const rule of run.tool.driver.rules ?? []) {
      const html = renderGfm(rule.help?.markdown ?? '')
      expect(html).not.toMatch(/<(script|img|iframe|table)\b/i)
      for (const [, href] of html.matchAll(/<a href="([^"]*)"/g)) expect(href).toBe(rule.helpUri)
    }
  })

  test('arbitrary finding text never breaks the schema, the URIs or the bounds', async () => {
    const reports = fc.sample(arbitraryReport, { numRuns: 150, seed: 7 })
    for (const report of reports) {
      const built = buildSarif(report)
      const log = JSON.parse(built.text) as Log
      expect(await schemaErrors(log)).toEqual([])
      expect(LONE_SURROGATE.test(built.text)).toBe(false)
      expect(built.text).not.toMatch(/\\ud[89a-f][0-9a-f]{2}/i)
      const decided = report.verdict?.decided ?? []
      expect(built.text.length).toBeLessThan(20_000 + decided.length * 30_000)
      const run = log.runs[0] as Run
      expect(run.automationDetails?.id).toMatch(/\/$/)
      const imageScoped = !report.inputs?.dockerfile.trim()
      for (const result of run.results ?? []) {
        const uri = result.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? ''
        expect(uri).toMatch(/^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-F]{2})+$/)
        // A path inside the image never climbs out of the repository's directory.
        if (imageScoped) expect(uri).not.toMatch(/(^|\/)\.\.?(\/|$)/)
      }
    }
  })
})

describe('writeSarif', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sarif-write-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  test('writes the file at sarif-file, creating directories, and returns the path', async () => {
    const path = join(dir, 'reports', 'scan.sarif')
    const report = withInputs(sampleReport('enhanced-active-awsdocs'), { sarifFile: path })
    await expect(writeSarif(report)).resolves.toBe(path)
    expect(await readFile(path, 'utf8')).toBe(buildSarif(report).text)
    expect(report.warnings).toEqual([])
  })

  test('adds the limit warning to the report', async () => {
    const path = join(dir, 'big.sarif')
    const findings = makeEnhancedFindings(MAX_RESULTS_PER_RUN + 10, { seed: 2 }).map(fromEnhanced)
    const report = withInputs(makeReport(findings), { sarifFile: path })
    await writeSarif(report)
    expect(report.warnings).toEqual([expect.stringMatching(/^SARIF: GitHub code scanning accepts at most 25,000 results per run/)])
  })

  test.each([
    ['well within the size limit', 10_000_000],
    ['near the size limit, where the measured size is not proof enough', 100_000],
    ['over the size limit, so the tail is cut and the file written again', 20_000]
  ])('writes the same file and warnings as buildSarif: %s', async (_, maxGzipBytes) => {
    const path = join(dir, 'limits.sarif')
    const report = generatedReport({ sarifFile: path })
    const expected = buildSarif(report, { maxGzipBytes })
    await expect(writeSarif(report, { maxGzipBytes })).resolves.toBe(path)
    expect(await readFile(path, 'utf8')).toBe(expected.text)
    expect(report.warnings).toEqual(expected.warnings)
  })

  test('an empty sarif-file writes nothing', async () => {
    await expect(writeSarif(withInputs(sampleReport('basic-complete'), { sarifFile: '' }))).resolves.toBeUndefined()
  })

  test('no verdict writes nothing: an empty run would close every open alert', async () => {
    const path = join(dir, 'undecided.sarif')
    const decided = withInputs(sampleReport('basic-complete'), { sarifFile: path })
    const report: GateReport = { ...decided, verdict: undefined, error: 'timed out' }
    await expect(writeSarif(report)).resolves.toBeUndefined()
    await expect(readFile(path)).rejects.toThrow(/ENOENT/)
  })

  test('an unwritable path is a configuration error naming the input', async () => {
    const blocker = join(dir, 'file')
    await writeSarif(withInputs(sampleReport('basic-complete'), { sarifFile: blocker }))
    const report = withInputs(sampleReport('basic-complete'), { sarifFile: join(blocker, 'x.sarif') })
    await expect(writeSarif(report)).rejects.toMatchObject({
      name: 'ConfigurationError',
      message: expect.stringMatching(/^Could not write the SARIF file ".*" \(input sarif-file\): .*\. Fix sarif-file, or set it empty to write no SARIF\.$/)
    })
  })
})

describe('texts drafted while the pages are read (SarifDraft)', () => {
  async function drafted(repositoryName: string, findings: readonly Finding[], announced: number | undefined) {
    const draft = new SarifDraft(repositoryName)
    draft.add(findings, announced, 1)
    await drained(draft)
    return draft
  }
  async function drained(draft: SarifDraft): Promise<void> {
    while (draft.pending > 0) await new Promise(setImmediate)
  }
  const findingsOf = (report: GateReport): Finding[] => (report.verdict?.decided ?? []).map((d) => d.finding)

  test('the file is byte for byte the one made without a draft, whatever the findings and limits (property)', async () => {
    const options = fc.record({
      split: fc.nat({ max: 12 }),
      includeSuppressed: fc.boolean(),
      maxResults: fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined })
    })
    await fc.assert(
      fc.asyncProperty(arbitraryReport, options, async (report, { split, includeSuppressed, maxResults }) => {
        const findings = findingsOf(report)
        // Some pages drafted, the last one not: as the read leaves it.
        const draft = await drafted(report.target?.repositoryName ?? '', findings.slice(0, split), findings.length)
        const expected = buildSarif(report, { includeSuppressed, maxResults }).text
        expect(buildSarif(report, { includeSuppressed, maxResults, draft }).text).toBe(expected)
      }),
      { numRuns: 150 }
    )
  })

  // The drafts are the texts a finding makes; one changed after drafting shows which texts the file took from them.
  function changedAfterDrafting(findings: Finding[]): void {
    for (const finding of findings) finding.description = `changed ${finding.id}`
    for (const pkg of findings.flatMap((finding) => finding.packages)) pkg.version = 'changed'
  }

  test('a rule and a result of one finding come from the draft; a rule two findings share is made anew', async () => {
    const alone = makeFinding({ id: 'CVE-2026-1', description: 'drafted', packages: [{ name: 'a', version: '1', fixedInVersion: '2', filePath: '', packageManager: 'OS' }] })
    const shared = ['x', 'y'].map((name) =>
      makeFinding({ id: 'CVE-2026-2', description: 'drafted', packages: [{ name, version: '1', fixedInVersion: '', filePath: '', packageManager: 'OS' }] })
    )
    const report = withInputs(makeReport([alone, ...shared]))
    const draft = await drafted('sample-repo', [alone, ...shared], 3)
    changedAfterDrafting([alone, ...shared])
    const { rules, results } = build(report, { draft })
    const rule = (id: string) => rules.find((r) => r.id === id)
    expect(rule('CVE-2026-1')?.fullDescription?.text).toBe('drafted.')
    expect(rule('CVE-2026-2')?.fullDescription?.text).toBe('changed CVE-2026-2.')
    // Each result's message opening (package and version) was drafted for its own finding and package.
    expect(results.map((r) => r.message.text)).toEqual([
      expect.stringMatching(/^Package a 1 in image sample-repo is affected by CVE-2026-1/),
      expect.stringMatching(/^Package x 1 in image sample-repo /),
      expect.stringMatching(/^Package y 1 in image sample-repo /)
    ])
  })

  test('a rule whose help lists the drafted packages but counts more of them is made anew', async () => {
    const pkg = (name: string) => ({ name, version: '1', fixedInVersion: '', filePath: '', packageManager: 'OS' })
    const many = makeFinding({ id: 'CVE-2026-3', severity: 'CRITICAL', packages: Array.from({ length: 20 }, (_, i) => pkg(`p${i}`)) })
    const extra = makeFinding({ id: 'CVE-2026-3', severity: 'LOW', packages: [pkg('zz')] })
    const report = withInputs(makeReport([many, extra]))
    const draft = await drafted('sample-repo', [many], 2)
    expect(build(report, { draft }).rules[0]?.help?.text).toMatch(/- and 1 more/)
  })

  test.each<[string, (findings: Finding[]) => Promise<SarifDraft>]>([
    ['ECR announces more findings than one run holds', (f) => drafted('sample-repo', f, MAX_RESULTS_PER_RUN + 1)],
    ['ECR announces no count', (f) => drafted('sample-repo', f, undefined)],
    ['the draft is for another repository', (f) => drafted('other-repo', f, f.length)],
    [
      'drafting was stopped before it ran',
      async (f) => {
        const draft = new SarifDraft('sample-repo')
        draft.add(f, f.length, 1)
        draft.stop()
        await new Promise(setImmediate)
        return draft
      }
    ]
  ])('nothing comes from a draft when %s', async (_, makeDraft) => {
    const findings = [makeFinding({ id: 'CVE-2026-1', description: 'drafted' })]
    const report = withInputs(makeReport(findings))
    const draft = await makeDraft(findings)
    changedAfterDrafting(findings)
    expect(build(report, { draft }).rules[0]?.fullDescription?.text).toBe('changed CVE-2026-1.')
  })

  const pkg = (name: string) => ({ name, version: '1', fixedInVersion: '', filePath: '', packageManager: 'OS' })
  const withPackages = (count: number, packages: number) =>
    Array.from({ length: count }, (_, i) =>
      makeFinding({ id: `CVE-2026-${i}`, description: 'drafted', packages: Array.from({ length: packages }, (_, p) => pkg(`p${p}`)) })
    )

  test('at most 10,000 results are drafted, counted as the file counts them: a finding in 20 packages is 20', () => {
    const draft = new SarifDraft('sample-repo')
    draft.add(withPackages(500, 20), 20_000, 1)
    expect(draft.pending).toBe(500)
    draft.add(withPackages(1, 1), 20_000, 2)
    expect(draft.pending).toBe(500)
    draft.stop()
    expect(draft.pending).toBe(0)
    const many = new SarifDraft('sample-repo')
    many.add(withPackages(501, 20), 20_000, 1)
    expect(many.pending).toBe(0)
  })

  test('counts that announce too few: once more results are read than one run holds, the drafts made are dropped', async () => {
    const [first, ...rest] = withPackages(1_001, 25)
    const report = withInputs(makeReport([first as Finding]))
    const draft = new SarifDraft('sample-repo')
    draft.add([first as Finding], 100, 1)
    await drained(draft)
    // 25,000 more results on page two: 25,025 read in all, against 100 announced.
    draft.add(rest, 100, 2)
    changedAfterDrafting([first as Finding])
    expect(build(report, { draft }).rules[0]?.fullDescription?.text).toBe('changed CVE-2026-0.')
  })

  test('a read that starts over (page one again) drafts its own findings, whatever the read before it used up', async () => {
    const draft = new SarifDraft('sample-repo')
    draft.add(withPackages(10_000, 1), 20_000, 1)
    const again = withPackages(1, 1)
    draft.add(again, 20_000, 2)
    expect(draft.pending).toBe(10_000)
    draft.add(again, 1, 1)
    expect(draft.pending).toBe(1)
    await drained(draft)
    const report = withInputs(makeReport(again))
    changedAfterDrafting(again)
    expect(build(report, { draft }).rules[0]?.fullDescription?.text).toBe('drafted.')
  })

  test('a finding that breaks drafting ends the drafting for the run, not the run', async () => {
    const broken = makeFinding({ id: 'CVE-2026-1' })
    Object.defineProperty(broken, 'severity', { get: () => { throw new Error('unreadable') } })
    const draft = new SarifDraft('sample-repo')
    draft.add([makeFinding({ id: 'CVE-2026-0' }), broken, makeFinding({ id: 'CVE-2026-2' })], 6, 1)
    await new Promise(setImmediate)
    expect(draft.pending).toBe(0)
    draft.add([makeFinding({ id: 'CVE-2026-3' })], 6, 2)
    draft.add([makeFinding({ id: 'CVE-2026-4' })], 6, 1)
    expect(draft.pending).toBe(0)
  })

  test('the debug line counts the texts of the file written last, when the size limit makes it twice', async () => {
    const findings = Array.from({ length: 300 }, (_, i) =>
      makeFinding({ id: `CVE-2026-${i}`, description: randomBytes(200).toString('hex') })
    )
    const dir = await mkdtemp(join(tmpdir(), 'sarif-draft-'))
    const stdout = captureStdout()
    try {
      const report = withInputs(makeReport(findings), { sarifFile: join(dir, 'out.sarif') })
      const draft = await drafted('sample-repo', findings, 300)
      await writeSarif(report, { draft, maxGzipBytes: 20_000 })
      const [, written] = /SARIF: wrote (\d+) result/.exec(stdout.join('')) ?? []
      expect(Number(written)).toBeLessThan(300)
      expect(stdout.join('')).toContain('::debug::SARIF: 300 rule text(s) and 300 result(s) were made from drafts')
    } finally {
      jest.restoreAllMocks()
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('speed', () => {
  test('100,000 findings build in linear time (a few seconds at most)', () => {
    const findings = [
      ...makeEnhancedFindings(50_000, { seed: 13 }).map(fromEnhanced),
      ...makeBasicFindings(50_000, { seed: 13 }).map(fromBasic)
    ]
    const report = withInputs(makeReport(findings, makePolicy({ severityThreshold: 'MEDIUM' })))
    const small = withInputs(makeReport(findings.slice(0, 10_000), makePolicy({ severityThreshold: 'MEDIUM' })))
    buildSarif(small)
    const t0 = performance.now()
    buildSarif(small)
    const t1 = performance.now()
    const built = buildSarif(report)
    const t2 = performance.now()
    expect(built.results).toBe(MAX_RESULTS_PER_RUN)
    // Ten times the findings may cost at most about ten times the time (plus slack for GC), never a hundred.
    expect(t2 - t1).toBeLessThan(Math.max(15 * (t1 - t0), 1_000))
    expect(t2 - t1).toBeLessThan(8_000)
  })
})

