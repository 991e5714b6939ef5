import type { Finding } from '../src/finding.js'
import { type Decision, type IgnoreRule, type ImageIdentity, type ImageMatcher, decide, findingKey } from '../src/policy.js'
import { makeFinding, makePolicy } from './support/reports.js'

const NOW = new Date('2026-11-26T12:00:00Z')
const DIGEST = `sha256:${'d'.repeat(64)}`
const OTHER_DIGEST = `sha256:${'e'.repeat(64)}`

// The rule tables below read best with one vulnerability id throughout unless a case says otherwise.
function finding(overrides: Partial<Finding> = {}): Finding {
  return makeFinding({ id: 'CVE-2026-0001', packageVersion: '3.0.0', fixedInVersion: '3.0.1', ...overrides })
}

const policy = makePolicy

function rule(overrides: Partial<IgnoreRule> = {}): IgnoreRule {
  return { id: 'CVE-2026-0001', reason: 'not reachable', source: 'policy file .github/ecr-scan-gate.yml', ...overrides }
}

describe('expiry at the UTC day boundary', () => {
  test.each([
    ['the day before', '2026-12-30T12:00:00Z', 'ignored'],
    ['the first second of the last day', '2026-12-31T00:00:00Z', 'ignored'],
    ['the last second of the last day', '2026-12-31T23:59:59Z', 'ignored'],
    ['the last millisecond of the last day', '2026-12-31T23:59:59.999Z', 'ignored'],
    ['the first second after it', '2027-01-01T00:00:00Z', 'blocking'],
    // 00:30 in UTC+1 is still 23:30 on the last day in UTC: the local calendar does not matter.
    ['just after midnight in UTC+1', '2027-01-01T00:30:00+01:00', 'ignored'],
    // 23:30 in UTC-1 is already the next day in UTC.
    ['late on the last day in UTC-1', '2026-12-31T23:30:00-01:00', 'blocking'],
    ['a year later', '2027-12-31T00:00:00Z', 'blocking']
  ] as const)('expires 2026-12-31, %s (%s) → %s', (_, now, decision) => {
    const expiring = rule({ expires: '2026-12-31' })
    const verdict = decide([finding()], policy({ ignore: [expiring] }), { now: new Date(now) })
    expect(verdict.decided[0]?.decision).toBe(decision)
    expect(verdict.expiredRules).toEqual(decision === 'blocking' ? [expiring] : [])
    // An expired rule is reported as expired, not also as stale.
    expect(verdict.staleRules).toEqual([])
  })

  test('a rule that expired earlier in the month blocks again: the day counts, not the month', () => {
    const expiring = rule({ expires: '2026-05-10' })
    const verdict = decide([finding({ severity: 'HIGH' })], policy({ severityThreshold: 'HIGH', ignore: [expiring] }), { now: new Date('2026-05-20T12:00:00Z') })
    expect(verdict.result).toBe('fail')
    expect(verdict.expiredRules).toEqual([expiring])
  })

  test('a rule without expires never expires', () => {
    const verdict = decide([finding()], policy({ ignore: [rule()] }), { now: new Date('2999-01-01T00:00:00Z') })
    expect(verdict.decided[0]?.decision).toBe('ignored')
  })

  test('an expired rule does not hide a live rule for the same finding', () => {
    const expired = rule({ expires: '2026-01-01' })
    const live = rule({ source: 'ignore input', reason: 'accepted in the workflow' })
    const verdict = decide([finding()], policy({ ignore: [expired, live] }), { now: NOW })
    expect(verdict.decided[0]).toMatchObject({ decision: 'ignored', reason: 'accepted in the workflow (ignore input)' })
    expect(verdict.expiredRules).toEqual([expired])
  })
})

test('two live rules for one finding: the first one given is the reason shown, and neither is stale', () => {
  const first = rule({ reason: 'first', source: 'ignore input' })
  const second = rule({ reason: 'second', source: 'policy file .github/ecr-scan-gate.yml' })
  const verdict = decide([finding()], policy({ ignore: [first, second] }), { now: NOW })
  expect(verdict.decided[0]).toMatchObject({ decision: 'ignored', reason: 'first (ignore input)' })
  expect(verdict.staleRules).toEqual([])
})

