// The JSON report later steps read: every finding with its decision, the counts, the verdict, the image and the policy.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Finding, fromBasic, fromEnhanced } from '../src/finding.js'
import type { GateReport } from '../src/report.js'
import fc from 'fast-check'
import { ENTRY_FIELDS, REPORT_VERSION, prettyChunks, renderReport, writeReportFile } from '../src/report-file.js'
import { makeBasicFindings, makeEnhancedFindings } from './support/ecr-server.js'
import { expectGolden, makeFinding, makePolicy, makeReport, sampleFindings, sampleReport, withInputs } from './support/fixtures.js'

const SAMPLES = ['basic-complete', 'enhanced-active-awsdocs', 'enhanced-complete-untriaged-moto', 'enhanced-pending-empty']

interface ReportFinding {
  id: string
  key: string
  decision: string
  reason: string
  severity: string
  score: number | null
  description: string
  title: string
  packages: { name: string; version: string; fixedInVersion: string; filePath: string; packageManager: string }[]
  [field: string]: unknown
}

interface ReportJson {
  version: number
  verdict: string
  error: string | null
  image: Record<string, string | null>
  scan: Record<string, string | null>
  policy: Record<string, unknown> | null
  counts: { total: number; blocking: number; ignored: number; suppressed: number; bySeverity: Record<string, unknown> } | null
  decisions: Record<string, number> | null
  rules: { expired: unknown[]; stale: unknown[] } | null
  baseline: Record<string, unknown> | null
  warnings: string[]
  findings: ReportFinding[]
}

function parse(report: GateReport): ReportJson {
  return JSON.parse(renderReport(report)) as ReportJson
}

/** Every kind of decision, a baseline, expired and stale rules and warnings: the whole shape in one report. */
function mixedReport(): GateReport {
  const findings: Finding[] = [
    ...SAMPLES.flatMap((name) => sampleFindings(name).findings),
    ...makeEnhancedFindings(8, { seed: 21 }).map(fromEnhanced),
    ...makeBasicFindings(3, { seed: 21 }).map(fromBasic),
    makeFinding({ id: 'CVE-2024-7001', inspectorStatus: 'SUPPRESSED' }),
    makeFinding({ id: 'CVE-2024-7002', severity: 'CRITICAL', score: 9.8, exploitAvailable: 'YES', packageName: 'curl' }),
    makeFinding({ id: 'CVE-2024-7003', severity: 'HIGH', score: 3.1 })
  ]
  const policy = makePolicy({
    blockExploitable: true,
    minScore: 4,
    ignore: [
      {
        id: 'CVE-2022-49043',
        reason: 'not reachable from the app',
        source: 'policy file .github/ecr-scan-gate.yml',
        expires: '2025-12-31'
      },
      { id: 'CVE-2020-0001', reason: 'old', source: 'input ignore', expires: '2024-01-01' },
      { id: 'CVE-2099-0001', reason: 'never matches', source: 'input ignore' }
    ]
  })
  const report = makeReport(findings, policy, {
    baselineKeys: new Set(['CVE-2024-9681|curl']),
    scanCompletedAt: new Date('2025-06-30T10:00:00Z'),
    vulnerabilitySourceUpdatedAt: new Date('2025-06-30T08:00:00Z'),
    warnings: ['ECR counted 30 findings but listed 29.'],
    baseline: {
      target: { repositoryName: 'sample-repo', imageTag: 'main', region: 'us-east-1' },
      available: true,
      newCount: 27,
      fixedCount: 1,
      stillPresentCount: 1,
      fixedKeys: ['CVE-2019-0002|zlib']
    }
  })
  return withInputs(report)
}

describe('golden files', () => {
  test.each(SAMPLES)('%s', (name) => {
    expectGolden(`${name}.report.json`, renderReport(withInputs(sampleReport(name))))
  })

  test('every decision, a baseline, expired and stale rules, warnings', () => {
    expectGolden('mixed.report.json', renderReport(mixedReport()))
  })

  test('undecided: the error, the image and no findings', () => {
    const report: GateReport = {
      ...withInputs(sampleReport('enhanced-pending-empty')),
      verdict: undefined,
      error: 'The scan did not finish within wait-timeout (600 s); last status PENDING.',
      scanStatus: 'PENDING'
    }
    expectGolden('undecided.report.json', renderReport(report))
  })
})

