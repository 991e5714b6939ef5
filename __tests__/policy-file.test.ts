import { jest } from '@jest/globals'
import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

const logged: string[] = []
jest.unstable_mockModule('@actions/core', () => ({ info: (m: string) => logged.push(m) }))
const { loadPolicy, ruleWarnings, expiredRuleWarnings, DEFAULT_POLICY } = await import('../src/policy-file.js')
const { parsePolicyFile } = await import('../src/policy-file-parser.js')
const { ConfigurationError } = await import('../src/errors.js')
const { decide } = await import('../src/policy.js')
const { fromEnhanced } = await import('../src/finding.js')
// The policy reads only the policy inputs; the rest are action.yml's defaults.
const { makeInputs: inputs } = await import('./support/fixtures.js')
type Inputs = import('../src/inputs.js').Inputs
type GateReport = import('../src/report.js').GateReport
type IgnoreRule = import('../src/policy.js').IgnoreRule

const NOW = new Date('2026-06-01T12:00:00Z')
let workspace: string

function newReport(): GateReport {
  return { imageDigest: '', scanStatus: '', warnings: [] }
}

async function write(relative: string, text: string): Promise<string> {
  const file = path.join(workspace, relative)
  await mkdir(path.dirname(file), { recursive: true })
  await writeFile(file, text)
  return file
}

function load(overrides: Partial<Inputs> = {}, report = newReport(), now = NOW) {
  return loadPolicy(inputs(overrides), report, { now, workspace })
}

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(ConfigurationError)
  return error as Error
}

beforeEach(async () => {
  workspace = await mkdtemp(path.join(tmpdir(), 'policy-file-'))
  logged.length = 0
})
afterEach(() => rm(workspace, { recursive: true, force: true }))

