// A pull request controls every file of the checkout, symbolic links included: a committed link must not make the gate
// quote a file from elsewhere (the token actions/checkout leaves in .git/config) or write its reports over one.
import { jest } from '@jest/globals'
import { lstat, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

jest.unstable_mockModule('@actions/core', () => ({ info: jest.fn(), warning: jest.fn(), debug: jest.fn() }))
const { loadPolicy } = await import('../src/policy-file.js')
const { checkoutPathProblem } = await import('../src/checkout.js')
const { writeReportFile } = await import('../src/report-file.js')
const { ConfigurationError } = await import('../src/errors.js')
const { makeInputs, makeReport } = await import('./support/fixtures.js')

const TOKEN_LINE = '\textraheader = AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX3NlY3JldA=='
let workspace: string
let outside: string

beforeEach(async () => {
  workspace = await mkdtemp(path.join(tmpdir(), 'checkout-'))
  outside = await mkdtemp(path.join(tmpdir(), 'outside-'))
  await mkdir(path.join(workspace, '.git'))
  await writeFile(path.join(workspace, '.git/config'), `[http "https://github.com/"]\n${TOKEN_LINE}\n`)
  await mkdir(path.join(workspace, '.github'))
})

afterEach(async () => {
  await rm(workspace, { recursive: true, force: true })
  await rm(outside, { recursive: true, force: true })
})

async function policyError(policyFile = ''): Promise<Error | undefined> {
  const report = { imageDigest: '', scanStatus: '', warnings: [] }
  return loadPolicy(makeInputs({ policyFile }), report, { workspace }).then(
    () => undefined,
    (e: unknown) => e as Error
  )
}

test('a .git directory deeper in the checkout (a submodule, a vendored repository) is refused too', async () => {
  await mkdir(path.join(workspace, 'vendor/lib/.git'), { recursive: true })
  await writeFile(path.join(workspace, 'vendor/lib/.git/config'), `${TOKEN_LINE}\n`)
  expect(await checkoutPathProblem('vendor/lib/.git/config', workspace)).toMatch(/^it lies in a \.git directory/)
})

test('through a workspace that is itself a symbolic link (some runners): links out are refused, plain files pass', async () => {
  const linked = path.join(outside, 'ws-link')
  await symlink(workspace, linked)
  await writeFile(path.join(workspace, 'plain.yml'), 'ignore: []\n')
  expect(await checkoutPathProblem('plain.yml', linked)).toBeUndefined()
  await writeFile(path.join(outside, 'p.yml'), 'ignore: []\n')
  await symlink(path.join(outside, 'p.yml'), path.join(workspace, 'out.yml'))
  expect(await checkoutPathProblem('out.yml', linked)).toBe('a symbolic link takes it out of the checkout')
})

test('a name that merely starts with two dots is inside the checkout, and its link is checked', async () => {
  await writeFile(path.join(outside, 'victim'), 'x')
  await symlink(path.join(outside, 'victim'), path.join(workspace, '..gate.json'))
  expect(await checkoutPathProblem('..gate.json', workspace)).toBe('a symbolic link takes it out of the checkout')
})

test("a link to the checkout's parent directory itself takes a path out of the checkout", async () => {
  await symlink('..', path.join(workspace, 'up'))
  expect(await checkoutPathProblem('up', workspace)).toBe('a symbolic link takes it out of the checkout')
})

describe('the policy file and VEX documents are read only from the checkout itself', () => {
  test('a policy file that links to .git/config is refused, and nothing of the token is quoted', async () => {
    await symlink('../.git/config', path.join(workspace, '.github/ecr-scan-gate.yml'))
    const error = await policyError()
    expect(error).toBeInstanceOf(ConfigurationError)
    expect(error?.message).toMatch(
      /^The policy file \.github\/ecr-scan-gate\.yml is not read: a symbolic link takes it into a \.git directory, which holds the checkout's credentials/
    )
    expect(error?.message).not.toMatch(/eC1h|basic/i)
  })

  test('a policy file that links out of the checkout is refused', async () => {
    await writeFile(path.join(outside, 'secrets.env'), 'db_password=S3cr3t-Hunter2\n')
    await symlink(path.join(outside, 'secrets.env'), path.join(workspace, '.github/ecr-scan-gate.yml'))
    const error = await policyError()
    expect(error?.message).toMatch(/is not read: a symbolic link takes it out of the checkout .*Commit the file itself\.$/)
    expect(error?.message).not.toMatch(/S3cr3t/)
  })

  test('policy-file naming a file in .git is refused', async () => {
    expect((await policyError('.git/config'))?.message).toMatch(/is not read: it lies in a \.git directory/)
  })

  test('a link that stays in the checkout, and a path the workflow names outside it, are read', async () => {
    await writeFile(path.join(workspace, 'shared-policy.yml'), 'severity-threshold: HIGH\n')
    await symlink('../shared-policy.yml', path.join(workspace, '.github/ecr-scan-gate.yml'))
    expect(await policyError()).toBeUndefined()
    await writeFile(path.join(outside, 'policy.yml'), 'severity-threshold: HIGH\n')
    expect(await policyError(path.join(outside, 'policy.yml'))).toBeUndefined()
  })

  test('a VEX document that links out of the checkout is refused', async () => {
    await writeFile(path.join(outside, 'doc.json'), '{}')
    await symlink(path.join(outside, 'doc.json'), path.join(workspace, 'vex.json'))
    const report = { imageDigest: '', scanStatus: '', warnings: [] }
    const error = await loadPolicy(makeInputs({ vexFiles: ['vex.json'] }), report, { workspace }).then(
      () => undefined,
      (e: unknown) => e as Error
    )
    expect(error?.message).toMatch(/^vex-file vex\.json is not read: a symbolic link takes it out of the checkout/)
  })
})

describe('report files are written in the checkout, never through a link out of it', () => {
  const previous = process.env.GITHUB_WORKSPACE
  beforeEach(() => {
    process.env.GITHUB_WORKSPACE = workspace
  })
  afterEach(() => {
    if (previous === undefined) delete process.env.GITHUB_WORKSPACE
    else process.env.GITHUB_WORKSPACE = previous
  })

  test('a link at the report path is replaced by the report; the file it pointed at is untouched', async () => {
    const victim = path.join(outside, 'victim.sh')
    await writeFile(victim, '#!/bin/sh\necho original\n')
    const reportPath = path.join(workspace, 'ecr-scan-gate.json')
    await symlink(victim, reportPath)
    expect(await writeReportFile(makeReport([]), reportPath)).toBe(reportPath)
    expect(await readFile(victim, 'utf8')).toBe('#!/bin/sh\necho original\n')
    expect((await lstat(reportPath)).isSymbolicLink()).toBe(false)
    expect(JSON.parse(await readFile(reportPath, 'utf8'))).toMatchObject({ version: 1 })
  })

  test('a directory in the checkout that links out of it is refused with a message naming the input', async () => {
    await symlink(outside, path.join(workspace, 'reports'))
    const error = await writeReportFile(makeReport([]), path.join(workspace, 'reports/gate.json')).then(
      () => undefined,
      (e: unknown) => e as Error
    )
    expect(error).toBeInstanceOf(ConfigurationError)
    expect(error?.message).toMatch(/^Could not write the JSON report ".*reports\/gate\.json" \(input report-file\): a symbolic link takes it out of the checkout/)
  })

  test('a workspace that is itself a link (as on some runners): a link at a relative report path is still replaced', async () => {
    const linked = `${workspace}-link`
    await symlink(workspace, linked)
    const victim = path.join(outside, 'victim.sh')
    await writeFile(victim, 'original\n')
    await symlink(victim, path.join(workspace, 'gate.json'))
    process.env.GITHUB_WORKSPACE = linked
    const cwd = process.cwd()
    try {
      process.chdir(linked)
      await writeReportFile(makeReport([]), 'gate.json')
    } finally {
      process.chdir(cwd)
      await rm(linked, { force: true })
    }
    expect(await readFile(victim, 'utf8')).toBe('original\n')
    expect((await lstat(path.join(workspace, 'gate.json'))).isSymbolicLink()).toBe(false)
  })

  test('nothing is created outside the checkout through a directory link, and the checkout itself is never replaced', async () => {
    await symlink(outside, path.join(workspace, 'reports'))
    const error = await writeReportFile(makeReport([]), path.join(workspace, 'reports/sub/deeper/gate.json')).then(
      () => undefined,
      (e: unknown) => e as Error
    )
    expect(error?.message).toMatch(/a symbolic link takes it out of the checkout/)
    await expect(lstat(path.join(outside, 'sub'))).rejects.toThrow(/ENOENT/)
    const linked = `${workspace}-link`
    await symlink(workspace, linked)
    process.env.GITHUB_WORKSPACE = linked
    try {
      await expect(writeReportFile(makeReport([]), linked)).rejects.toThrow(/Could not write the JSON report/)
      expect((await lstat(linked)).isSymbolicLink()).toBe(true)
    } finally {
      await rm(linked, { force: true })
    }
  })

  test('a path the workflow names outside the checkout is written as given', async () => {
    const target = path.join(outside, 'nested/gate.json')
    expect(await writeReportFile(makeReport([]), target)).toBe(target)
    expect(JSON.parse(await readFile(target, 'utf8'))).toMatchObject({ version: 1 })
  })
})