describe('header fields written in pieces', () => {
  const pieces = (value: unknown, pad = '  ') => [...prettyChunks(value, pad)]

  test('the same text as JSON.stringify pretty-printed and indented, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('', '  ', '      '), (value, pad) => {
        expect(pieces(value, pad).join('')).toBe(JSON.stringify(value, null, 2).replace(/\n/g, `\n${pad}`))
      })
    )
  })

  test('fields left undefined are left out, dates written as ISO text, lone surrogates as U+FFFD, long text cut', () => {
    const value = { a: undefined, when: new Date(Date.UTC(2026, 10, 28)), list: [undefined, 'x\ud800'], long: 'y'.repeat(5_000) }
    const parsed = JSON.parse(pieces(value).join('')) as Record<string, unknown>
    expect(parsed).toEqual({ when: '2026-11-28T00:00:00.000Z', list: [null, 'x\ufffd'], long: `${'y'.repeat(4_095)}…` })
    expect(pieces({ a: undefined }).join('')).toBe('{}')
  })

  test('a list of 200,000 rules is written one rule a piece', () => {
    const rules = Array.from({ length: 200_000 }, (_, i) => ({ id: `CVE-${i}`, reason: 'vex' }))
    const written = pieces({ ignore: rules })
    expect(written.length).toBeGreaterThan(200_000)
    expect(written.every((piece) => piece.length < 100)).toBe(true)
    expect(JSON.parse(written.join(''))).toEqual({ ignore: rules })
  })
})

