// End to end for the reports: what the bundle writes to the job summary, the log, the SARIF and JSON files, and the PR.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { type EcrServer, type RawEnhancedFinding, loadSample, makeEnhancedFindings, sampleState, startEcrServer } from './support/ecr-server.js'
import { type GitHubServer, startGitHubServer } from './support/github-server.js'
import { startProxyServer } from './support/proxy-server.js'
import { type ActionRun, bundleChunks, bundlePath, runAction } from './support/run-action.js'

const DIGEST = `sha256:${'d'.repeat(64)}`
const FAST = { 'poll-interval': '0.05', 'wait-timeout': '5', 'request-timeout': '5', 'settle-window': '0' }

let ecr: EcrServer
let github: GitHubServer
// web:v1's findings (150 enhanced: two pages).
let webFindings: RawEnhancedFinding[]

beforeAll(async () => {
  ecr = await startEcrServer()
  github = await startGitHubServer()
  ecr.addRepository('web')
  const findings = (webFindings = makeEnhancedFindings(150, { imageDigest: DIGEST, repositoryName: 'web' }))
  const [first] = findings as [RawEnhancedFinding]
  // Package metadata is anyone's to write: this finding tries Markdown, HTML and a workflow command.
  first.title = 'CVE-2026-6666 - evil'
  first.severity = 'CRITICAL'
  first.status = 'ACTIVE'
  first.description = '<script>alert(1)</script> [click](https://evil.example) ![x](https://evil.example/x.png)\n::error::pwned'
  first.packageVulnerabilityDetails = {
    ...first.packageVulnerabilityDetails,
    vulnerabilityId: 'CVE-2026-6666',
    vulnerablePackages: [{ name: 'evil|pkg\n::set-output name=result::pass', version: '<img src=x onerror=alert(1)>', packageManager: 'NPM', filePath: 'app/node_modules/evil/package.json' }]
  }
  ecr.setImage({ repositoryName: 'web', imageTag: 'v1', imageDigest: DIGEST, scan: { status: 'ACTIVE', enhancedFindings: findings } })
  ecr.setImage({ repositoryName: 'web', imageTag: 'basic', imageDigest: `sha256:${'e'.repeat(64)}`, scan: sampleState(loadSample('basic-complete')) })
})
afterAll(async () => {
  await ecr.close()
  await github.close()
})

function gate(withInputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({ ...FAST, ...withInputs }, { env: { AWS_ENDPOINT_URL_ECR: ecr.url, ...env } })
}

function pullRequestEvent(number: number): Record<string, string> {
  const path = join(tmpdir(), `event-${number}-${Date.now()}.json`)
  writeFileSync(path, JSON.stringify({ pull_request: { number }, repository: { name: 'app', owner: { login: 'octo' } } }))
  return { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path, GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'octo/app' }
}