describe('finding the file', () => {
  test('without a file or inputs the built-in default applies', async () => {
    const policy = await load()
    expect(policy).toEqual({ ...DEFAULT_POLICY, ignore: [] })
    expect(logged.join('\n')).toMatch(/severity-threshold CRITICAL \(default\)/)
  })

  test('a workspace with no .git at its root is said to have no checkout; a .git file (a worktree, a submodule) is one', async () => {
    const bare = newReport()
    await load({}, bare)
    expect(bare.warnings).toEqual([expect.stringMatching(/^No checkout at the workspace root, so \.github\/ecr-scan-gate\.yml could not be looked for/)])
    await writeFile(path.join(workspace, '.git'), 'gitdir: /elsewhere/.git/worktrees/app\n')
    const worktree = newReport()
    await load({}, worktree)
    expect(worktree.warnings).toEqual([])
  })

  test('reads .github/ecr-scan-gate.yml by default when it exists', async () => {
    await write('.github/ecr-scan-gate.yml', 'severity-threshold: high\n')
    const policy = await load()
    expect(policy.severityThreshold).toBe('HIGH')
    expect(logged.join('\n')).toMatch(/severity-threshold HIGH \(policy file \.github\/ecr-scan-gate\.yml\)/)
  })

  test('the default path resolves against GITHUB_WORKSPACE when no workspace is passed', async () => {
    await write('.github/ecr-scan-gate.yml', 'min-score: 4\n')
    const saved = process.env.GITHUB_WORKSPACE
    process.env.GITHUB_WORKSPACE = workspace
    try {
      expect((await loadPolicy(inputs(), newReport(), { now: NOW })).minScore).toBe(4)
    } finally {
      if (saved === undefined) delete process.env.GITHUB_WORKSPACE
      else process.env.GITHUB_WORKSPACE = saved
    }
  })

  test('an explicit path is read relative to the workspace and names the rules it gives', async () => {
    await write('policies/gate.yml', 'ignore:\n  - id: CVE-2023-1234\n    reason: not reachable\n')
    const policy = await load({ policyFile: 'policies/gate.yml' })
    expect(policy.ignore).toEqual([{ id: 'CVE-2023-1234', reason: 'not reachable', source: 'policy file policies/gate.yml' }])
  })

  test('an explicit path that does not exist is an error naming it', async () => {
    const error = await errorOf(load({ policyFile: 'policies/missing.yml' }))
    expect(error.message).toContain('policy-file "policies/missing.yml" does not exist')
    expect(error.message).toContain(path.join(workspace, 'policies/missing.yml'))
  })

  test('an explicit path that is a directory is an error', async () => {
    await mkdir(path.join(workspace, 'policies'))
    expect((await errorOf(load({ policyFile: 'policies' }))).message).toMatch(/is not a file/)
  })

  test('a directory at the default path is an error, not a silent fall-back to the built-in policy', async () => {
    await mkdir(path.join(workspace, '.github/ecr-scan-gate.yml'), { recursive: true })
    expect((await errorOf(load())).message).toBe(
      `The policy file .github/ecr-scan-gate.yml is not a file (looked at ${path.join(workspace, '.github/ecr-scan-gate.yml')}). Make it a file, or remove it to use the built-in policy.`
    )
  })

  test('a link at the default path to a file the checkout lacks is an error', async () => {
    await mkdir(path.join(workspace, '.github'))
    await symlink('../shared/ecr-scan-gate.yml', path.join(workspace, '.github/ecr-scan-gate.yml'))
    expect((await errorOf(load())).message).toMatch(/^The policy file \.github\/ecr-scan-gate\.yml is a link to a file that does not exist/)
  })

  test('a link at the default path to a file is read', async () => {
    await write('shared/gate.yml', 'severity-threshold: HIGH\n')
    await mkdir(path.join(workspace, '.github'))
    await symlink('../shared/gate.yml', path.join(workspace, '.github/ecr-scan-gate.yml'))
    expect((await load()).severityThreshold).toBe('HIGH')
  })

  test('a .yaml file at the default place is not read, and a warning says so', async () => {
    await write('.github/ecr-scan-gate.yaml', 'severity-threshold: LOW\n')
    const report = newReport()
    const policy = await load({}, report)
    expect(policy.severityThreshold).toBe('CRITICAL')
    expect(report.warnings).toEqual([expect.stringContaining('.github/ecr-scan-gate.yaml exists but is not read')])
  })

  test('a policy file over 16 MB fails with its size, before it is parsed (parsing 220 MB ran out of memory)', async () => {
    const file = await write('.github/ecr-scan-gate.yml', 'severity-threshold: HIGH\n')
    await truncate(file, 20 << 20)
    const error = await errorOf(load())
    expect(error).toBeInstanceOf(ConfigurationError)
    expect(error.message).toBe(
      'The policy file .github/ecr-scan-gate.yml is 20.0 MB; a policy file is at most 16 MB. Put long lists of exceptions in VEX documents (vex-file).'
    )
  })

  test('a policy file of exactly 16 MB is read; one byte more is refused', async () => {
    const head = 'severity-threshold: HIGH\n#'
    const file = await write('.github/ecr-scan-gate.yml', `${head}${'x'.repeat((16 << 20) - head.length)}`)
    expect((await load()).severityThreshold).toBe('HIGH')
    await truncate(file, (16 << 20) + 1)
    expect((await errorOf(load())).message).toMatch(/^The policy file .github\/ecr-scan-gate.yml is 16.0 MB; a policy file is at most 16 MB\./)
  })

  test.each(['', '# nothing yet\n', '\n\n'])('a file of nothing but %j parses as an empty policy', (text) => {
    expect(parsePolicyFile(text, 'p.yml')).toEqual({ ignore: [] })
  })

  test.each(['""', '"  "'])('an ignore rule with package %s is refused: it would ignore the CVE in every package', (value) => {
    expect(() => parsePolicyFile(`ignore:\n  - id: CVE-1\n    package: ${value}\n    reason: r\n`, 'p.yml')).toThrow(/ignore\[0\]\.package/)
  })

  test('the built-in policy, when neither a file nor an input sets anything', async () => {
    expect(await load()).toEqual({ severityThreshold: 'CRITICAL', onlyFixed: false, blockExploitable: false, minScore: undefined, max: {}, ignore: [] })
  })

  test('an empty file, or one with every setting commented out, is an empty policy', async () => {
    await write('.github/ecr-scan-gate.yml', '# nothing yet\nignore:\n  # - id: CVE-1\nmax:\n')
    expect(await load()).toEqual({ ...DEFAULT_POLICY, ignore: [] })
  })
})