describe('shape', () => {
  test('version 1, the verdict, the image, the scan, the policy and the counts', () => {
    const json = parse(withInputs(sampleReport('basic-complete')))
    expect(json.version).toBe(REPORT_VERSION)
    expect(json.version).toBe(1)
    expect(json.verdict).toBe('pass')
    expect(json.error).toBeNull()
    expect(json.image).toEqual({
      repository: 'sample-repo',
      tag: null,
      digest: 'sha256:74b2c688c700ec95a93e478cdb959737c148df3fbf5ea706abe0318726e885e6',
      registry: '012345678910',
      region: 'us-east-1'
    })
    expect(json.scan).toEqual({
      status: 'COMPLETE',
      completedAt: '2020-01-24T04:11:45.000Z',
      vulnerabilitySourceUpdatedAt: '2020-01-23T20:25:17.000Z'
    })
    expect(json.policy).toEqual({
      severityThreshold: 'HIGH',
      onlyFixed: false,
      blockExploitable: false,
      minScore: null,
      max: {},
      ignore: []
    })
    expect(json.counts).toMatchObject({ total: 1, blocking: 0, ignored: 0, suppressed: 0 })
  })

  test('every finding with its decision and reason, counted per decision, blocking first', () => {
    const report = mixedReport()
    const json = parse(report)
    const decided = report.verdict?.decided ?? []
    expect(json.findings).toHaveLength(decided.length)
    expect(new Set(json.findings.map((f) => f.decision))).toEqual(
      new Set(['blocking', 'ignored', 'suppressed', 'not-new', 'below-threshold', 'below-min-score'])
    )
    for (const finding of json.findings) expect(finding.reason).not.toBe('')
    const sum = Object.values(json.decisions ?? {}).reduce((a, b) => a + b, 0)
    expect(sum).toBe(decided.length)
    expect(json.decisions?.blocking).toBe(report.verdict?.counts.blocking)
    const firstOther = json.findings.findIndex((f) => f.decision !== 'blocking')
    expect(json.findings.slice(firstOther).some((f) => f.decision === 'blocking')).toBe(false)
    expect(json.findings[0]).toMatchObject({
      id: 'CVE-2024-7002',
      decision: 'blocking',
      reason: 'a known exploit is available (block-exploitable)'
    })
    const ignored = json.findings.find((f) => f.id === 'CVE-2022-49043')
    expect(ignored).toMatchObject({
      decision: 'ignored',
      reason: 'not reachable from the app (policy file .github/ecr-scan-gate.yml)',
      key: 'CVE-2022-49043|libxml2'
    })
    expect(json.rules?.expired).toEqual([{ id: 'CVE-2020-0001', reason: 'old', source: 'input ignore', expires: '2024-01-01' }])
    expect(json.rules?.stale).toEqual([{ id: 'CVE-2099-0001', reason: 'never matches', source: 'input ignore' }])
    expect(json.baseline).toMatchObject({ available: true, newCount: 27, fixedKeys: ['CVE-2019-0002|zlib'] })
    expect(json.warnings).toEqual(['ECR counted 30 findings but listed 29.'])
  })

  test('a finding carries every field of the normalised finding, unknown score as null', () => {
    const json = parse(withInputs(sampleReport('enhanced-complete-untriaged-moto')))
    const untriaged = json.findings.find((f) => f.severity === 'UNTRIAGED')
    expect(Object.keys(untriaged ?? {}).sort()).toEqual(
      [
        'decision', 'description', 'exploitAvailable', 'findingArn', 'fixAvailable', 'fixedInVersion', 'id', 'inspectorStatus', 'key',
        'kind', 'link', 'packageName', 'packageVersion', 'packages', 'rawSeverity', 'reason', 'score', 'severity', 'title', 'vector'
      ].sort()
    )
    expect(Object.keys(untriaged ?? {})).toEqual([...ENTRY_FIELDS])
    expect(untriaged?.score).toBeNull()
  })

  test('undecided: verdict undecided with the error, no counts, no findings', () => {
    const report: GateReport = { ...withInputs(sampleReport('basic-complete')), verdict: undefined, error: 'Access denied' }
    const json = parse(report)
    expect(json).toMatchObject({ verdict: 'undecided', error: 'Access denied', counts: null, decisions: null, rules: null, findings: [] })
  })

  test('an image named by digest keeps its digest in the report when ECR never answered with one (a timeout)', () => {
    const digest = `sha256:${'4'.repeat(64)}`
    const target = { repositoryName: 'app', imageDigest: digest, region: 'us-east-1' }
    const report: GateReport = { imageDigest: '', scanStatus: '', warnings: [], target, error: 'Timed out' }
    expect(parse(report)).toMatchObject({ verdict: 'undecided', image: { repository: 'app', digest, tag: null } })
    // No status seen is null, as every absent value in the report, not an empty string.
    expect(parse(report).scan.status).toBeNull()
  })

  test('severity is the normalised one the policy used; rawSeverity is what ECR said', () => {
    const json = parse(withInputs(makeReport([makeFinding({ id: 'CVE-1', severity: 'UNTRIAGED', rawSeverity: 'SEVERE' })])))
    expect(json.findings[0]).toMatchObject({ severity: 'UNTRIAGED', rawSeverity: 'SEVERE' })
  })

  test('an error after the verdict (a file that could not be written) is undecided too: no counts, no findings', () => {
    const report: GateReport = { ...withInputs(sampleReport('basic-complete')), error: 'Could not write the SARIF file' }
    expect(report.verdict).toBeDefined()
    expect(parse(report)).toMatchObject({ verdict: 'undecided', counts: null, decisions: null, rules: null, findings: [] })
  })

  test('an invalid date is null rather than an exception', () => {
    const json = parse({ ...withInputs(sampleReport('basic-complete')), scanCompletedAt: new Date(Number.NaN) })
    expect(json.scan.completedAt).toBeNull()
  })
})

