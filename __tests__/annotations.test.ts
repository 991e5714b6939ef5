import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { MAX_ERROR_ANNOTATIONS, writeAnnotations } from '../src/annotations.js'
import type { Inputs } from '../src/inputs.js'
import type { GateReport } from '../src/report.js'
import { makeFinding, makePolicy, makeReport } from './support/reports.js'
import { captureStdout } from './support/fixtures.js'

let stdout: string[]

beforeEach(() => {
  stdout = captureStdout()
})

afterEach(() => {
  jest.restoreAllMocks()
})

function logLines(): string[] {
  return stdout.join('').split(/\r\n|\r|\n/).filter(Boolean)
}

/** Parses a workflow command line the way the runner does: `::name props::message`. */
function parseCommand(line: string): { name: string; props: Record<string, string>; message: string } | undefined {
  const match = /^::([^ :]+)(?: ([^:]*))?::(.*)$/.exec(line)
  if (!match) return undefined
  const unescape = (s: string): string =>
    s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%')
  const props = Object.fromEntries(
    (match[2] ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => {
        const [key, ...value] = pair.split('=')
        return [key!, unescape(value.join('='))]
      })
  )
  return { name: match[1]!, props, message: unescape(match[3]!) }
}

const withDockerfile = (report: GateReport, dockerfile: string): GateReport => ({
  ...report,
  inputs: { dockerfile } as Inputs
})