describe('stale rules', () => {
  test('a live rule that matches nothing is stale, never a failure', () => {
    const unused = rule({ id: 'CVE-1999-0001' })
    const verdict = decide([finding({ severity: 'LOW' })], policy({ ignore: [unused, rule()] }), { now: NOW })
    expect(verdict.staleRules).toEqual([unused])
    expect(verdict.result).toBe('pass')
  })

  test('a rule that covers a suppressed finding only is stale (suppression already hid it)', () => {
    const verdict = decide([finding({ inspectorStatus: 'SUPPRESSED' })], policy({ ignore: [rule()] }), { now: NOW })
    expect(verdict.decided[0]?.decision).toBe('suppressed')
    expect(verdict.staleRules).toHaveLength(1)
  })
})

function twoPackages(): Finding {
  return finding({
    packages: [
      { name: 'openssl', version: '3', fixedInVersion: '', filePath: '', packageManager: 'OS' },
      { name: 'libssl3', version: '3', fixedInVersion: '', filePath: '', packageManager: 'OS' }
    ]
  })
}

describe('package-scoped rules', () => {
  test.each([
    ['the same package', { package: 'openssl' }, finding(), 'ignored'],
    ['another package', { package: 'openssl' }, finding({ packageName: 'curl' }), 'blocking'],
    ['a package name in another case', { package: 'OpenSSL' }, finding(), 'ignored'],
    // The finding is the vulnerability in both packages: accepting one of them leaves the other to be judged.
    ['one of the two packages a finding names', { package: 'libssl3' }, twoPackages(), 'blocking'],
    ['a basic finding (package from its attributes)', { package: 'openssl' }, finding({ kind: 'basic', packages: [] }), 'ignored'],
    ['no package: every package', {}, finding({ packageName: 'curl' }), 'ignored'],
    ['the id in another case', { id: 'cve-2026-0001', package: 'openssl' }, finding(), 'ignored'],
    ['another id, same package', { id: 'CVE-2026-9999', package: 'openssl' }, finding(), 'blocking']
  ] as const)('a rule for %s → %s', (_, overrides, subject, decision) => {
    const verdict = decide([subject], policy({ ignore: [rule(overrides)] }), { now: NOW })
    expect(verdict.decided[0]?.decision).toBe(decision)
  })

  test('thousands of package-scoped rules for one id meet each package in one lookup, in their order', () => {
    // A VEX statement's subcomponents are one rule each: tried against every package, 16,000 took 27 s end to end.
    const n = 20_000
    const rules = Array.from({ length: n }, (_, i) => rule({ package: `pkg-${i}`, reason: `reason ${i}` }))
    rules.splice(5, 0, rule({ reason: 'every package' }))
    const findings = Array.from({ length: n }, (_, i) => finding({ packageName: `PKG-${n - 1 - i}` }))
    const started = performance.now()
    const verdict = decide(findings, policy({ ignore: rules }), { now: NOW })
    expect(performance.now() - started).toBeLessThan(2_000)
    // The rule for every package comes sixth, before every named one but the first five.
    expect(verdict.decided.map((d) => d.reason.split(' (')[0])).toEqual(
      findings.map((_, i) => (n - 1 - i < 5 ? `reason ${n - 1 - i}` : 'every package'))
    )
    expect(verdict.staleRules).toEqual([])
  })

  test.each([
    ['of the workflow or file: the first gives the reason', undefined, 'reason 0'],
    ['of VEX statements: the last statement gives the reason', 'vex', 'reason 19999']
  ])('thousands of rules naming no package %s, each found once per id, not once per package', (_, vex, reason) => {
    const n = 20_000
    const rules = Array.from({ length: n }, (_, i) => rule({ reason: `reason ${i}`, ...(vex ? { vexOrder: i } : {}) }))
    const findings = Array.from({ length: n }, (_, i) => finding({ packageName: `pkg-${i}` }))
    const started = performance.now()
    const verdict = decide(findings, policy({ ignore: rules }), { now: NOW })
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(new Set(verdict.decided.map((d) => d.reason.split(' (')[0]))).toEqual(new Set([reason]))
    expect(verdict.staleRules).toEqual([])
  })

  test.each([
    ['rules', undefined],
    ['VEX statements with an alias each', 'vex']
  ])('%s: ids too long for V8 to hash are each found in one lookup', (_, vex) => {
    // Ids of one length that differ only at their end: as keys, all of them would share one bucket of a Map.
    const id = (i: number) => `CVE-${'9'.repeat(20_000)}-${String(i).padStart(6, '0')}`
    const n = 3_000
    const rules = Array.from({ length: n }, (_, i) =>
      rule({ id: id(i), reason: `reason ${i}`, ...(vex ? { vexOrder: i, aliases: [id(i + n)] } : {}) })
    )
    const findings = Array.from({ length: n }, (_, i) => finding({ id: id(n - 1 - i).toLowerCase() }))
    const started = performance.now()
    const verdict = decide(findings, policy({ ignore: rules }), { now: NOW })
    expect(performance.now() - started).toBeLessThan(10_000)
    const reasons = verdict.decided.map((d) => d.reason.split(' (')[0])
    expect(reasons.every((reason, i) => reason === `reason ${n - 1 - i}`)).toBe(true)
    expect(verdict.staleRules).toEqual([])
  })

  test('rules for every package a finding names accept it, and are all used', () => {
    const rules = [rule({ package: 'openssl' }), rule({ package: 'libssl3', reason: 'not loaded' })]
    const verdict = decide([twoPackages()], policy({ ignore: rules }), { now: NOW })
    expect(verdict.decided[0]).toMatchObject({ decision: 'ignored', reason: 'not reachable (policy file .github/ecr-scan-gate.yml)' })
    expect(verdict.staleRules).toEqual([])
  })

  test('a package rule and a rule for every package that both cover a finding are both in use, not stale', () => {
    const verdict = decide([finding()], policy({ ignore: [rule(), rule({ package: 'openssl', reason: 'scoped' })] }), { now: NOW })
    expect(verdict.decided[0]?.decision).toBe('ignored')
    expect(verdict.staleRules).toEqual([])
  })

  test('a finding accepted in some packages only says which ones still block', () => {
    const verdict = decide([twoPackages()], policy({ ignore: [rule({ package: 'openssl' })] }), { now: NOW })
    expect(verdict.decided[0]?.decision).toBe('blocking')
    expect(verdict.decided[0]?.reason).toMatch(/ignore rules accept it in some packages but not in libssl3$/)
    expect(verdict.staleRules).toEqual([])
  })

  test('a package without a name that no rule covers is named as such', () => {
    const unnamed = finding({
      packages: [
        { name: 'openssl', version: '3', fixedInVersion: '', filePath: '', packageManager: 'OS' },
        { name: '', version: '3', fixedInVersion: '', filePath: '', packageManager: 'OS' }
      ]
    })
    const verdict = decide([unnamed], policy({ ignore: [rule({ package: 'openssl' })] }), { now: NOW })
    expect(verdict.decided[0]?.reason).toMatch(/but not in \(no package name\)$/)
  })

  test('package rules that cover none of its packages leave a finding the plain reason, not "some packages"', () => {
    const verdict = decide([finding({ packageName: 'curl' })], policy({ ignore: [rule({ package: 'openssl' })] }), { now: NOW })
    expect(verdict.decided[0]).toMatchObject({ decision: 'blocking', reason: 'HIGH at or above HIGH' })
  })

  test('a finding accepted in some packages but below the threshold gets no "some packages" suffix', () => {
    const verdict = decide([twoPackages()], policy({ severityThreshold: 'CRITICAL', ignore: [rule({ package: 'openssl' })] }), { now: NOW })
    expect(verdict.decided[0]?.decision).toBe('below-threshold')
    expect(verdict.decided[0]?.reason).not.toMatch(/some packages/)
  })

  test.each(['NPM', 'YARN', 'NODEPKG'])('a rule scoped to npm packages (pkg:npm) covers a %s package of that name', (manager) => {
    const npm = finding({ packages: [{ name: 'lodash', version: '4.17.20', fixedInVersion: '', filePath: '', packageManager: manager }] })
    const verdict = decide([npm], policy({ ignore: [rule({ package: 'lodash', packageType: 'npm' })] }), { now: NOW })
    expect(verdict.decided[0]?.decision).toBe('ignored')
  })

  test('min-score: a score exactly at the minimum blocks', () => {
    const verdict = decide([finding({ score: 7 })], policy({ minScore: 7 }), { now: NOW })
    expect(verdict.decided[0]?.decision).toBe('blocking')
  })

  test('a package rule covers that package and leaves the same CVE in another package blocking', () => {
    const verdict = decide([finding(), finding({ packageName: 'curl' })], policy({ ignore: [rule({ package: 'openssl' })] }), { now: NOW })
    expect(verdict.decided.map((d) => d.decision)).toEqual(['ignored', 'blocking'])
    expect(verdict.decided[0]?.reason).toBe('not reachable (policy file .github/ecr-scan-gate.yml)')
    expect(verdict.counts).toMatchObject({ blocking: 1, ignored: 1 })
  })
})