describe('hostile finding text', () => {
  test('lone surrogates become U+FFFD, pairs stay, controls stay escaped, megabytes are cut', () => {
    const finding = makeFinding({
      id: 'CVE-2024-8001',
      title: 'pair \ud83d\ude80 lone \ud800 and \udfff',
      description: `${'D'.repeat(2_000_000)}`,
      vector: '\u0000\u001b[31m\r\n::error::x',
      packages: [{ name: 'x'.repeat(10_000), version: '1', fixedInVersion: '', filePath: '', packageManager: '' }]
    })
    const text = renderReport(withInputs(makeReport([finding])))
    expect(text).not.toMatch(/\\ud[89a-f][0-9a-f]{2}/i)
    const json = JSON.parse(text) as ReportJson
    const f = json.findings[0] as ReportFinding
    expect(f.title).toBe('pair \ud83d\ude80 lone \ufffd and \ufffd')
    expect(f.vector).toBe('\u0000\u001b[31m\r\n::error::x')
    expect(f.description).toHaveLength(32_768)
    expect(f.description.endsWith('D…')).toBe(true)
    expect(f.packages[0]?.name).toHaveLength(4_096)
    // One line per finding: no raw line break from the data can split it.
    expect(text.split('\n').filter((line) => line.includes('CVE-2024-8001'))).toHaveLength(1)
    expect(text.length).toBeLessThan(50_000)
  })

  test('a lone surrogate in the id or package name becomes U+FFFD too', () => {
    const finding = makeFinding({ id: 'CVE-\ud800-1', packageName: 'lib\udfff' })
    const text = renderReport(withInputs(makeReport([finding])))
    expect(text).not.toMatch(/\\ud[89a-f][0-9a-f]{2}/i)
    const f = (JSON.parse(text) as ReportJson).findings[0] as ReportFinding
    expect(f.id).toBe('CVE-\ufffd-1')
    expect(f.key).toBe('CVE-\ufffd-1|lib\ufffd')
  })

  test("a policy rule's reason and a warning get the finding text's cap and repair", () => {
    // Both carry user and data text: an ignore reason from a VEX document, a warning quoting ECR.
    const policy = makePolicy({ ignore: [{ id: 'CVE-2024-0001', reason: `why \ud800 ${'r'.repeat(10_000)}`, source: 'vex' }] })
    const json = parse(withInputs(makeReport([makeFinding()], policy, { warnings: [`warn \udfff ${'w'.repeat(10_000)}`] })))
    const [rule] = (json.policy?.ignore ?? []) as { reason: string }[]
    const [warning = ''] = json.warnings
    for (const [text, head, tail] of [[rule?.reason ?? '', 'why \ufffd r', 'r…'], [warning, 'warn \ufffd w', 'w…']] as const) {
      expect(text).toHaveLength(4_096)
      expect(text.startsWith(head)).toBe(true)
      expect(text.endsWith(tail)).toBe(true)
    }
  })

  test('a cut never splits a surrogate pair', () => {
    const finding = makeFinding({ description: `${'a'.repeat(32_766)}\ud83d\ude80tail` })
    const f = (JSON.parse(renderReport(withInputs(makeReport([finding])))) as ReportJson).findings[0] as ReportFinding
    expect(f.description).toBe(`${'a'.repeat(32_766)}…`)
  })
})

describe('writeReportFile', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'report-file-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  test('writes report-file, creating directories, and returns the path', async () => {
    const path = join(dir, 'out', 'gate.json')
    const report = withInputs(mixedReport(), { reportFile: path })
    await expect(writeReportFile(report)).resolves.toBe(path)
    expect(await readFile(path, 'utf8')).toBe(renderReport(report))
  })

  test('an empty report-file writes nothing', async () => {
    await expect(writeReportFile(withInputs(sampleReport('basic-complete'), { reportFile: '' }))).resolves.toBeUndefined()
  })

  test('an unwritable path is a configuration error naming the input', async () => {
    const blocker = join(dir, 'file')
    await writeFile(blocker, '')
    const report = withInputs(sampleReport('basic-complete'), { reportFile: join(blocker, 'report.json') })
    await expect(writeReportFile(report)).rejects.toMatchObject({
      name: 'ConfigurationError',
      message: expect.stringMatching(/report-file/)
    })
  })

  test('100,000 findings stream to a file every finding of which parses back, in linear time', async () => {
    const findings = [
      ...makeEnhancedFindings(50_000, { seed: 17 }).map(fromEnhanced),
      ...makeBasicFindings(50_000, { seed: 17 }).map(fromBasic)
    ]
    const path = join(dir, 'big.json')
    const report = withInputs(makeReport(findings, makePolicy({ severityThreshold: 'MEDIUM' })), { reportFile: path })
    const small = withInputs(makeReport(findings.slice(0, 10_000)), { reportFile: join(dir, 'small.json') })
    await writeReportFile(small)
    const t0 = performance.now()
    await writeReportFile(small)
    const t1 = performance.now()
    await writeReportFile(report)
    const t2 = performance.now()
    const json = JSON.parse(await readFile(path, 'utf8')) as ReportJson
    expect(json.findings).toHaveLength(100_000)
    expect(json.decisions?.blocking).toBe(report.verdict?.counts.blocking)
    // Ten times the findings may cost about ten times the time (with slack for GC and a busy machine: a full jest run
    // beside other work took 1.01 s here), never a hundred.
    expect(t2 - t1).toBeLessThan(Math.max(15 * (t1 - t0), 2_500))
    expect(t2 - t1).toBeLessThan(8_000)
  })
})