describe('writeAnnotations', () => {
  it('annotates each blocking finding as an error, most severe first, and ends with a notice of the totals', () => {
    const report = makeReport(
      [
        makeFinding({ id: 'CVE-1', severity: 'HIGH', score: 7.1, packageName: 'zlib', packageVersion: '1.2.13', fixedInVersion: '' }),
        makeFinding({ id: 'CVE-2', severity: 'CRITICAL', score: 9.8, exploitAvailable: 'YES' }),
        makeFinding({ id: 'CVE-3', severity: 'LOW' })
      ],
      makePolicy()
    )
    writeAnnotations(withDockerfile(report, 'docker/Dockerfile'))
    expect(logLines().map(parseCommand)).toEqual([
      {
        name: 'error',
        props: { title: 'CVE-2 in openssl', file: 'docker/Dockerfile', line: '1' },
        message:
          'CRITICAL (score 9.8): openssl 3.0.11-1 is affected; fixed in 3.0.13-1. A known exploit is available. Blocking: CRITICAL at or above HIGH.'
      },
      {
        name: 'error',
        props: { title: 'CVE-1 in zlib', file: 'docker/Dockerfile', line: '1' },
        message: 'HIGH (score 7.1): zlib 1.2.13 is affected; no fixed version known. Blocking: HIGH at or above HIGH.'
      },
      {
        name: 'notice',
        props: { title: 'ECR scan gate', file: 'docker/Dockerfile', line: '1' },
        message: 'Fail: 3 findings (1 CRITICAL, 1 HIGH, 1 LOW); 2 blocking, 0 ignored, 0 suppressed.'
      }
    ])
  })

  it('says "known exploit" only when Inspector says YES, and counts ignored, suppressed and blocking apart', () => {
    const findings = [
      makeFinding({ id: 'CVE-UNKNOWN', severity: 'CRITICAL', exploitAvailable: 'UNKNOWN' }),
      makeFinding({ id: 'CVE-IGNORED', severity: 'CRITICAL' }),
      makeFinding({ id: 'CVE-SUPPRESSED-1', severity: 'CRITICAL', inspectorStatus: 'SUPPRESSED' }),
      makeFinding({ id: 'CVE-SUPPRESSED-2', severity: 'CRITICAL', inspectorStatus: 'CLOSED' })
    ]
    const ignore = [{ id: 'CVE-IGNORED', reason: 'accepted', source: 'ignore input' }]
    writeAnnotations(makeReport(findings, makePolicy({ ignore })))
    const commands = logLines().map(parseCommand)
    expect(commands[0]?.message).not.toMatch(/exploit/)
    expect(commands.at(-1)?.message).toBe('Fail: 2 findings (2 CRITICAL); 1 blocking, 1 ignored, 2 suppressed.')
  })

  it.each([
    [9, ''],
    [10, ' 1 more blocking findings than the 9 annotated']
  ])('with %i blocking findings the notice says what the 9 errors leave out: %j', (blocking, more) => {
    const findings = Array.from({ length: blocking }, (_, i) => makeFinding({ id: `CVE-${i}`, severity: 'CRITICAL' }))
    writeAnnotations(makeReport(findings))
    const notice = logLines().map(parseCommand).at(-1)?.message ?? ''
    expect(notice.startsWith(`Fail: ${blocking} findings (${blocking} CRITICAL); ${blocking} blocking, 0 ignored, 0 suppressed.${more}`)).toBe(true)
    if (!more) expect(notice).not.toMatch(/more blocking/)
  })

  it('without a Dockerfile, annotations carry no file', () => {
    writeAnnotations(makeReport([makeFinding()]))
    const commands = logLines().map(parseCommand)
    expect(commands.map((c) => c?.props)).toEqual([{ title: 'CVE-2024-0001 in openssl' }, { title: 'ECR scan gate' }])
  })

  it('a failing step annotates the top 9 blocking findings, leaving the 10th error for the step failure itself', () => {
    const findings = Array.from({ length: 25 }, (_, i) => makeFinding({ id: `CVE-${String(i).padStart(2, '0')}`, score: i / 3 }))
    writeAnnotations(makeReport(findings))
    const commands = logLines().map(parseCommand)
    const errors = commands.filter((c) => c?.name === 'error')
    expect(errors).toHaveLength(MAX_ERROR_ANNOTATIONS - 1)
    expect(errors.map((c) => c!.props.title)).toEqual(Array.from({ length: 9 }, (_, i) => `CVE-${24 - i} in openssl`))
    expect(commands.at(-1)!.message).toBe(
      'Fail: 25 findings (25 HIGH); 25 blocking, 0 ignored, 0 suppressed. 16 more blocking findings than the 9 annotated: see the job summary.'
    )
  })

  it.each([
    [{ summary: false, reportFile: 'gate.json' }, ': see the JSON report.'],
    [{ summary: false, reportFile: '', sarifFile: 'gate.sarif' }, ': see the SARIF file.'],
    [{ summary: false, reportFile: '', sarifFile: '' }, '.']
  ])('the totals point at a report this run writes: %j', (inputs, ending) => {
    const findings = Array.from({ length: 12 }, (_, i) => makeFinding({ id: `CVE-${i}` }))
    writeAnnotations({ ...makeReport(findings), inputs: { failBuild: true, ...inputs } as Inputs })
    expect(logLines().map(parseCommand).at(-1)!.message).toMatch(new RegExp(`than the 9 annotated${ending.replace(/\./g, '\\.')}$`))
  })

  it(`with fail-build false no step error follows, so all ${MAX_ERROR_ANNOTATIONS} go to findings`, () => {
    const findings = Array.from({ length: 25 }, (_, i) => makeFinding({ id: `CVE-${String(i).padStart(2, '0')}`, score: i / 3 }))
    writeAnnotations({ ...makeReport(findings), inputs: { failBuild: false } as Inputs })
    const errors = logLines().map(parseCommand).filter((c) => c?.name === 'error')
    expect(errors).toHaveLength(MAX_ERROR_ANNOTATIONS)
  })

  it('a pass gives the notice only', () => {
    writeAnnotations(makeReport([makeFinding({ severity: 'LOW' })]))
    expect(logLines()).toEqual(['::notice title=ECR scan gate::Pass: 1 finding (1 LOW); 0 blocking, 0 ignored, 0 suppressed.'])
  })

  it('writes nothing when the gate could not decide', () => {
    writeAnnotations({ imageDigest: '', scanStatus: '', warnings: [], error: 'timed out' })
    expect(stdout).toEqual([])
  })

  it('cannot be made to issue a workflow command by the finding text', () => {
    const evil = [
      makeFinding({ id: 'x\n::error::pwned', packageName: '::set-output name=result::pass' }),
      makeFinding({ id: 'CVE-1\r::add-mask::x', packageName: 'a,b:c%0A::warning::d', packageVersion: '1\n::stop-commands::t' }),
      makeFinding({ id: '::set-env name=NODE_OPTIONS::--require /tmp/x', fixedInVersion: '\u2028::notice::y\u0085::debug::z' }),
      makeFinding({ id: '%0A::error::encoded', packageName: '' })
    ]
    writeAnnotations(withDockerfile(makeReport(evil), 'Dockerfile,title=pwned::x\n::error::y'))
    const lines = logLines()
    expect(lines).toHaveLength(5)
    const commands = lines.map(parseCommand)
    expect(commands.map((c) => c?.name)).toEqual(['error', 'error', 'error', 'error', 'notice'])
    for (const command of commands) {
      expect(Object.keys(command!.props).sort()).toEqual(['file', 'line', 'title'])
      expect(command!.props.file).toBe('Dockerfile,title=pwned::x ::error::y')
    }
    // The text arrives whole, as the title the user sees, never as a command of its own.
    expect(commands.map((c) => c!.props.title)).toEqual([
      '%0A::error::encoded',
      '::set-env name=NODE_OPTIONS::--require /tmp/x in openssl',
      'CVE-1 ::add-mask::x in a,b:c%0A::warning::d',
      'x ::error::pwned in ::set-output name=result::pass',
      'ECR scan gate'
    ])
    expect(commands.every((c) => !/[\r\n\u2028\u0085]/.test(c!.message))).toBe(true)
  })
})