describe('budgets', () => {
  const highs = (n: number, extra: Partial<Finding> = {}): Finding[] =>
    Array.from({ length: n }, (_, i) => finding({ id: `CVE-2026-${1000 + i}`, ...extra }))

  test.each([
    [0, 0, 'pass', []],
    [0, 1, 'fail', ['blocking']],
    [2, 1, 'pass', ['within-budget']],
    [2, 2, 'pass', ['within-budget', 'within-budget']],
    // Over the budget every one of them blocks, not just the excess: there is no way to say which ones are "extra".
    [2, 3, 'fail', ['blocking', 'blocking', 'blocking']]
  ] as const)('max HIGH %d with %d HIGH findings → %s', (budget, count, result, decisions) => {
    const verdict = decide(highs(count), policy({ max: { HIGH: budget } }), { now: NOW })
    expect(verdict.result).toBe(result)
    expect(verdict.decided.map((d) => d.decision)).toEqual(decisions)
    expect(verdict.counts.blocking).toBe(result === 'fail' ? count : 0)
  })

  test('a budget names how many there are and the budget', () => {
    const verdict = decide(highs(2), policy({ max: { HIGH: 5 } }), { now: NOW })
    expect(verdict.decided[0]?.reason).toBe('2 HIGH within the budget of 5')
  })

  test('a budget for one severity leaves the others alone', () => {
    const verdict = decide([...highs(1), finding({ id: 'CVE-C', severity: 'CRITICAL' })], policy({ max: { HIGH: 1 } }), { now: NOW })
    expect(verdict.decided.map((d) => d.decision)).toEqual(['within-budget', 'blocking'])
  })

  test('ignored, not-new and below-threshold findings do not use up the budget', () => {
    const findings = [
      ...highs(2),
      finding({ id: 'CVE-IGNORED' }),
      finding({ id: 'CVE-OLD' }),
      finding({ id: 'CVE-MEDIUM', severity: 'MEDIUM' })
    ]
    const verdict = decide(findings, policy({ max: { HIGH: 2 }, ignore: [rule({ id: 'CVE-IGNORED' })] }), {
      now: NOW,
      baseline: new Set(['CVE-OLD|openssl'])
    })
    expect(verdict.decided.map((d) => d.decision)).toEqual(['within-budget', 'within-budget', 'ignored', 'not-new', 'below-threshold'])
    expect(verdict.result).toBe('pass')
  })

  test('with block-exploitable, an exploitable finding blocks whatever the budget and does not count against it', () => {
    const findings = [...highs(2), finding({ id: 'CVE-EXPLOIT', exploitAvailable: 'YES' })]
    const verdict = decide(findings, policy({ max: { HIGH: 2 }, blockExploitable: true }), { now: NOW })
    expect(verdict.decided.map((d) => d.decision)).toEqual(['within-budget', 'within-budget', 'blocking'])
    expect(verdict.counts.blocking).toBe(1)
  })

  test('without block-exploitable, an exploitable finding is budgeted like any other', () => {
    const verdict = decide([finding({ exploitAvailable: 'YES' })], policy({ max: { HIGH: 1 } }), { now: NOW })
    expect(verdict.decided[0]?.decision).toBe('within-budget')
  })
})