describe('a failing image with hostile finding text', () => {
  let run: ActionRun
  beforeAll(async () => {
    // A round trip long enough for page one's SARIF texts to be drafted while page two is on its way.
    ecr.latencyMs = 100
    try {
      run = await gate({ 'repository-name': 'web', 'image-tag': 'v1', 'severity-threshold': 'HIGH', dockerfile: 'docker/Dockerfile' })
    } finally {
      ecr.latencyMs = 0
    }
  })

  test('the job summary leads with the verdict and the image, then the severity table', () => {
    expect(run.code).toBe(1)
    const lines = run.summary.split('\n').filter(Boolean)
    expect(lines[0]).toMatch(/^## .*ECR scan gate: fail for web:v1/)
    expect(run.summary).toContain(DIGEST)
    expect(run.summary).toMatch(/\| Severity \| Found \| Blocking \| Ignored \|/)
    expect(run.summary.indexOf('Findings by severity')).toBeLessThan(run.summary.indexOf('Blocking findings'))
  })

  test('nothing the data wrote renders as markup or breaks a table', () => {
    expect(run.summary).not.toMatch(/<script|<img|\]\(https:\/\/evil|!\[/)
    const row = run.summary.split('\n').find((line) => line.includes('CVE-2026-6666'))
    expect(row).toBeDefined()
    // 7 columns: 8 pipes, none of them from the package name.
    expect(row?.split('|')).toHaveLength(9)
  })

  test('the log carries no injected workflow command, and the annotations point at the Dockerfile', () => {
    const commands = run.stdout.split('\n').filter((line) => line.startsWith('::'))
    expect(commands.every((line) => /^::(error|warning|notice|add-mask|debug|group|endgroup)[ :]/.test(line))).toBe(true)
    expect(run.stdout).not.toMatch(/^::set-output/m)
    expect(run.outputs.result).toBe('fail')
    const errors = commands.filter((line) => /^::error title=.*,file=docker\/Dockerfile,line=1::/.test(line))
    expect(errors.length).toBe(9)
    expect(errors[0]).toMatch(/^::error title=CVE-\d+-\d+ in [^,]+,file=/)
  })

  test('SARIF and JSON report are written where the outputs say', () => {
    expect(run.outputs['sarif-file']).toBe('ecr-scan-gate.sarif')
    expect(run.outputs['report-file']).toBe('ecr-scan-gate.json')
    const sarif = JSON.parse(readFileSync(join(run.workdir, run.outputs['sarif-file'] ?? ''), 'utf8'))
    expect(sarif.version).toBe('2.1.0')
    type Result = { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }
    const results = sarif.runs[0].results as Result[]
    expect(results.every((r) => r.locations[0]?.physicalLocation.artifactLocation.uri === 'docker/Dockerfile')).toBe(true)
    const report = JSON.parse(readFileSync(join(run.workdir, run.outputs['report-file'] ?? ''), 'utf8'))
    const blocking = (report.findings as { id: string; decision: string }[]).filter((f) => f.decision === 'blocking')
    expect(blocking).toHaveLength(Number(run.outputs.blocking))
    expect(report.counts.total).toBe(150)
    // One result per (vulnerability, package): the error results are exactly the blocking vulnerabilities.
    const errorRules = new Set(results.filter((r) => r.level === 'error').map((r) => r.ruleId))
    expect(errorRules).toEqual(new Set(blocking.map((f) => f.id)))
  })

  test('the SARIF file is byte for byte the one a run without drafts writes (no counts on page one: nothing drafted)', async () => {
    expect(run.stdout).toMatch(/^::debug::SARIF: [1-9]\d* rule text\(s\) and [1-9]\d* result\(s\) were made from drafts/m)
    const image = { repositoryName: 'web', imageTag: 'v1', imageDigest: DIGEST }
    ecr.setImage({ ...image, scan: { status: 'ACTIVE', enhancedFindings: webFindings, findingSeverityCounts: {} } })
    ecr.latencyMs = 100
    let undrafted: ActionRun
    try {
      undrafted = await gate({ 'repository-name': 'web', 'image-tag': 'v1', 'severity-threshold': 'HIGH', dockerfile: 'docker/Dockerfile' })
    } finally {
      ecr.latencyMs = 0
      ecr.setImage({ ...image, scan: { status: 'ACTIVE', enhancedFindings: webFindings } })
    }
    expect(undrafted.stdout).toMatch(/^::debug::SARIF: 0 rule text\(s\) and 0 result\(s\) were made from drafts/m)
    const sarif = (of: ActionRun) => readFileSync(join(of.workdir, of.outputs['sarif-file'] ?? ''), 'utf8')
    expect(sarif(undrafted)).toBe(sarif(run))
  })

  test('SARIF texts drafted while page two was read name their own finding and package', () => {
    type Finding = { id: string; packages: { name: string; version: string; filePath: string }[] }
    const sarif = JSON.parse(readFileSync(join(run.workdir, run.outputs['sarif-file'] ?? ''), 'utf8'))
    const report = JSON.parse(readFileSync(join(run.workdir, run.outputs['report-file'] ?? ''), 'utf8'))
    // Each (vulnerability, package) once, as the messages write it: on one line.
    const expected = (report.findings as Finding[]).flatMap((f) =>
      f.packages.map((p) => `Package ${p.name} ${p.version}${p.filePath ? ` (${p.filePath})` : ''} in image web is affected by ${f.id} (`)
    )
    const results = sarif.runs[0].results as { ruleId: string; message: { text: string } }[]
    const written = results.map(({ message }) => message.text.slice(0, message.text.indexOf(' is affected by ') + ' is affected by '.length))
    const writtenWithId = results.map(({ ruleId }, i) => `${written[i]}${ruleId} (`)
    expect(writtenWithId.sort()).toEqual(expected.map((line) => line.replace(/\s+/g, ' ')).sort())
  })
})

test('a run that cannot decide still writes the JSON report, saying undecided and why', async () => {
  const run = await gate({ 'repository-name': 'web', 'image-tag': 'never-pushed' })
  expect(run.code).toBe(1)
  const report = JSON.parse(readFileSync(join(run.workdir, run.outputs['report-file'] ?? ''), 'utf8'))
  expect(report).toMatchObject({ verdict: 'undecided', findings: [] })
  expect(report.error).toMatch(/never-pushed .* was not found/)
})

test('a bad input still writes the JSON report, naming the input, before any AWS call', async () => {
  const before = ecr.requests.length
  const run = await gate({ 'repository-name': 'web', 'image-tag': 'v1', 'severity-threshold': 'BOGUS' })
  expect(run.code).toBe(1)
  const report = JSON.parse(readFileSync(join(run.workdir, run.outputs['report-file'] ?? ''), 'utf8'))
  expect(report).toMatchObject({ verdict: 'undecided', policy: null, counts: null, findings: [] })
  expect(report.error).toMatch(/^Input severity-threshold must be one of .*got "BOGUS"/)
  expect(ecr.requests.length).toBe(before)
})

test('a JSON report that cannot be written is one warning saying so once; the verdict stands', async () => {
  const run = await gate({ 'repository-name': 'web', 'image-tag': 'basic', 'report-file': '.' })
  expect(run.code).toBe(0)
  expect(run.outputs).toMatchObject({ result: 'pass', total: expect.stringMatching(/^\d+$/) })
  expect(run.outputs['report-file']).toBeUndefined()
  const warnings = run.stdout.split('\n').filter((line) => line.includes('JSON report'))
  expect(warnings).toEqual([expect.stringMatching(/^::warning::Could not write the JSON report "\." \(input report-file\): /)])
})

test('empty sarif-file and report-file turn those files off', async () => {
  const run = await gate({ 'repository-name': 'web', 'image-tag': 'basic', 'sarif-file': '', 'report-file': '', summary: 'false', annotations: 'false' })
  expect(run.code).toBe(0)
  expect(run.outputs['sarif-file']).toBeUndefined()
  expect(run.outputs['report-file']).toBeUndefined()
  expect(run.summary).toBe('')
  expect(run.stdout).not.toMatch(/^::notice/m)
})

describe('pull request comment', () => {
  test('one comment per image, updated in place on the next run', async () => {
    const env = pullRequestEvent(7)
    const image = { 'repository-name': 'web', 'image-tag': 'v1', 'comment-on-pr': 'true', 'github-token': 'ghs_loopback' }
    const first = await gate({ ...image, 'severity-threshold': 'NONE' }, env)
    expect(first.code).toBe(0)
    const after1 = github.commentsOn('octo', 'app', 7)
    expect(after1).toHaveLength(1)
    expect(after1[0]?.body).toMatch(/pass/)
    const second = await gate({ ...image, 'severity-threshold': 'HIGH' }, env)
    expect(second.code).toBe(1)
    const after2 = github.commentsOn('octo', 'app', 7)
    expect(after2).toHaveLength(1)
    expect(after2[0]?.body).toMatch(/fail/)
    expect(github.requests.some((r) => r.method === 'PATCH')).toBe(true)
    expect(github.requests.every((r) => r.authorization === 'token ghs_loopback')).toBe(true)
  })

  test('two runs that comment at once leave one comment, with the later run\'s verdict', async () => {
    const env = pullRequestEvent(17)
    const image = { 'repository-name': 'web', 'image-tag': 'v1', 'comment-on-pr': 'true', 'github-token': 'ghs_loopback', 'request-timeout': '15' }
    // Each list is read as it arrives and answered 400 ms later: both runs read an empty list, and both post.
    github.latencyMs = 400
    try {
      const [earlier, later] = await Promise.all([
        gate({ ...image, 'severity-threshold': 'NONE' }, { ...env, GITHUB_RUN_ID: '100' }),
        gate({ ...image, 'severity-threshold': 'HIGH' }, { ...env, GITHUB_RUN_ID: '101' })
      ])
      expect([earlier.code, later.code]).toEqual([0, 1])
      expect(github.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues/17/comments'))).toHaveLength(2)
    } finally {
      github.latencyMs = 0
    }
    const comments = github.commentsOn('octo', 'app', 17)
    expect(comments).toHaveLength(1)
    expect(comments[0]?.body).toMatch(/ecr-scan-gate-run:101 -->/)
    expect(comments[0]?.body).toMatch(/: fail for web:v1/)
  })

  test("with a GitHub App's installation token, its bot's comment is updated rather than a new one posted each run", async () => {
    const env = pullRequestEvent(11)
    const image = { 'repository-name': 'web', 'image-tag': 'v1', 'comment-on-pr': 'true', 'github-token': 'ghs_app_loopback' }
    expect((await gate({ ...image, 'severity-threshold': 'NONE' }, env)).code).toBe(0)
    expect((await gate({ ...image, 'severity-threshold': 'HIGH' }, env)).code).toBe(1)
    const comments = github.commentsOn('octo', 'app', 11)
    expect(comments.map((c) => c.user.login)).toEqual(['scan-gate-app[bot]'])
    expect(comments[0]?.body).toMatch(/: fail for web:v1/)
  })

  test('a github-token that GitHub quotes back in its refusal stays out of the log lines, the summary and the JSON report', async () => {
    const token = 'custom-echo-credential-0123456789'
    github.deny(403, { reads: true, echo: true })
    try {
      const run = await gate({ 'repository-name': 'web', 'image-tag': 'v1', 'comment-on-pr': 'true', 'github-token': token }, pullRequestEvent(12))
      expect(run.stdout).toMatch(/::warning::Could not comment on pull request #12 \(HTTP 403: Resource not accessible by integration: \*\*\*/)
      expect(run.stdout.split('\n').filter((line) => line.includes(token))).toEqual([`::add-mask::${token}`])
      expect(run.summary).not.toContain(token)
      expect(readFileSync(join(run.workdir, run.outputs['report-file'] ?? ''), 'utf8')).not.toContain(token)
    } finally {
      github.allow()
    }
  })

  test('a run that cannot decide says so in the comment, never leaving an earlier pass standing', async () => {
    const env = pullRequestEvent(9)
    const image = { 'repository-name': 'web', 'image-tag': 'v1', 'comment-on-pr': 'true', 'github-token': 'ghs_loopback' }
    expect((await gate({ ...image, 'severity-threshold': 'NONE' }, env)).code).toBe(0)
    expect(github.commentsOn('octo', 'app', 9)[0]?.body).toMatch(/: pass for web:v1/)
    // The SARIF file cannot be written where a directory stands: an error after the verdict, so no verdict.
    const run = await gate({ ...image, 'severity-threshold': 'NONE', 'sarif-file': '.' }, env)
    expect(run.code).toBe(1)
    const comments = github.commentsOn('octo', 'app', 9)
    expect(comments).toHaveLength(1)
    expect(comments[0]?.body).toMatch(/could not decide/)
    expect(comments[0]?.body).not.toMatch(/: pass for/)
    // A bad input too: the image is still known, so its comment says why there is no verdict.
    expect((await gate({ ...image, 'severity-threshold': 'NONE' }, env)).code).toBe(0)
    expect((await gate({ ...image, 'severity-threshold': 'BOGUS' }, env)).code).toBe(1)
    const [after] = github.commentsOn('octo', 'app', 9)
    expect(after?.body).toMatch(/could not decide/)
    expect(after?.body).toMatch(/severity-threshold/)
  })

  test('a missing pull-requests: write permission is a warning, never a failed step', async () => {
    github.deny(403)
    try {
      const run = await gate({ 'repository-name': 'web', 'image-tag': 'basic', 'comment-on-pr': 'true', 'github-token': 'ghs_loopback' }, pullRequestEvent(8))
      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(/::warning::.*pull-requests: write/)
    } finally {
      github.allow()
    }
  })

  test('behind a proxy (HTTP_PROXY, as on a self-hosted runner), the comment goes through it', async () => {
    // The API's host name resolves nowhere: only the proxy, which sends every host to the loopback, reaches it.
    const proxy = await startProxyServer()
    try {
      const apiUrl = `http://github.proxied.test:${github.port}`
      const env = { ...pullRequestEvent(13), GITHUB_API_URL: apiUrl, HTTP_PROXY: proxy.url }
      const image = { 'repository-name': 'web', 'image-tag': 'v1', 'comment-on-pr': 'true', 'github-token': 'ghs_loopback' }
      const run = await gate({ ...image, 'severity-threshold': 'NONE' }, env)
      expect(run.stdout).not.toMatch(/::warning::Could not comment/)
      expect(run.stdout).toMatch(/Commented on pull request #13/)
      expect(github.commentsOn('octo', 'app', 13)).toHaveLength(1)
      expect(proxy.asked.some((line) => line.includes(`github.proxied.test:${github.port}`))).toBe(true)
    } finally {
      await proxy.close()
    }
  })

  test('a proxy that never answers costs the comment request-timeout, then a warning naming the proxy; the step ends', async () => {
    const proxy = await startProxyServer({ hang: true })
    try {
      const env = { ...pullRequestEvent(15), GITHUB_API_URL: `http://github.proxied.test:${github.port}`, HTTP_PROXY: proxy.url }
      const image = { 'repository-name': 'web', 'image-tag': 'v1', 'comment-on-pr': 'true', 'github-token': 'ghs_loopback' }
      const started = Date.now()
      const run = await runAction({ ...FAST, ...image, 'severity-threshold': 'NONE', 'request-timeout': '2' }, { env: { AWS_ENDPOINT_URL_ECR: ecr.url, ...env }, timeoutMs: 60_000 })
      // Before, the tunnel the proxy never answered held the process for undici's 300 s.
      expect(run.signal).toBeNull()
      expect(Date.now() - started).toBeLessThan(15_000)
      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(/::warning::Could not comment on pull request #15: GitHub did not answer within request-timeout \(2 s\) \(through the proxy in HTTP_PROXY\)\./)
      expect(proxy.asked).toHaveLength(1)
    } finally {
      await proxy.close()
    }
  })

  test.each([
    [407, 'for want of credentials', /\(HTTP 407\)\. Check the user name and password in HTTPS_PROXY \(percent-encoded\)\.$/m],
    [403, 'by its rules', /\(HTTP 403\)\. The proxy's rules refuse GitHub's API host: have it allowed, or list it in NO_PROXY if the runner reaches it directly\.$/m]
  ])('a proxy that refuses the tunnel (%i) %s is named in the warning, with what to check', async (status, _why, advice) => {
    const proxy = await startProxyServer({ refuse: status })
    try {
      const env = { ...pullRequestEvent(16), GITHUB_API_URL: `https://github.proxied.test:${github.port}`, HTTPS_PROXY: proxy.url }
      const run = await gate({ 'repository-name': 'web', 'image-tag': 'v1', 'comment-on-pr': 'true', 'github-token': 'ghs_loopback', 'severity-threshold': 'NONE' }, env)
      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(/^::warning::Could not comment on pull request #16: the proxy in HTTPS_PROXY refused the tunnel to GitHub \(HTTP \d+\)\. /m)
      expect(run.stdout).toMatch(advice)
      expect(proxy.asked).toEqual([`CONNECT github.proxied.test:${github.port}`])
    } finally {
      await proxy.close()
    }
  })

  test("undici's 900 KB chunk loads for the comment alone, never at start-up", async () => {
    // A copy of the bundle whose undici chunk throws when loaded.
    const copy = mkdtempSync(join(tmpdir(), 'ecr-scan-gate-dist-'))
    cpSync(dirname(bundlePath), copy, { recursive: true })
    const undiciChunks = bundleChunks(join(copy, 'index.js')).filter((chunk) => readFileSync(join(copy, chunk), 'utf8').includes('llhttp'))
    expect(undiciChunks).toHaveLength(1)
    writeFileSync(join(copy, undiciChunks[0] as string), "throw new Error('the undici chunk was loaded')\n")
    const image = { ...FAST, 'repository-name': 'web', 'image-tag': 'v1', 'severity-threshold': 'NONE' }
    const options = (env: Record<string, string>) => ({ bundle: join(copy, 'index.js'), env: { AWS_ENDPOINT_URL_ECR: ecr.url, ...env } })
    try {
      const plain = await runAction(image, options({}))
      expect(plain.code).toBe(0)
      expect(`${plain.stdout}${plain.stderr}`).not.toContain('undici chunk')
      const commenting = await runAction({ ...image, 'comment-on-pr': 'true', 'github-token': 'ghs_loopback' }, options(pullRequestEvent(14)))
      expect(commenting.stdout).toMatch(/::warning::Could not comment on pull request #14: .*the undici chunk was loaded/)
      expect(github.commentsOn('octo', 'app', 14)).toHaveLength(0)
    } finally {
      rmSync(copy, { recursive: true, force: true })
    }
  })

  test('on a push event the comment is skipped with a warning', async () => {
    const before = github.requests.length
    const run = await gate({ 'repository-name': 'web', 'image-tag': 'basic', 'comment-on-pr': 'true' }, { GITHUB_API_URL: github.url })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/::warning::comment-on-pr is true, but this run was triggered by a push event/)
    expect(github.requests.length).toBe(before)
  })
})