describe('precedence: input, then policy file, then default', () => {
  test.each([
    [undefined, undefined, 'CRITICAL'],
    [undefined, 'HIGH', 'HIGH'],
    ['MEDIUM', 'HIGH', 'MEDIUM'],
    ['NONE', 'LOW', 'NONE'],
    ['LOW', undefined, 'LOW']
  ] as const)('severity-threshold input %s, file %s → %s', async (input, file, expected) => {
    if (file) await write('.github/ecr-scan-gate.yml', `severity-threshold: ${file}\n`)
    expect((await load({ severityThreshold: input })).severityThreshold).toBe(expected)
  })

  test.each([
    [undefined, undefined, false],
    [undefined, true, true],
    // An explicit false in the workflow wins over the file's true: empty and false are different things.
    [false, true, false],
    [true, false, true]
  ] as const)('only-fixed input %s, file %s → %s', async (input, file, expected) => {
    if (file !== undefined) await write('.github/ecr-scan-gate.yml', `only-fixed: ${file}\n`)
    expect((await load({ onlyFixed: input })).onlyFixed).toBe(expected)
  })

  test('the settings only the file can give come from it', async () => {
    await write('.github/ecr-scan-gate.yml', 'block-exploitable: true\nmin-score: 7.0\nmax:\n  HIGH: 5\n  medium: 10\n')
    expect(await load()).toMatchObject({ blockExploitable: true, minScore: 7, max: { HIGH: 5, MEDIUM: 10 } })
  })

  test('DEFAULT_POLICY is not changed by loading a policy', async () => {
    await write('.github/ecr-scan-gate.yml', 'max:\n  HIGH: 5\n')
    const policy = await load()
    policy.max.LOW = 1
    expect(DEFAULT_POLICY.max).toEqual({})
  })

  test('the ignore input merges with the file rules; each rule keeps its source', async () => {
    await write(
      '.github/ecr-scan-gate.yml',
      'ignore:\n  - id: CVE-2023-1234\n    package: openssl\n    reason: not reachable\n    expires: 2026-12-31\n'
    )
    const policy = await load({ ignore: ['CVE-2024-0001', 'GHSA-aaaa-bbbb-cccc'] })
    expect(policy.ignore).toEqual([
      { id: 'CVE-2023-1234', package: 'openssl', reason: 'not reachable', expires: '2026-12-31', source: 'policy file .github/ecr-scan-gate.yml' },
      { id: 'CVE-2024-0001', reason: 'accepted in the workflow', source: 'ignore input' },
      { id: 'GHSA-aaaa-bbbb-cccc', reason: 'accepted in the workflow', source: 'ignore input' }
    ])
    expect(logged.join('\n')).toMatch(/ignore rules: 1 from the policy file, 2 from the ignore input, 0 from VEX/)
  })
})

