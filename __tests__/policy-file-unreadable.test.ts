// A policy file found but unreadable (a checkout as another user, a file removed mid-run) is the user's to fix: an
// actionable message, not a bug with its stack. Root reads every file whatever its mode, so the refusal is simulated.
import { jest } from '@jest/globals'
import * as fsPromises from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

const realReadFile = fsPromises.readFile
jest.unstable_mockModule('node:fs/promises', () => ({
  ...fsPromises,
  readFile: async (...args: Parameters<typeof realReadFile>) => {
    if (String(args[0]).endsWith('ecr-scan-gate.yml')) {
      throw Object.assign(new Error(`EACCES: permission denied, open '${String(args[0])}'`), { code: 'EACCES' })
    }
    return realReadFile(...args)
  }
}))
jest.unstable_mockModule('@actions/core', () => ({ info: jest.fn() }))
const { loadPolicy } = await import('../src/policy-file.js')
const { ConfigurationError } = await import('../src/errors.js')
const { makeInputs } = await import('./support/fixtures.js')

test('an unreadable policy file is a ConfigurationError naming the file and the reason', async () => {
  const workspace = await fsPromises.mkdtemp(path.join(tmpdir(), 'policy-unreadable-'))
  try {
    await fsPromises.mkdir(path.join(workspace, '.github'))
    await fsPromises.writeFile(path.join(workspace, '.github/ecr-scan-gate.yml'), 'severity-threshold: HIGH\n')
    const report = { imageDigest: '', scanStatus: '', warnings: [] }
    const error = await loadPolicy(makeInputs(), report, { workspace }).then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(ConfigurationError)
    expect((error as Error).message).toBe(
      `The policy file .github/ecr-scan-gate.yml cannot be read: permission denied (looked at ${path.join(workspace, '.github/ecr-scan-gate.yml')}).`
    )
  } finally {
    await fsPromises.rm(workspace, { recursive: true, force: true })
  }
})
