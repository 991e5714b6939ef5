// End to end for policy as code: a checked-in policy file, a VEX document and a baseline image, through dist/index.js.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type EcrServer, type RawEnhancedFinding, startEcrServer } from './support/ecr-server.js'
import { type ActionRun, runAction } from './support/run-action.js'

const PR_DIGEST = `sha256:${'1'.repeat(64)}`
const MAIN_DIGEST = `sha256:${'2'.repeat(64)}`
const FAST = { 'poll-interval': '0.05', 'wait-timeout': '5', 'request-timeout': '5', 'settle-window': '0' }

let server: EcrServer

function finding(id: string, pkg: string, severity: string, extra: Partial<RawEnhancedFinding> = {}): RawEnhancedFinding {
  return {
    findingArn: `arn:aws:inspector2:us-east-1:123456789012:finding/${id}-${pkg}`,
    severity,
    status: 'ACTIVE',
    title: `${id} - ${pkg}`,
    type: 'PACKAGE_VULNERABILITY',
    fixAvailable: 'YES',
    exploitAvailable: 'NO',
    packageVulnerabilityDetails: {
      vulnerabilityId: id,
      source: 'DEBIAN_CVE',
      sourceUrl: `https://security-tracker.debian.org/tracker/${id}`,
      vulnerablePackages: [{ name: pkg, version: '1.0', release: '1', fixedInVersion: '1.1', packageManager: 'OS' }]
    },
    ...extra
  }
}

beforeAll(async () => {
  server = await startEcrServer()
  server.addRepository('app')
  server.setImage({
    repositoryName: 'app',
    imageTag: 'pr-1',
    imageDigest: PR_DIGEST,
    scan: {
      status: 'ACTIVE',
      enhancedFindings: [
        finding('CVE-2026-1000', 'openssl', 'CRITICAL'),
        finding('CVE-2026-2000', 'curl', 'HIGH'),
        finding('CVE-2026-3000', 'zlib', 'LOW', { exploitAvailable: 'YES' }),
        finding('CVE-2026-4000', 'tar', 'HIGH')
      ]
    }
  })
  server.setImage({
    repositoryName: 'app',
    imageTag: 'main',
    imageDigest: MAIN_DIGEST,
    scan: { status: 'ACTIVE', enhancedFindings: [finding('CVE-2026-1000', 'openssl', 'CRITICAL'), finding('CVE-2026-5000', 'bash', 'HIGH')] }
  })
})
afterAll(() => server.close())
beforeEach(() => {
  server.requests.length = 0
})

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecr-scan-gate-policy-'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

function gate(withInputs: Record<string, string>, files: Record<string, string>): Promise<ActionRun> {
  return runAction({ ...FAST, ...withInputs }, { cwd: workspace(files), env: { AWS_ENDPOINT_URL_ECR: server.url } })
}

const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)
const nextYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10)

const POLICY = `# checked in at .github/ecr-scan-gate.yml
severity-threshold: HIGH
block-exploitable: true
ignore:
  - id: CVE-2026-4000
    package: tar
    reason: only used at build time
    expires: ${yesterday}
  - id: CVE-2026-9999
    reason: fixed upstream, kept in case it comes back
    expires: ${nextYear}
`

const VEX = JSON.stringify({
  '@context': 'https://openvex.dev/ns/v0.2.0',
  '@id': 'https://example.com/vex/app-1',
  author: 'Security team',
  timestamp: '2026-11-01T00:00:00Z',
  version: 1,
  statements: [
    {
      vulnerability: { name: 'CVE-2026-2000' },
      products: [{ '@id': `pkg:oci/app@${PR_DIGEST}`, subcomponents: [{ '@id': 'pkg:deb/debian/curl@1.0-1' }] }],
      status: 'not_affected',
      justification: 'vulnerable_code_not_in_execute_path'
    }
  ]
})

test('policy file, VEX and baseline together: only new findings block, exploitable ones whatever their severity', async () => {
  const run = await gate(
    { 'repository-name': 'app', 'image-tag': 'pr-1', 'baseline-tag': 'main', 'vex-file': 'security/app.vex.json' },
    { '.github/ecr-scan-gate.yml': POLICY, 'security/app.vex.json': VEX }
  )
  expect(run.code).toBe(1)
  // CVE-2026-3000 (LOW, exploit) and CVE-2026-4000 (rule expired yesterday) block; openssl is not new; curl is VEX'd.
  expect(run.outputs).toMatchObject({ result: 'fail', blocking: '2', ignored: '1', total: '4', new: '3', fixed: '1' })
  expect(run.stdout).toMatch(/::warning::.*CVE-2026-4000.*expired/)
  expect(run.stdout).toMatch(/::warning::.*CVE-2026-9999/)
  const shown = run.summary.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
  expect(shown).toMatch(/CVE-2026-2000.*curl.*vulnerable_code_not_in_execute_path \(VEX security\/app\.vex\.json\)/)
  expect(shown).toMatch(/3 new, 1 fixed, 1 still present/)
  const polls = server.requests.filter((r) => r.op === 'DescribeImageScanFindings').map((r) => r.body.imageId.imageTag)
  expect(polls).toEqual(['pr-1', 'main'])
})