describe('exploit gate', () => {
  test.each([
    [true, 'YES', 'LOW', 'blocking'],
    [true, 'YES', 'INFORMATIONAL', 'blocking'],
    [true, 'YES', 'UNTRIAGED', 'blocking'],
    [true, 'NO', 'LOW', 'below-threshold'],
    // Basic findings carry no exploit data: unknown is not a known exploit.
    [true, 'UNKNOWN', 'LOW', 'below-threshold'],
    [false, 'YES', 'LOW', 'below-threshold'],
    [true, 'NO', 'CRITICAL', 'blocking']
  ] as const)('block-exploitable %s, exploit %s, severity %s → %s', (blockExploitable, exploitAvailable, severity, decision) => {
    const verdict = decide([finding({ exploitAvailable, severity })], policy({ blockExploitable }), { now: NOW })
    expect(verdict.decided[0]?.decision).toBe(decision)
  })

  test('a known exploit blocks even under the NONE threshold, below min-score and without a fix', () => {
    const subject = finding({ exploitAvailable: 'YES', severity: 'LOW', score: 2, fixAvailable: 'NO' })
    const verdict = decide([subject], policy({ blockExploitable: true, severityThreshold: 'NONE', minScore: 9, onlyFixed: true }), { now: NOW })
    expect(verdict.decided[0]).toMatchObject({ decision: 'blocking', reason: 'a known exploit is available (block-exploitable)' })
  })
})