describe('expires', () => {
  test.each([
    ['a plain YAML 1.2 scalar (a string)', 'expires: 2026-12-31'],
    ['a quoted string', "expires: '2026-12-31'"]
  ])('accepts %s', (_, line) => {
    const settings = parsePolicyFile(`ignore:\n  - id: CVE-1\n    reason: r\n    ${line}\n`, 'p.yml')
    expect(settings.ignore[0]?.expires).toBe('2026-12-31')
  })

  test.each(['2028-02-29', '0050-02-28', '0000-02-29'])('accepts %s, a day of the calendar', (day) => {
    const settings = parsePolicyFile(`ignore:\n  - id: CVE-1\n    reason: r\n    expires: ${day}\n`, 'p.yml')
    expect(settings.ignore[0]?.expires).toBe(day)
  })

  test.each([
    ['a day that does not exist', '2026-02-30'],
    ['the 29th of February in a common year', '2027-02-29'],
    ['a day-first date', '31/12/2026'],
    ['a date with a time', '2026-12-31T10:00:00Z'],
    ['a number', '20261231'],
    ['a word', 'never']
  ])('rejects %s', (_, value) => {
    expect(() => parsePolicyFile(`ignore:\n  - id: CVE-1\n    reason: r\n    expires: ${value}\n`, 'p.yml')).toThrow(
      /line 4, ignore\[0\]\.expires: got .*; expected a date YYYY-MM-DD/
    )
  })

  test.each([
    ['on the last day it applies', '2026-12-31T23:59:59Z', []],
    ['the day after, a warning names the rule and its date', '2027-01-01T00:00:00Z', ['CVE-2023-1234 (package openssl) expired on 2026-12-31']]
  ])('%s', async (_, now, expected) => {
    await write(
      '.github/ecr-scan-gate.yml',
      'ignore:\n  - id: CVE-2023-1234\n    package: openssl\n    reason: not reachable\n    expires: 2026-12-31\n'
    )
    const report = newReport()
    await load({}, report, new Date(now))
    expect(report.warnings).toHaveLength(expected.length)
    for (const text of expected) expect(report.warnings[0]).toContain(text)
    if (expected.length) expect(report.warnings[0]).toContain('policy file .github/ecr-scan-gate.yml')
  })

  test('several expired rules from one source make one warning that names each with its date', () => {
    const rules: IgnoreRule[] = [
      { id: 'CVE-1', reason: 'r', expires: '2026-01-01', source: 'policy file p.yml' },
      { id: 'CVE-2', reason: 'r', expires: '2026-02-01', source: 'policy file p.yml' },
      { id: 'CVE-3', reason: 'r', expires: '2030-01-01', source: 'policy file p.yml' }
    ]
    const warnings = expiredRuleWarnings(rules, NOW)
    expect(warnings).toEqual([
      '2 ignore rules (policy file p.yml) have expired and no longer apply: CVE-1 expired on 2026-01-01; CVE-2 expired on 2026-02-01. Fix the findings, or renew the rules with new dates.'
    ])
  })

  test('thousands of expired rules name the first ten and count the rest: a warning is one annotation line', () => {
    const rules: IgnoreRule[] = Array.from({ length: 4000 }, (_, i) => ({ id: `CVE-2020-${1000 + i}`, reason: 'r', expires: '2026-01-01', source: 'policy file p.yml' }))
    const [warning = ''] = expiredRuleWarnings(rules, NOW)
    expect(warning).toMatch(/^4000 ignore rules .* CVE-2020-1009 expired on 2026-01-01 and 3990 more\. Fix the findings/)
    expect(warning).not.toContain('CVE-2020-1010')
    expect(warning.length).toBeLessThan(1000)
  })

  test('rules with ids of 20,000 characters are named by the first 100 of each: a warning stays one short line', () => {
    const rules: IgnoreRule[] = Array.from({ length: 20 }, (_, i) => ({ id: `CVE-${String(i).padStart(20_000, '9')}`, reason: 'r', expires: '2026-01-01', source: 'VEX v.json' }))
    const [warning = ''] = expiredRuleWarnings(rules, NOW)
    expect(warning).toMatch(/^20 ignore rules \(VEX v\.json\) have expired .* CVE-9{95}… expired on 2026-01-01; .* and 10 more\./)
    expect(warning.length).toBeLessThan(1_500)
  })
})

