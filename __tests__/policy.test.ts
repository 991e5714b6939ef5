import fc from 'fast-check'
import { type Finding, fromBasic, fromEnhanced } from '../src/finding.js'
import { type Policy, decide, isCalendarDay, onlyFixedWarnings } from '../src/policy.js'
import { makeFinding, makePolicy } from './support/reports.js'

const NOW = new Date('2026-11-26T12:00:00Z')

function finding(overrides: Partial<Finding>): Finding {
  return makeFinding({ id: 'CVE-2026-0001', ...overrides })
}

// The core rules are tested against the built-in threshold, CRITICAL.
function policy(overrides: Partial<Policy> = {}): Policy {
  return makePolicy({ severityThreshold: 'CRITICAL', ...overrides })
}

describe('severity threshold', () => {
  test.each([
    ['CRITICAL', 'CRITICAL', 'blocking'],
    ['CRITICAL', 'HIGH', 'below-threshold'],
    ['HIGH', 'HIGH', 'blocking'],
    ['HIGH', 'MEDIUM', 'below-threshold'],
    ['MEDIUM', 'MEDIUM', 'blocking'],
    ['LOW', 'MEDIUM', 'blocking'],
    ['LOW', 'INFORMATIONAL', 'below-threshold'],
    ['INFORMATIONAL', 'INFORMATIONAL', 'blocking'],
    ['INFORMATIONAL', 'UNTRIAGED', 'below-threshold'],
    ['UNTRIAGED', 'UNTRIAGED', 'blocking'],
    ['UNTRIAGED', 'INFORMATIONAL', 'blocking'],
    ['NONE', 'CRITICAL', 'below-threshold']
  ] as const)('threshold %s, finding %s → %s', (threshold, severity, decision) => {
    const verdict = decide([finding({ severity })], policy({ severityThreshold: threshold }), { now: NOW })
    expect(verdict.decided[0]?.decision).toBe(decision)
    expect(verdict.result).toBe(decision === 'blocking' ? 'fail' : 'pass')
  })
})

describe('only-fixed', () => {
  test.each([
    ['enhanced', 'YES', 'blocking'],
    ['enhanced', 'PARTIAL', 'blocking'],
    ['enhanced', 'NO', 'no-fix'],
    // Inspector always sends fixAvailable; when it is missing we cannot prove there is no fix, so it blocks.
    ['enhanced', 'UNKNOWN', 'blocking'],
    ['basic', 'UNKNOWN', 'blocking']
  ] as const)('%s finding with fixAvailable %s → %s', (kind, fixAvailable, decision) => {
    const verdict = decide([finding({ kind, fixAvailable, severity: 'CRITICAL' })], policy({ onlyFixed: true }), { now: NOW })
    expect(verdict.decided[0]?.decision).toBe(decision)
  })

  test('without only-fixed, a basic finding blocks for its severity alone', () => {
    const verdict = decide([finding({ kind: 'basic', fixAvailable: 'UNKNOWN', severity: 'CRITICAL' })], policy(), { now: NOW })
    expect(verdict.decided[0]?.reason).toBe('CRITICAL at or above CRITICAL')
  })

  test('a basic finding that keeps blocking under only-fixed says why', () => {
    const verdict = decide([finding({ kind: 'basic', fixAvailable: 'UNKNOWN', severity: 'CRITICAL' })], policy({ onlyFixed: true }), { now: NOW })
    expect(verdict.decided[0]?.reason).toMatch(/basic scanning gives no fix data/)
  })

  test('basic findings that keep blocking under only-fixed give one warning, counting them', () => {
    const findings = [
      finding({ kind: 'basic', severity: 'CRITICAL' }),
      finding({ kind: 'basic', severity: 'CRITICAL' }),
      finding({ kind: 'basic', severity: 'LOW' }),
      finding({ kind: 'enhanced', fixAvailable: 'YES', severity: 'CRITICAL' })
    ]
    const onlyFixed = policy({ onlyFixed: true })
    expect(onlyFixedWarnings(onlyFixed, decide(findings, onlyFixed, { now: NOW }))).toEqual([
      'only-fixed is true, but 2 blocking findings come from basic scanning, which gives no fix data: only-fixed cannot ' +
        'exempt them, so they block whether or not a fix exists. Enhanced scanning (Amazon Inspector) reports fixes.'
    ])
    expect(onlyFixedWarnings(onlyFixed, decide(findings.slice(1), onlyFixed, { now: NOW }))[0]).toMatch(/but 1 blocking finding comes .* exempt it, so it blocks/)
  })

  test.each([
    ['only-fixed is off', { onlyFixed: false }, 'basic'],
    ['no basic finding blocks', { onlyFixed: true }, 'enhanced']
  ] as const)('no only-fixed warning when %s', (_, settings, kind) => {
    const findings = [finding({ kind, fixAvailable: kind === 'enhanced' ? 'YES' : 'UNKNOWN', severity: 'CRITICAL' })]
    expect(onlyFixedWarnings(policy(settings), decide(findings, policy(settings), { now: NOW }))).toEqual([])
  })
})