describe('score gate', () => {
  test.each([
    [7, 6.9, 'below-min-score'],
    [7, 7, 'blocking'],
    [7, 9.8, 'blocking'],
    [0, 0, 'blocking'],
    [10, 9.9, 'below-min-score'],
    // An unknown score cannot prove the finding harmless.
    [7, undefined, 'blocking']
  ] as const)('min-score %d, score %s → %s', (minScore, score, decision) => {
    const verdict = decide([finding({ score })], policy({ minScore }), { now: NOW })
    expect(verdict.decided[0]?.decision).toBe(decision)
  })

  test('the reason names the score and the gate', () => {
    const verdict = decide([finding({ score: 5.3 })], policy({ minScore: 7 }), { now: NOW })
    expect(verdict.decided[0]?.reason).toBe('score 5.3 is below min-score 7')
  })

  test('no min-score: every score blocks at or above the threshold', () => {
    const verdict = decide([finding({ score: 0.1 })], policy(), { now: NOW })
    expect(verdict.decided[0]?.decision).toBe('blocking')
  })
})

describe('precedence between rules', () => {
  const full = policy({ blockExploitable: true, minScore: 7, onlyFixed: true, max: { HIGH: 0 } })
  test.each<[string, Partial<Finding>, { ignore?: boolean; baseline?: boolean }, Decision]>([
    ['suppression beats an ignore rule', { inspectorStatus: 'SUPPRESSED' }, { ignore: true }, 'suppressed'],
    ['an ignore rule beats the exploit gate', { exploitAvailable: 'YES' }, { ignore: true }, 'ignored'],
    ['an ignore rule beats the baseline', {}, { ignore: true, baseline: true }, 'ignored'],
    ['the baseline beats the exploit gate', { exploitAvailable: 'YES' }, { baseline: true }, 'not-new'],
    ['the exploit gate beats the threshold', { exploitAvailable: 'YES', severity: 'LOW' }, {}, 'blocking'],
    ['the threshold comes before min-score', { severity: 'LOW', score: 1 }, {}, 'below-threshold'],
    ['min-score comes before only-fixed', { score: 1, fixAvailable: 'NO' }, {}, 'below-min-score'],
    ['only-fixed exempts what has no fix', { fixAvailable: 'NO' }, {}, 'no-fix'],
    ['a budget of 0 keeps it blocking', {}, {}, 'blocking']
  ])('%s', (_, overrides, { ignore, baseline }, decision) => {
    const subject = finding(overrides)
    const verdict = decide([subject], { ...full, ignore: ignore ? [rule()] : [] }, {
      now: NOW,
      baseline: baseline ? new Set([findingKey(subject)]) : undefined
    })
    expect(verdict.decided[0]?.decision).toBe(decision)
  })
})

describe('baseline identity', () => {
  test.each([
    ['the same vulnerability and package', finding(), 'not-new'],
    ['the same vulnerability in a new version of the package', finding({ packageVersion: '3.0.9' }), 'not-new'],
    ['the same vulnerability in another package', finding({ packageName: 'curl' }), 'blocking'],
    ['another vulnerability in the same package', finding({ id: 'CVE-2026-0002' }), 'blocking'],
    // Ids compare without case everywhere else (ignore rules, VEX): a baseline that wrote it in lower case is the same.
    ['the same vulnerability, its id in lower case', finding({ id: finding().id.toLowerCase() }), 'not-new']
  ] as const)('%s → %s', (_, subject, decision) => {
    const verdict = decide([subject], policy(), { now: NOW, baseline: new Set([findingKey(finding())]) })
    expect(verdict.decided[0]?.decision).toBe(decision)
  })

  test('without a baseline every finding is new', () => {
    const verdict = decide([finding()], policy(), { now: NOW, baseline: undefined })
    expect(verdict.decided[0]?.decision).toBe('blocking')
  })
})