describe('schema errors name the file, the line, the field and what is accepted', () => {
  test.each([
    ['only-fixed: yes\n', 1, 'only-fixed: got "yes"; expected true or false'],
    ['only-fixed: true\nseverity-threshold: SEVERE\n', 2, 'severity-threshold: got "SEVERE"; expected one of CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL, UNTRIAGED, NONE'],
    ['block-exploitable: 1\n', 1, 'block-exploitable: got 1; expected true or false'],
    ['min-score: 11\n', 1, 'min-score: got 11; expected a number from 0 to 10'],
    ['min-score: "7"\n', 1, 'min-score: got "7"; expected a number from 0 to 10'],
    ['max:\n  HIGH: -1\n', 2, 'max.HIGH: got -1; expected a whole number, 0 or more'],
    ['max:\n  LOW: 0\n  HIGH: 1.5\n', 3, 'max.HIGH: got 1.5; expected a whole number'],
    ['max: 5\n', 1, 'max: got 5; expected a mapping of severity to a budget'],
    ['max:\n  HIHG: 5\n', 2, 'max.HIHG: unknown severity (did you mean HIGH?)'],
    ['max:\n  high: 5\n  HIGH: 6\n', 3, 'max.HIGH: HIGH is given twice'],
    ['ignore: CVE-2023-1234\n', 1, 'ignore: got "CVE-2023-1234"; expected a list of rules'],
    ['ignore:\n  - CVE-2023-1234\n', 2, 'ignore[0]: got "CVE-2023-1234"; expected a mapping with id, reason'],
    ['ignore:\n  - id: CVE-2023-1234\n    package: openssl\n', 2, 'ignore[0].reason: missing; expected a non-empty text'],
    ['ignore:\n  - id: CVE-1\n    reason: ok\n  - id: CVE-2\n    reason: "  "\n', 5, 'ignore[1].reason: got ""; expected a non-empty text'],
    ['ignore:\n  - id: CVE 2023 1234\n    reason: r\n', 2, 'ignore[0].id: got "CVE 2023 1234"; expected a vulnerability id'],
    ['ignore:\n  - reason: r\n', 2, 'ignore[0].id: missing; expected a vulnerability id'],
    ['ignore:\n  - id: CVE-1\n    reason: r\n    package: 7\n', 4, 'ignore[0].package: got 7; expected a package name'],
    // What a reviewer cannot see must not be part of what a rule matches.
    ['ignore:\n  - id: CVE-1\n    reason: r\n    package: "kr\\u202Eb5"\n', 4, 'ignore[0].package: got "kr\u202eb5"; expected a package name'],
    ['ignore:\n  - id: "CVE-1\\u200B"\n    reason: r\n', 2, 'ignore[0].id: got "CVE-1\u200b"; expected a vulnerability id'],
    // A key left without a value must not widen the rule to every package, or to no end date.
    ['ignore:\n  - id: CVE-1\n    reason: r\n    package:\n', 4, 'ignore[0].package: got nothing; expected a package name such as openssl (leave package out to cover every package)'],
    ['ignore:\n  - id: CVE-1\n    reason: r\n    expires: ~\n', 4, 'ignore[0].expires: got nothing; expected a date YYYY-MM-DD, the last day (UTC) on which the rule applies (leave expires out for no end)'],
    // A setting left without a value must not fall back to the default: severity-threshold: would have meant CRITICAL.
    ['only-fixed: true\nseverity-threshold:\n', 2, 'severity-threshold: got nothing; expected one of CRITICAL'],
    ['block-exploitable:\n', 1, 'block-exploitable: got nothing; expected true or false'],
    ['only-fixed: ~\n', 1, 'only-fixed: got nothing; expected true or false'],
    ['min-score:\n', 1, 'min-score: got nothing; expected'],
    ['max:\n  HIGH:\n', 2, 'max.HIGH: got nothing; expected a whole number, 0 or more'],
    ['severity-threshold: !!binary aGVsbG8=\n', 1, 'severity-threshold: got binary data (!!binary); expected one of'],
    ['- severity-threshold: HIGH\n', 1, 'the document: got a list; expected a mapping of settings']
  ])('%j → line %d', (yaml, line, text) => {
    let message = ''
    try {
      parsePolicyFile(yaml, '.github/ecr-scan-gate.yml')
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError)
      message = (error as Error).message
    }
    expect(message).toContain('Policy file .github/ecr-scan-gate.yml')
    expect(message).toContain(`line ${line}, ${text}`)
  })

  test.each([
    ['severity-treshold: HIGH\n', 1, 'severity-treshold: unknown key (did you mean severity-threshold?)'],
    ['only-fixed: true\nignore:\n  - id: CVE-1\n    reason: r\n    pakage: openssl\n', 5, 'ignore[0].pakage: unknown key (did you mean package?); accepted keys: id, package, reason, expires'],
    ['only-fixed: true\nexceptions: []\n', 2, 'exceptions: unknown key; accepted keys: severity-threshold, only-fixed']
  ])('an unknown key is an error, so a typo cannot silently weaken the gate: %j', (yaml, line, text) => {
    expect(() => parsePolicyFile(yaml, 'gate.yml')).toThrow(`Policy file gate.yml, line ${line}, ${text}`)
  })

  test('every problem is listed, in line order', () => {
    const yaml = 'only-fixed: maybe\nmax:\n  HIGH: -2\nignore:\n  - id: CVE-1\n'
    expect(() => parsePolicyFile(yaml, 'gate.yml')).toThrow(
      'Policy file gate.yml has 3 errors:\n  line 1, only-fixed: got "maybe"; expected true or false\n' +
        '  line 3, max.HIGH: got -2; expected a whole number, 0 or more\n' +
        '  line 5, ignore[0].reason: missing; expected a non-empty text saying why the finding is accepted'
    )
  })

  test.each([
    ['a syntax error', 'ignore:\n  - id: CVE-1\n    reason: [unclosed\n', /Policy file gate\.yml, line \d, not valid YAML/],
    ['a duplicate key', 'min-score: 1\nmin-score: 2\n', /Policy file gate\.yml, line 2, "min-score" is given twice; keep one \(YAML keys must be unique\)\.$/],
    ['a YAML 1.1 directive', '%YAML 1.1\n---\nignore:\n  - id: CVE-1\n    reason: r\n    expires: 2000-01-01T23:00:00-01:00\n', /Policy file gate\.yml, line 1, the file asks for YAML 1\.1/],
    ['a key given again through an alias', '&k severity-threshold: CRITICAL\n*k : NONE\n', /Policy file gate\.yml, line 2, "severity-threshold" is given twice/],
    [
      'a rule key given again through an alias',
      'ignore:\n  - id: CVE-1\n    &p package: curl\n    reason: only curl\n    *p : openssl\n',
      /Policy file gate\.yml, line 5, "package" is given twice/
    ],
    ['two documents', 'min-score: 1\n---\nmin-score: 2\n', /Policy file gate\.yml, line 2, not valid YAML: the file holds more than one YAML document/]
  ])('%s is an error with its line', (_, yaml, pattern) => {
    expect(() => parsePolicyFile(yaml, 'gate.yml')).toThrow(pattern)
  })

  // The file is the pull request's to write: its size limit must bound the time too (checks in linear time).
  describe('a file made to be slow (100,000 keys) fails at once, listing the first problems', () => {
    const keys = (n: number, key: (i: number) => string) => Array.from({ length: n }, (_, i) => `  ${key(i)}: 1`).join('\n')
    // A bound on the complexity, not a speed target: about a second each in one pass, minutes comparing all pairs.
    const errorOf = (yaml: string): string => {
      const started = performance.now()
      try {
        parsePolicyFile(yaml, 'gate.yml')
      } catch (error) {
        expect(performance.now() - started).toBeLessThan(15_000)
        return (error as Error).message
      }
      return ''
    }

    test('unknown keys', () => {
      const message = errorOf(`ignore:\n  - id: CVE-1\n    reason: r\n${keys(100_000, (i) => `  k${i}`)}\n`)
      expect(message.startsWith('Policy file gate.yml has 100000 errors:\n  line 4, ignore[0].k0: unknown key')).toBe(true)
      expect(message.split('\n')).toHaveLength(22)
      expect(message.endsWith('\n  and 99980 more')).toBe(true)
    })

    test('duplicate keys', () => {
      const message = errorOf(`max:\n${keys(100_000, () => 'HIGH')}\n`)
      expect(message.startsWith('Policy file gate.yml has 99999 errors:\n  line 3, "HIGH" is given twice; keep one (YAML keys must be unique)\n')).toBe(true)
      expect(message.endsWith('\n  and 99979 more')).toBe(true)
    })

    test('the first problems by line are the ones listed, whatever order they are found in', () => {
      const rules = Array.from({ length: 25 }, (_, i) => `  - id: CVE-${i}\n`).join('')
      const message = errorOf(`severity-treshold: HIGH\nignore:\n${rules}`)
      expect(message.startsWith('Policy file gate.yml has 26 errors:\n  line 1, severity-treshold: unknown key (did you mean severity-threshold?)')).toBe(true)
      // The library visits the outer mapping's keys (21 repeats of only-fixed) before the rule's own repeated id.
      const repeats = Array.from({ length: 22 }, () => 'only-fixed: true').join('\n')
      const duplicates = errorOf(`ignore:\n  - id: CVE-1\n    id: CVE-2\n    reason: r\n${repeats}\n`)
      expect(duplicates.startsWith('Policy file gate.yml has 22 errors:\n  line 3, "id" is given twice')).toBe(true)
    })

    test.each([
      ['a flow list', (depth: number) => `ignore: ${'['.repeat(depth)}${']'.repeat(depth)}\n`],
      ['a flow mapping', (depth: number) => `ignore: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`],
      ['JSON', (depth: number) => `{"ignore": ${'['.repeat(depth)}${']'.repeat(depth)}}\n`]
    ])('%s nested 40,000 deep says so, once', (_, nested) => {
      expect(errorOf(nested(40_000))).toBe(
        'Policy file gate.yml, line 1, nested too deeply to read; a policy file needs three levels at most (the settings, the ignore list, a rule).'
      )
    })

    test('a key of 200,000 dots', () => {
      const message = errorOf(`? ${'.'.repeat(200_000)}x\n: 1\n`)
      expect(message).toMatch(/^Policy file gate\.yml, line 1, \.{99}…: unknown key; accepted keys: /)
      expect(message.length).toBeLessThan(400)
    })
  })

  test('a schema error in the file fails loadPolicy with the file path relative to the workspace', async () => {
    await write('policies/gate.yml', 'severity-threshold: HIGH\nmin-score: high\n')
    const error = await errorOf(load({ policyFile: `${workspace}/policies/gate.yml` }))
    expect(error.message).toBe('Policy file policies/gate.yml, line 2, min-score: got "high"; expected a number from 0 to 10.')
  })
})