test('an input set in the workflow wins over the policy file', async () => {
  const run = await gate(
    { 'repository-name': 'app', 'image-tag': 'pr-1', 'severity-threshold': 'CRITICAL' },
    { '.github/ecr-scan-gate.yml': 'severity-threshold: LOW\n' }
  )
  expect(run.outputs).toMatchObject({ result: 'fail', blocking: '1' })
})

test('a typo in the policy file fails before any AWS call, naming file, line and field', async () => {
  const run = await gate({ 'repository-name': 'app', 'image-tag': 'pr-1' }, { '.github/ecr-scan-gate.yml': 'only-fixed: true\nseverity-treshold: HIGH\n' })
  expect(run.code).toBe(1)
  expect(run.stdout).toMatch(/::error::.*\.github\/ecr-scan-gate\.yml.*line 2.*severity-treshold.*severity-threshold/)
  expect(server.requests).toHaveLength(0)
})

test('without a checkout the default policy file cannot be looked for: a warning says the built-in policy applies', async () => {
  const inputs = { ...FAST, 'repository-name': 'app', 'image-tag': 'pr-1' }
  const bare = await runAction(inputs, { cwd: workspace({}), checkout: false, env: { AWS_ENDPOINT_URL_ECR: server.url } })
  expect(bare.stdout).toMatch(/^::warning::No checkout at the workspace root, so \.github\/ecr-scan-gate\.yml could not be looked for: the built-in policy applies\. Run actions\/checkout .*\(checked out with path:, set policy-file to PATH\/\.github\/ecr-scan-gate\.yml\)\./m)
  const checkedOut = await gate(inputs, {})
  expect(checkedOut.stdout).not.toMatch(/No checkout/)
  expect(checkedOut.outputs.result).toBe(bare.outputs.result)
})

test('an explicit policy-file that does not exist is an error', async () => {
  const run = await gate({ 'repository-name': 'app', 'image-tag': 'pr-1', 'policy-file': 'missing.yml' }, {})
  expect(run.code).toBe(1)
  expect(run.stdout).toMatch(/::error::.*missing\.yml/)
  expect(server.requests).toHaveLength(0)
})

test('a VEX file that is not OpenVEX is an error naming the file', async () => {
  const run = await gate({ 'repository-name': 'app', 'image-tag': 'pr-1', 'vex-file': 'bad.vex.json' }, { 'bad.vex.json': '{"hello": 1}' })
  expect(run.code).toBe(1)
  expect(run.stdout).toMatch(/::error::.*bad\.vex\.json/)
})

test('a baseline that does not exist warns, and every finding counts as new (fail safe)', async () => {
  const run = await gate({ 'repository-name': 'app', 'image-tag': 'pr-1', 'baseline-tag': 'never-pushed', 'severity-threshold': 'HIGH' }, {})
  expect(run.code).toBe(1)
  expect(run.outputs).toMatchObject({ result: 'fail', blocking: '3', new: '4' })
  expect(run.stdout).toMatch(/::warning::.*never-pushed/)
})

test('a baseline with no scan is not waited for: one call, a warning, and every finding counts as new', async () => {
  server.setImage({ repositoryName: 'app', imageTag: 'unscanned', imageDigest: `sha256:${'0'.repeat(64)}`, scan: { notFound: true } })
  const run = await gate({ 'repository-name': 'app', 'image-tag': 'pr-1', 'baseline-tag': 'unscanned', 'severity-threshold': 'HIGH' }, {})
  expect(run.outputs).toMatchObject({ result: 'fail', blocking: '3', new: '4' })
  expect(run.stdout).toMatch(/::warning::The baseline app:unscanned .* could not be read, so every finding counts as new: ECR has no scan of app:unscanned/)
  const baselineCalls = server.requests.filter((r) => r.op === 'DescribeImageScanFindings' && r.body.imageId.imageTag === 'unscanned')
  expect(baselineCalls).toHaveLength(1)
})

test('a baseline digest beside a baseline tag wins, as the image digest does', async () => {
  const run = await gate({ 'repository-name': 'app', 'image-tag': 'pr-1', 'baseline-tag': 'never-pushed', 'baseline-digest': MAIN_DIGEST }, {})
  expect(run.outputs).toMatchObject({ result: 'pass', blocking: '0', new: '3', fixed: '1' })
  const baselineIds = server.requests.filter((r) => r.op === 'DescribeImageScanFindings').slice(1).map((r) => r.body.imageId)
  expect(baselineIds).toEqual([{ imageDigest: MAIN_DIGEST }])
})
