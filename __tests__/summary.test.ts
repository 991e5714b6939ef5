import { afterAll, afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
import type { Finding } from '../src/finding.js'
import { compareFindings } from '../src/baseline.js'
import { findingKey } from '../src/policy.js'
import type { GateReport } from '../src/report.js'
import { SUMMARY_LIMIT_BYTES, renderSummary, writeSummary } from '../src/summary.js'
import { makeEnhancedFindings } from './support/ecr-server.js'
import { htmlText, renderGfm, tableCells } from './support/markdown-render.js'
import { makeFinding, makePolicy, makeReport, sampleFindings, sampleReport } from './support/reports.js'
import { captureStdout, expectGolden } from './support/fixtures.js'
import { fromEnhanced } from '../src/finding.js'

const files = { reportFile: 'ecr-scan-gate.json', sarifFile: 'ecr-scan-gate.sarif' }

function mixedReport(): GateReport {
  // The real samples plus synthetic Inspector findings, so every section of the summary has rows.
  const findings: Finding[] = [
    ...sampleFindings('basic-complete').findings,
    ...sampleFindings('enhanced-active-awsdocs').findings,
    ...sampleFindings('enhanced-complete-untriaged-moto').findings,
    ...makeEnhancedFindings(25, { seed: 3 }).map(fromEnhanced)
  ]
  const policy = makePolicy({
    severityThreshold: 'HIGH',
    blockExploitable: true,
    ignore: [
      { id: 'CVE-2022-49043', package: 'libxml2', reason: 'XInclude is never used', source: '.github/ecr-scan-gate.yml', expires: '2025-12-31' },
      { id: 'CVE-2019-5188', reason: 'fsck never runs in the container', source: 'ignore input' },
      { id: 'CVE-2020-0001', reason: 'old exception', source: '.github/ecr-scan-gate.yml', expires: '2025-01-31' },
      { id: 'CVE-2018-9999', reason: 'package removed long ago', source: 'vex.json' }
    ]
  })
  return {
    ...sampleReport('enhanced-active-awsdocs', policy, files),
    verdict: makeReport(findings, policy).verdict,
    warnings: ['ECR counted 31 findings by severity but listed 30; the summary shows the 30 listed.']
  }
}

describe('renderSummary on the fixtures (golden files)', () => {
  it('basic scanning, a MEDIUM finding over a MEDIUM threshold: fail', () => {
    expectGolden(
      'summary-basic-complete.md',
      renderSummary(sampleReport('basic-complete', makePolicy({ severityThreshold: 'MEDIUM' }), files))
    )
  })

  it('enhanced scanning, the HIGH finding ignored with a reason: pass', () => {
    const policy = makePolicy({
      ignore: [{ id: 'CVE-2022-49043', reason: 'XInclude is never used', source: 'policy-file', expires: '2025-12-31' }]
    })
    expectGolden('summary-enhanced-active-awsdocs.md', renderSummary(sampleReport('enhanced-active-awsdocs', policy, files)))
  })

  it('enhanced scanning with an UNTRIAGED finding under a CRITICAL threshold: pass, the rest collapsed', () => {
    const policy = makePolicy({ severityThreshold: 'CRITICAL' })
    expectGolden('summary-enhanced-untriaged-moto.md', renderSummary(sampleReport('enhanced-complete-untriaged-moto', policy)))
  })

  it('many findings: blocking, ignored, expired and unused rules, warnings, the rest collapsed', () => {
    expectGolden('summary-mixed.md', renderSummary(mixedReport()))
  })

  it('a baseline: new, fixed and still-present counts, and the new findings listed', () => {
    const { findings } = sampleFindings('enhanced-complete-untriaged-moto')
    const extra = makeFinding({ id: 'CVE-2025-0002', severity: 'CRITICAL', score: 9.1, packageName: 'zlib' })
    const baselineKeys = new Set([findingKey(findings[0]!)])
    const report = makeReport([...findings, extra], makePolicy({ severityThreshold: 'MEDIUM' }), {
      baselineKeys,
      baseline: {
        target: { repositoryName: 'sample-repo', imageTag: 'main', region: 'us-east-1' },
        available: true,
        newCount: 2,
        fixedCount: 3,
        stillPresentCount: 1,
        fixedKeys: ['CVE-2023-1|a', 'CVE-2023-2|b', 'CVE-2023-3|c']
      }
    })
    expectGolden('summary-baseline.md', renderSummary(report))
  })

  it('the new findings listed are those the new count counts: no suppressed finding, no ignored one the baseline had', () => {
    const known = makeFinding({ id: 'CVE-2025-1000', severity: 'HIGH', packageName: 'zlib' })
    const knownIgnored = makeFinding({ id: 'CVE-2025-1001', severity: 'HIGH', packageName: 'curl' })
    const newIgnored = makeFinding({ id: 'CVE-2025-1002', severity: 'HIGH', packageName: 'bash' })
    const suppressed = makeFinding({ id: 'CVE-2025-1003', severity: 'CRITICAL', packageName: 'tar', inspectorStatus: 'SUPPRESSED' })
    const fresh = makeFinding({ id: 'CVE-2025-1004', severity: 'CRITICAL', packageName: 'glibc' })
    const findings = [known, knownIgnored, newIgnored, suppressed, fresh]
    const target = { repositoryName: 'sample-repo', imageTag: 'main', region: 'us-east-1' }
    const baselineKeys = new Set([known, knownIgnored].map((f) => findingKey(f)))
    const ignore = [knownIgnored, newIgnored].map((f) => ({ id: f.id, reason: 'accepted', source: 'ignore input' }))
    const report = makeReport(findings, makePolicy({ ignore }), {
      baselineKeys,
      baseline: compareFindings(target, findings, baselineKeys)
    })
    expect(report.baseline?.newCount).toBe(2)
    const section = (renderSummary(report).split('### Compared with the baseline')[1] ?? '').split('<details>')[0] ?? ''
    expect(section).toContain('2 new, 0 fixed, 2 still present.')
    expect(section).toContain('CVE-2025-1002')
    expect(section).toContain('CVE-2025-1004')
    expect(section).not.toContain('CVE-2025-1001')
    expect(section).not.toContain('CVE-2025-1003')
  })

  it('over 100 new findings: the baseline table shows 100 and says how many more the JSON report holds', () => {
    const findings = Array.from({ length: 130 }, (_, i) => makeFinding({ id: `CVE-2025-${2000 + i}`, severity: 'LOW' }))
    const target = { repositoryName: 'sample-repo', imageTag: 'main', region: 'us-east-1' }
    const baselineKeys = new Set<string>()
    const report = makeReport(findings, makePolicy(), { baselineKeys, baseline: compareFindings(target, findings, baselineKeys), reportFile: 'gate.json' })
    const section = (renderSummary(report).split('### Compared with the baseline')[1] ?? '').split('<details>')[0] ?? ''
    expect(section.match(/^\| \S*CVE-2025-/gm)).toHaveLength(100)
    expect(section).toContain('_… and 30 more new findings not shown here: see the JSON report._')
  })

  it('a scan that never finished: could not decide, with the reason and what is known of the image', () => {
    const report: GateReport = {
      ...sampleReport('enhanced-pending-empty'),
      verdict: undefined,
      policy: makePolicy(),
      error: 'The scan of dummy@sha256:08ee… was still PENDING after 600 s (wait-timeout). Raise wait-timeout or check that the repository scans on push.'
    }
    expectGolden('summary-pending-timeout.md', renderSummary(report))
  })

  it('an undecided run does not claim the JSON report holds every finding: it holds none', () => {
    const report: GateReport = { ...sampleReport('enhanced-pending-empty'), verdict: undefined, error: 'timed out', reportFile: 'gate.json' }
    const markdown = renderSummary(report)
    expect(markdown).toContain('What this run knew is in the JSON report gate.json.')
    expect(markdown).not.toContain('Every finding')
  })

  it('bad input: only the error is known', () => {
    const report: GateReport = {
      imageDigest: '',
      scanStatus: '',
      warnings: [],
      error: 'Input severity-threshold must be one of CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL, UNTRIAGED, NONE (any case); got "<b>SEVERE</b>".'
    }
    const markdown = renderSummary(report)
    expectGolden('summary-bad-input.md', markdown)
    expect(renderGfm(markdown)).not.toContain('<b>')
  })
})

describe('renderSummary', () => {
  it('puts the verdict first, then the image, scan times and policy', () => {
    const markdown = renderSummary(sampleReport('basic-complete', makePolicy({ severityThreshold: 'MEDIUM' })))
    const lines = markdown.split('\n')
    // The zero-width space after @ keeps GitHub from reading `@sha256` as a mention.
    expect(lines[0]).toBe('## ❌ ECR scan gate: fail for sample-repo@&#8288;sha256:74b2c688c700ec95a93e478cdb959737c148df3fbf5ea706abe0318726e885e6')
    expect(markdown).toContain('**Image:** repository sample-repo, account 012345678910, region us-east-1  \n**Digest:** sha256:74b2c688c700ec95a93e478cdb959737c148df3fbf5ea706abe0318726e885e6')
    expect(markdown).toContain('**Scan:** COMPLETE, completed 2020-01-24 04:11:45 UTC, vulnerability data updated 2020-01-23 20:25:17 UTC')
    expect(markdown.indexOf('ECR scan gate')).toBeLessThan(markdown.indexOf('### Findings by severity'))
  })

  it('lists blocking findings most severe and highest score first, ignored ones with their reason, the rest folded', () => {
    const report = makeReport(
      [
        makeFinding({ id: 'CVE-LOW', severity: 'LOW' }),
        makeFinding({ id: 'CVE-HIGH-7', severity: 'HIGH', score: 7 }),
        makeFinding({ id: 'CVE-CRIT', severity: 'CRITICAL', score: 9.8, link: 'javascript:alert(1)' }),
        makeFinding({ id: 'CVE-HIGH-8', severity: 'HIGH', score: 8.2 }),
        makeFinding({ id: 'CVE-IGN', severity: 'CRITICAL' }),
        makeFinding({ id: 'CVE-SUP', severity: 'CRITICAL', inspectorStatus: 'SUPPRESSED' })
      ],
      makePolicy({ ignore: [{ id: 'CVE-IGN', reason: 'not reachable from the entrypoint', source: 'ignore input' }] })
    )
    const html = renderGfm(renderSummary(report))
    const [, blocking, ignored, others] = tableCells(html).reduce<string[][][]>(
      (tables, row) => {
        // The severity table has 4 columns, blocking 7, ignored 5, others 7 with a "Why" last.
        const last = tables[tables.length - 1]!
        if (last.length > 0 && last[0]!.length !== row.length) tables.push([])
        tables[tables.length - 1]!.push(row)
        return tables
      },
      [[]]
    )
    expect(blocking!.map((row) => htmlText(row[0]!.replace(/<[^>]+>/g, '')))).toEqual(['CVE-CRIT', 'CVE-HIGH-8', 'CVE-HIGH-7'])
    // A javascript: link is shown as text, never as a link.
    expect(blocking![0]![0]).toBe('CVE-CRIT')
    expect(blocking![1]![0]).toBe('<a href="https://nvd.nist.gov/vuln/detail/CVE-HIGH-8">CVE-HIGH-8</a>')
    expect(ignored!.map((row) => [row[0]!.replace(/<[^>]+>/g, ''), row[4]])).toEqual([
      ['CVE-IGN', 'not reachable from the entrypoint (ignore input)']
    ])
    expect(html).toMatch(/<details><summary>Other findings, not blocking \(2\)<\/summary>/)
    expect(others!.map((row) => [row[0]!.replace(/<[^>]+>/g, ''), row[6]])).toEqual([
      ['CVE-SUP', 'Inspector status SUPPRESSED'],
      ['CVE-LOW', 'below the severity threshold HIGH']
    ])
    expect(html).toContain('5 findings: 3 blocking, 1 ignored; 1 suppressed in Amazon Inspector (left out of these counts).')
  })

  it('keeps quotes in finding text as quotes, and no quote opens an attribute or a link title', () => {
    const payloads = ['x" onmouseover="alert(1)', "a](https://evil.example 'title')", '[x]: /url "title"', '"><img src=x onerror=alert(1)>']
    const report = makeReport(
      payloads.map((payload, i) =>
        makeFinding({ id: `CVE-2024-000${i}`, severity: 'CRITICAL', packageName: payload, packageVersion: `1.0-${payload}`, fixedInVersion: payload })
      ),
      makePolicy(),
      { warnings: payloads }
    )
    const markdown = renderSummary(report)
    expect(markdown).toContain('x" onmouseover="alert(1)')
    const html = renderGfm(markdown)
    // Every tag is the reporter's own: the links it made carry an href and nothing else.
    for (const tag of html.match(/<[a-z][^>]*>/g) ?? []) expect(tag).toMatch(/^<(?:[a-z0-9]+|a href="https:\/\/nvd\.nist\.gov\/vuln\/detail\/CVE-2024-000\d"|td align="(?:left|right|center)"|th align="(?:left|right|center)")>$/)
    expect(htmlText(html.replace(/<[^>]+>/g, ''))).toContain('x" onmouseover="alert(1)')
  })

  it('shows warnings and the ignore rules to review, escaped', () => {
    const report = makeReport([makeFinding({ id: 'CVE-1' })], makePolicy({
      ignore: [
        { id: 'CVE-1', reason: 'ok', source: 'ignore input', expires: '2025-06-30' },
        { id: 'CVE-9', package: '<b>pkg</b>', reason: 'gone', source: 'policy.yml' }
      ]
    }), { warnings: ['Something <i>odd</i>'] })
    const markdown = renderSummary(report)
    expect(markdown).toContain('### Warnings\n\n- Something &lt;i&gt;odd&lt;/i&gt;')
    expect(markdown).toContain('- expired 2025-06-30, no longer applies: CVE-1 (ignore input): ok')
    expect(markdown).toContain('- matched no finding: CVE-9 in &lt;b&gt;pkg&lt;/b&gt; (policy.yml): gone')
  })

  it('shows tags, an ignore reason and a package name written as markup as the text they are', () => {
    const tag = 'v1_<b>bold</b>*em*'
    const reason = '**not** <i>reachable</i> [docs](https://evil.example)'
    const name = '<img src=x>|lib*'
    const packages = [{ name, version: '1', fixedInVersion: '', filePath: '', packageManager: 'OS' }]
    const report = makeReport(
      [
        makeFinding({ id: 'CVE-IGN', severity: 'CRITICAL', packageName: name, packages }),
        makeFinding({ id: 'CVE-BLK', severity: 'CRITICAL', packageName: name, packages })
      ],
      makePolicy({
        ignore: [
          { id: 'CVE-IGN', reason, source: 'ignore input' },
          { id: 'CVE-GONE', package: name, reason, source: 'ignore input' }
        ]
      }),
      {
        baselineKeys: new Set(),
        baseline: {
          target: { repositoryName: 'sample-repo', imageTag: `main-${tag}`, region: 'us-east-1' },
          available: true,
          newCount: 1,
          fixedCount: 0,
          stillPresentCount: 0,
          fixedKeys: []
        }
      }
    )
    const html = renderGfm(renderSummary({ ...report, target: { ...report.target!, imageTag: tag } }))
    // <strong> is the summary's own; the data's markup must make no element and no link.
    expect(html).not.toMatch(/<(?:b|i|em|img)\b|href="https:\/\/evil/)
    // The escapes may leave invisible breaks (zero-width space, word joiner) that a reader does not see.
    const shown = htmlText(html.replace(/<[^>]+>/g, '')).replace(/[\u200b\u2060]/g, '')
    expect(shown).toContain(`fail for sample-repo:${tag}`)
    expect(shown).toContain(`Compared with the baseline sample-repo:main-${tag}`)
    expect(shown).toContain(`${reason} (ignore input)`)
    expect(shown).toContain(`matched no finding: CVE-GONE in ${name} (ignore input): ${reason}`)
    const blocking = tableCells(html).find((row) => row[0]?.includes('CVE-BLK'))
    expect(blocking?.map((cell) => htmlText(cell.replace(/<[^>]+>/g, '')).replace(/[\u200b\u2060]/g, ''))).toContain(name)
  })

  it('says the baseline could not be read when it could not', () => {
    const report = makeReport([makeFinding()], makePolicy(), {
      baseline: {
        target: { repositoryName: 'app', imageDigest: 'sha256:' + 'a'.repeat(64), region: 'us-east-1' },
        available: false,
        newCount: 1,
        fixedCount: 0,
        stillPresentCount: 0,
        fixedKeys: []
      }
    })
    const markdown = renderSummary(report)
    expect(markdown).toContain(`### Compared with the baseline app@sha256:${'a'.repeat(64)}`)
    expect(markdown).toContain('The baseline could not be compared (see the warnings), so every finding counts as new.')
    expect(markdown).toContain('1 new, 0 fixed, 0 still present.')
  })

  it('stays under the limit with 100,000 findings and says how many it left out', () => {
    const findings = makeEnhancedFindings(100_000, { seed: 9 }).map(fromEnhanced)
    const report = makeReport(findings, makePolicy({ severityThreshold: 'LOW' }), files)
    const started = Date.now()
    const markdown = renderSummary(report)
    const elapsed = Date.now() - started
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES)
    const blocking = report.verdict!.counts.blocking
    expect(blocking).toBeGreaterThan(50_000)
    expect(markdown).toContain(`### Blocking findings (${blocking.toLocaleString('en-US')})`)
    expect(markdown).toMatch(
      new RegExp(`_… and ${(blocking - 1000).toLocaleString('en-US')} more blocking findings not shown here: see the JSON report or the SARIF file\\._`)
    )
    expect(elapsed).toBeLessThan(5_000)
  })

  it('says what each cut table and list left out, and where to find it', () => {
    // 1,001 of each kind: one more than a table holds, so each section leaves out exactly one.
    const findings = [
      ...Array.from({ length: 1001 }, (_, i) => makeFinding({ id: `CVE-2026-${i}`, severity: 'CRITICAL' })),
      ...Array.from({ length: 1001 }, (_, i) => makeFinding({ id: `CVE-2025-${i}`, severity: 'CRITICAL' })),
      ...Array.from({ length: 1001 }, (_, i) => makeFinding({ id: `CVE-2024-${i}`, severity: 'LOW' }))
    ]
    const ignore = Array.from({ length: 1001 }, (_, i) => ({ id: `CVE-2025-${i}`, reason: 'accepted', source: 'ignore input' }))
    const report = { ...makeReport(findings, makePolicy({ ignore })), ...files, warnings: Array.from({ length: 21 }, (_, i) => `warning ${i}`) }
    const summary = renderSummary(report)
    expect(summary).toContain('_… and 1 more blocking findings not shown here: see the JSON report or the SARIF file._')
    // The SARIF file leaves ignored findings out: only the JSON report is named for them.
    expect(summary).toContain('_… and 1 more ignored findings not shown here: see the JSON report._')
    expect(summary).toContain('_… and 1 more findings not shown here: see the JSON report._')
    expect(summary).toContain('- … and 1 more warnings')
  })

  it('links an id whose ECR link is no plain http(s) URL to its advisory page, as the SARIF rule does', () => {
    const summary = renderSummary(makeReport([makeFinding({ id: 'CVE-2026-7777', severity: 'CRITICAL', link: 'javascript:alert(1)' })]))
    expect(summary).toContain('[CVE-2026-7777](https://nvd.nist.gov/vuln/detail/CVE-2026-7777)')
    expect(summary).not.toContain('javascript:')
  })

  it('names only the files this run wrote', () => {
    const report = makeReport([makeFinding()])
    expect(renderSummary({ ...report, reportFile: 'gate.json' })).toMatch(/Every finding with its decision is in the JSON report gate\.json\.\n$/)
    const sarifOnly = renderSummary({ ...report, sarifFile: 'gate.sarif' })
    expect(sarifOnly).toMatch(/The findings for code scanning \(all but the ignored and suppressed\) are in the SARIF file gate\.sarif\.\n$/)
    expect(sarifOnly).not.toMatch(/JSON report|undefined/)
  })

  it('stays within its budget when the parts no table budget covers (warnings) nearly fill it', () => {
    const report = {
      ...makeReport(Array.from({ length: 300 }, (_, i) => makeFinding({ id: `CVE-2024-${i}` }))),
      warnings: Array.from({ length: 20 }, (_, i) => `${i} ${'w'.repeat(480)}`)
    }
    const full = Buffer.byteLength(renderSummary(report))
    for (const budget of [full - 1_000, 8_000]) expect(Buffer.byteLength(renderSummary(report, budget))).toBeLessThanOrEqual(budget)
  })

  it('shrinks the tables to the room left, and falls back to the verdict alone', () => {
    const report = makeReport(Array.from({ length: 300 }, (_, i) => makeFinding({ id: `CVE-2024-${i}` })))
    const small = renderSummary(report, 20_000)
    expect(Buffer.byteLength(small)).toBeLessThanOrEqual(20_000)
    expect(small).toMatch(/_… and \d+ more blocking findings not shown here\._/)
    const verdict = '## ❌ ECR scan gate: fail for sample-repo:v1.2.3\n\n**300 findings break the policy.**\n\n300 findings: 300 blocking, 0 ignored.\n'
    // The tables were left out: the summary says so when the line fits, and shows the verdict alone when it does not.
    expect(renderSummary(report, 200)).toBe(`${verdict}\n_The step summary was nearly full, so only the verdict is shown here._\n`)
    expect(renderSummary(report, 150)).toBe(verdict)
    expect(renderSummary(report, 10)).toBe('')
  })
})

describe('writeSummary', () => {
  // core.summary keeps the first path it checked, so every test here writes through one file.
  const dir = mkdtempSync(join(tmpdir(), 'summary-'))
  const summaryFile = join(dir, 'step-summary.md')
  let stdout: string[]
  const saved = process.env.GITHUB_STEP_SUMMARY

  beforeEach(() => {
    rmSync(summaryFile, { recursive: true, force: true })
    writeFileSync(summaryFile, '')
    process.env.GITHUB_STEP_SUMMARY = summaryFile
    stdout = captureStdout()
    core.summary.emptyBuffer()
  })

  afterEach(() => {
    jest.restoreAllMocks()
    if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY
    else process.env.GITHUB_STEP_SUMMARY = saved
  })

  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('appends the summary to the step summary file', async () => {
    const report = sampleReport('basic-complete', makePolicy({ severityThreshold: 'MEDIUM' }))
    await writeSummary(report)
    expect(readFileSync(summaryFile, 'utf8')).toBe(`${renderSummary(report)}\n`)
    expect(core.summary.stringify()).toBe('')
  })

  it('counts what the step summary already holds, in the file and the buffer, against the limit', async () => {
    writeFileSync(summaryFile, 'x'.repeat(400_000))
    core.summary.addRaw('y'.repeat(400_000))
    const findings = makeEnhancedFindings(20_000, { seed: 4 }).map(fromEnhanced)
    await writeSummary(makeReport(findings, makePolicy({ severityThreshold: 'LOW' })))
    const size = Buffer.byteLength(readFileSync(summaryFile, 'utf8'))
    expect(size).toBeGreaterThan(900_000)
    expect(size).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES + 1)
  })

  it('skips quietly with an info line when GITHUB_STEP_SUMMARY is not set', async () => {
    delete process.env.GITHUB_STEP_SUMMARY
    await writeSummary(sampleReport('basic-complete'))
    expect(stdout.join('')).toBe('No job summary: GITHUB_STEP_SUMMARY is not set (not running on a GitHub Actions runner).\n')
  })

  it('never throws: an unwritable summary file becomes a warning', async () => {
    await writeSummary(sampleReport('basic-complete'))
    rmSync(summaryFile)
    mkdirSync(summaryFile)
    await expect(writeSummary(sampleReport('basic-complete'))).resolves.toBeUndefined()
    expect(stdout.join('')).toMatch(/^::warning::Could not write the job summary: EISDIR: illegal operation on a directory/)
  })

  it('never throws on a report with only an error, or with broken findings', async () => {
    await writeSummary({ imageDigest: '', scanStatus: '', warnings: [], error: 'bad input' })
    expect(readFileSync(summaryFile, 'utf8')).toContain('**The gate could not decide:** bad input')
    const broken = makeReport([makeFinding()])
    const decided = broken.verdict!.decided[0]!
    decided.finding = { ...decided.finding, id: undefined, packages: undefined, score: Number.NaN } as unknown as Finding
    await expect(writeSummary(broken)).resolves.toBeUndefined()
    expect(readFileSync(summaryFile, 'utf8')).toContain('## ❌ ECR scan gate: fail for sample-repo:v1.2.3')
  })

  it('writes nothing and warns when the step summary is already full', async () => {
    writeFileSync(summaryFile, 'x'.repeat(SUMMARY_LIMIT_BYTES))
    await writeSummary(sampleReport('basic-complete'))
    expect(Buffer.byteLength(readFileSync(summaryFile, 'utf8'))).toBe(SUMMARY_LIMIT_BYTES)
    expect(stdout.join('')).toMatch(/^::warning::No job summary: the step summary already holds 1000000 bytes/)
  })
})
