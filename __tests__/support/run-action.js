// Runs dist/index.js the way the GitHub runner does: every action.yml default plus the `with:` values as INPUT_*
// variables (hyphens kept, so they are set from Node, never from a shell), and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files.
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const bundlePath = join(repoRoot, 'dist', 'index.js')

/** The chunks ncc writes beside a bundle's index.js (`<id>.index.js`): the gate and what it loads on demand. */
export function bundleChunks(bundle = bundlePath) {
  return readdirSync(dirname(bundle)).filter((name) => /^\d+\.index\.js$/.test(name))
}

/** The inputs action.yml declares, with their defaults as the runner would expand them. */
export function actionDefaults() {
  const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8'))
  const defaults = {}
  for (const [name, spec] of Object.entries(action.inputs ?? {})) {
    // The runner expands ${{ github.token }}; outside GitHub there is none.
    defaults[name] = String(spec.default ?? '').replace('${{ github.token }}', 'ghs_test_token_not_a_secret')
  }
  return defaults
}

/** Parses a GITHUB_OUTPUT file (name<<DELIMITER heredocs as @actions/core writes them). */
export function parseOutputs(text) {
  const outputs = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i])
    if (!match) continue
    const [, name, delimiter] = match
    const value = []
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i])
    outputs[name] = value.join('\n')
  }
  return outputs
}

/**
 * Runs the bundle with `with` inputs and extra environment; resolves with the exit code, logs, outputs and summary.
 * Uses async execFile so an in-process loopback server keeps answering. The working directory is a checkout (a .git
 * directory), as after actions/checkout, unless options.checkout is false.
 */
export function runAction(withInputs = {}, options = {}) {
  const workdir = options.cwd ?? mkdtempSync(join(tmpdir(), 'ecr-scan-gate-'))
  if (options.checkout !== false) mkdirSync(join(workdir, '.git'), { recursive: true })
  const outputFile = join(workdir, 'github-output')
  const summaryFile = join(workdir, 'step-summary.md')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const inputs = { ...actionDefaults(), ...withInputs }
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: workdir,
    GITHUB_REPOSITORY: 'octo/app',
    GITHUB_EVENT_NAME: 'push',
    AWS_ACCESS_KEY_ID: 'AKIDLOOPBACKTEST',
    AWS_SECRET_ACCESS_KEY: 'loopback-secret-not-real',
    AWS_REGION: 'us-east-1',
    // The SDK warns that Node 20 support ends; the action itself runs on node24, so that notice is noise here.
    NODE_NO_WARNINGS: '1',
    ...options.env
  }
  for (const [name, value] of Object.entries(inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  const started = Date.now()
  return new Promise((resolvePromise) => {
    const child = execFile(
      process.execPath,
      [...(options.nodeArgs ?? []), options.bundle ?? bundlePath],
      { cwd: workdir, env, maxBuffer: 256 * 1024 * 1024, timeout: options.timeoutMs ?? 120_000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        resolvePromise({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          signal: error?.signal ?? null,
          stdout,
          stderr,
          outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
          summary: readFileSync(summaryFile, 'utf8'),
          workdir,
          ms: Date.now() - started
        })
      }
    )
    options.onSpawn?.(child)
  })
}