describe('ruleWarnings (after decide)', () => {
  const staleRule = (id: string, source: string, pkg?: string): IgnoreRule => ({ id, reason: 'r', source, ...(pkg ? { package: pkg } : {}) })

  test('no stale rules, no warnings', () => {
    expect(ruleWarnings({ staleRules: [] })).toEqual([])
  })

  test('one warning per source naming each stale rule', () => {
    const warnings = ruleWarnings({
      staleRules: [staleRule('CVE-1', 'policy file p.yml', 'openssl'), staleRule('CVE-2', 'ignore input'), staleRule('CVE-3', 'policy file p.yml')]
    })
    expect(warnings).toEqual([
      '2 ignore rules (policy file p.yml) matched no finding and may be stale: CVE-1 (package openssl), CVE-3. Remove what is no longer needed.',
      '1 ignore rule (ignore input) matched no finding and may be stale: CVE-2. Remove what is no longer needed.'
    ])
  })

  test('a long list is cut after ten names, pointing at the summary', () => {
    const staleRules = Array.from({ length: 14 }, (_, i) => staleRule(`CVE-${i}`, 'VEX vex.json'))
    const [warning] = ruleWarnings({ staleRules })
    expect(warning).toContain('14 ignore rules (VEX vex.json)')
    expect(warning).toContain('CVE-9 and 4 more (see the job summary)')
    expect(warning).not.toContain('CVE-10')
  })
})