describe('VEX matching', () => {
  const image: ImageIdentity = { repositoryName: 'team/app', imageDigest: DIGEST, imageTag: 'v1' }
  const vex = (products: ImageMatcher[] | undefined, extra: Partial<IgnoreRule> = {}): IgnoreRule =>
    rule({ source: 'VEX vex.json', reason: 'vulnerable_code_not_in_execute_path', products, ...extra })

  test.each<[string, ImageMatcher[] | undefined, ImageIdentity | undefined, 'ignored' | 'blocking']>([
    ['no products: every image', undefined, image, 'ignored'],
    ['no products, even before the image is known', undefined, undefined, 'ignored'],
    ['the image digest', [{ digests: [DIGEST] }], image, 'ignored'],
    ['one of several digests (an index and its manifest)', [{ digests: [OTHER_DIGEST, DIGEST] }], image, 'ignored'],
    ['another digest', [{ digests: [OTHER_DIGEST] }], image, 'blocking'],
    ['a digest when the image digest is unknown', [{ digests: [DIGEST] }], { repositoryName: 'team/app', imageTag: 'v1' }, 'blocking'],
    ['the repository', [{ repositories: ['team/app'] }], image, 'ignored'],
    ['another repository', [{ repositories: ['team/other'] }], image, 'blocking'],
    ['the repository and tag', [{ repositories: ['team/app'], tag: 'v1' }], image, 'ignored'],
    ['the repository and another tag', [{ repositories: ['team/app'], tag: 'v2' }], image, 'blocking'],
    ['a tag when the image was named by digest', [{ repositories: ['team/app'], tag: 'v1' }], { repositoryName: 'team/app', imageDigest: DIGEST }, 'blocking'],
    ['the last segment of the repository (pkg:oci without repository_url)', [{ name: 'app' }], image, 'ignored'],
    ['another last segment', [{ name: 'team' }], image, 'blocking'],
    ['any of several products', [{ repositories: ['team/other'] }, { digests: [DIGEST] }], image, 'ignored'],
    ['products, but no image given to decide', [{ repositories: ['team/app'] }], undefined, 'blocking']
  ])('a statement for %s → %s', (_, products, subject, decision) => {
    const verdict = decide([finding({ severity: 'CRITICAL' })], policy({ ignore: [vex(products)] }), { now: NOW, image: subject })
    expect(verdict.decided[0]?.decision).toBe(decision)
  })

  test('a statement about another image is neither applied nor listed as stale', () => {
    const other = vex([{ digests: [OTHER_DIGEST] }])
    const verdict = decide([finding()], policy({ ignore: [other] }), { now: NOW, image })
    expect(verdict.staleRules).toEqual([])
    expect(verdict.expiredRules).toEqual([])
  })

  test('a statement about this image that matches no finding is stale', () => {
    const unused = vex([{ digests: [DIGEST] }], { id: 'CVE-1999-0001' })
    const verdict = decide([finding()], policy({ ignore: [unused] }), { now: NOW, image })
    expect(verdict.staleRules).toEqual([unused])
  })

  test.each([
    ['the name', 'CVE-2026-0001', 'ignored'],
    ['an alias', 'GHSA-abcd-efgh-ijkl', 'ignored'],
    ['an alias in another case', 'ghsa-ABCD-efgh-ijkl', 'ignored'],
    ['neither', 'CVE-2026-0002', 'blocking']
  ] as const)('a finding reported under %s → %s', (_, id, decision) => {
    const verdict = decide([finding({ id })], policy({ ignore: [vex(undefined, { aliases: ['GHSA-abcd-efgh-ijkl'] })] }), { now: NOW, image })
    expect(verdict.decided[0]?.decision).toBe(decision)
  })

  test('a statement scoped to a subcomponent ignores that package only', () => {
    const scoped = vex([{ digests: [DIGEST] }], { package: 'openssl' })
    const verdict = decide([finding(), finding({ packageName: 'curl' })], policy({ ignore: [scoped] }), { now: NOW, image })
    expect(verdict.decided.map((d) => d.decision)).toEqual(['ignored', 'blocking'])
    expect(verdict.decided[0]?.reason).toBe('vulnerable_code_not_in_execute_path (VEX vex.json)')
  })
})