describe('ignore and suppression', () => {
  test('ignored findings are reported and counted, never block', () => {
    const verdict = decide(
      [finding({ severity: 'CRITICAL', id: 'CVE-2026-0001' }), finding({ severity: 'CRITICAL', id: 'CVE-2026-0002' })],
      policy({ ignore: [{ id: 'cve-2026-0001', reason: 'accepted in the workflow', source: 'ignore input' }] }),
      { now: NOW }
    )
    expect(verdict.decided.map((d) => d.decision)).toEqual(['ignored', 'blocking'])
    expect(verdict.counts).toMatchObject({ total: 2, blocking: 1, ignored: 1 })
    expect(verdict.counts.bySeverity.CRITICAL).toEqual({ found: 2, blocking: 1, ignored: 1 })
  })

  test.each(['SUPPRESSED', 'CLOSED'])('%s findings are excluded from every other count', (inspectorStatus) => {
    const verdict = decide([finding({ severity: 'CRITICAL', inspectorStatus }), finding({ severity: 'LOW' })], policy(), { now: NOW })
    expect(verdict.counts).toMatchObject({ total: 1, blocking: 0, ignored: 0, suppressed: 1 })
    expect(verdict.counts.bySeverity.CRITICAL.found).toBe(0)
    expect(verdict.result).toBe('pass')
  })
})

describe('counts from the reference samples', () => {
  test('UNDEFINED and UNTRIAGED both count as untriaged', () => {
    const findings = [
      fromBasic({ name: 'CVE-1', severity: 'UNDEFINED' }),
      fromEnhanced({ severity: 'UNTRIAGED', packageVulnerabilityDetails: { vulnerabilityId: 'CVE-2' } }),
      fromEnhanced({ severity: 'MEDIUM', packageVulnerabilityDetails: { vulnerabilityId: 'CVE-3' } })
    ]
    const verdict = decide(findings, policy({ severityThreshold: 'UNTRIAGED' }), { now: NOW })
    expect(verdict.counts.bySeverity.UNTRIAGED.found).toBe(2)
    expect(verdict.counts.blocking).toBe(3)
  })
})

describe('isCalendarDay', () => {
  test.each([
    [2028, 2, 29, true],
    [2027, 2, 29, false],
    [2000, 2, 29, true],
    [1900, 2, 29, false],
    // Years 0 to 99 are not 1900 to 1999 (Date.UTC's reading), and year 0 is a leap year in ISO 8601's calendar.
    [0, 2, 29, true],
    [50, 6, 15, true],
    [99, 2, 29, false],
    [9999, 12, 31, true],
    [2026, 4, 31, false],
    [2026, 13, 1, false],
    [2026, 0, 1, false],
    [2026, 1, 0, false],
    [10000, 1, 1, false],
    [-1, 1, 1, false]
  ])('%i-%i-%i → %s', (year, month, day, expected) => {
    expect(isCalendarDay(year, month, day)).toBe(expected)
  })

  test('agrees with Date on days drawn from the years 0000 to 9999, the 29th to the 32nd of each month included', () => {
    // The reference: a Date set with setUTCFullYear (which, unlike Date.UTC, takes years 0 to 99 as given) that keeps
    // the day it was given.
    const exists = (year: number, month: number, day: number): boolean => {
      const date = new Date(0)
      date.setUTCFullYear(year, month - 1, day)
      return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 32 }), (y, m, d) => {
        expect(isCalendarDay(y, m, d)).toBe(exists(y, m, d))
      }),
      { numRuns: 20_000 }
    )
  })
})