describe('VEX files in the policy', () => {
  const digest = `sha256:${'a'.repeat(64)}`
  const doc = (statements: unknown[]) => JSON.stringify({ '@context': 'https://openvex.dev/ns/v0.2.0', timestamp: '2026-01-01T00:00:00Z', statements })

  test('VEX rules join the file and input rules, with the file named as their source', async () => {
    await write('.github/ecr-scan-gate.yml', 'ignore:\n  - id: CVE-1\n    reason: r\n')
    await write(
      'vex/app.openvex.json',
      doc([{ vulnerability: { name: 'CVE-2' }, products: [{ '@id': `pkg:oci/app@${digest}` }], status: 'not_affected', justification: 'component_not_present' }])
    )
    const policy = await load({ ignore: ['CVE-3'], vexFiles: ['vex/app.openvex.json', 'vex/app.openvex.json'] })
    expect(policy.ignore.map((r) => [r.id, r.source])).toEqual([
      ['CVE-1', 'policy file .github/ecr-scan-gate.yml'],
      ['CVE-3', 'ignore input'],
      ['CVE-2', 'VEX vex/app.openvex.json']
    ])
    expect(policy.ignore[2]?.products).toEqual([{ digests: [digest], name: 'app' }])
  })

  test('a later affected statement reaches the decision, and VEX warnings reach the report', async () => {
    const statement = { vulnerability: { name: 'CVE-2' }, products: [{ '@id': `pkg:oci/app@${digest}` }] }
    await write(
      'vex/app.openvex.json',
      doc([
        { ...statement, status: 'not_affected', justification: 'component_not_present' },
        { ...statement, status: 'affected' }
      ])
    )
    await write('vex/empty.openvex.json', doc([]))
    const report = newReport()
    const policy = await load({ vexFiles: ['vex/app.openvex.json', 'vex/empty.openvex.json'] }, report)
    const finding = { ...fromEnhanced({ severity: 'HIGH', packageVulnerabilityDetails: { vulnerabilityId: 'CVE-2' } }) }
    const verdict = decide([finding], { ...policy, severityThreshold: 'LOW' }, { now: NOW, image: { repositoryName: 'app', imageDigest: digest } })
    expect(verdict.decided.map((d) => d.decision)).toEqual(['blocking'])
    expect(report.warnings).toContain('VEX vex/empty.openvex.json holds no statements, so it ignores nothing.')
  })

  test('a bad VEX file fails the load, naming the file', async () => {
    await write('vex.json', '{"statements": []}')
    const error = await errorOf(load({ vexFiles: ['vex.json'] }))
    expect(error.message).toMatch(/^vex-file vex\.json is not an OpenVEX document: @context: missing/)
  })
})

test('a reason written as a block scalar becomes one line', () => {
  const settings = parsePolicyFile('ignore:\n  - id: CVE-1\n    reason: |\n      not reachable:\n      the parser is never called\n', 'p.yml')
  expect(settings.ignore[0]?.reason).toBe('not reachable: the parser is never called')
})
