// `npm run demo`: the gate, bundled as it ships, against a loopback ECR holding realistic findings. No AWS account needed.
// `node __tests__/support/demo.js --serve [--port N]` only serves the demo registry (the CI job that runs `uses: ./`).
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { loadSample, makeBasicFindings, makeEnhancedFindings, sampleState, startEcrServer } from './ecr-server.js'
import { bundlePath, runAction } from './run-action.js'

const REGISTRY = '123456789012'
const REGION = 'us-east-1'
const WEB_DIGEST = `sha256:${'5e'.repeat(32)}`
const WORKER_DIGEST = `sha256:${'7a'.repeat(32)}`

/** Fills the loopback registry: an enhanced-scanned web image that breaks the policy, a basic-scanned worker that passes. */
export function seedDemoRegistry(server) {
  server.addRepository('demo/web')
  server.setImage({
    repositoryName: 'demo/web',
    imageTag: '1.4.2',
    imageDigest: WEB_DIGEST,
    // ECR is still scanning when the gate starts, as it is right after a push.
    scan: [
      { status: 'PENDING' },
      { status: 'IN_PROGRESS' },
      {
        status: 'ACTIVE',
        enhancedFindings: makeEnhancedFindings(240, { imageDigest: WEB_DIGEST, repositoryName: 'demo/web', imageTags: ['1.4.2'] }),
        imageScanCompletedAt: new Date(Date.now() - 3_600_000)
      }
    ]
  })
  server.addRepository('demo/worker')
  const sample = loadSample('basic-complete')
  const { findingSeverityCounts: _sampleCounts, ...sampleScan } = sampleState(sample)
  server.setImage({
    repositoryName: 'demo/worker',
    imageTag: '2.0.0',
    imageDigest: WORKER_DIGEST,
    // No CRITICAL findings here, so this image passes the default policy. ECR's counts are left for the server to
    // compute from the findings, as the real service does.
    scan: {
      ...sampleScan,
      findings: [
        ...(sample.imageScanFindings?.findings ?? []),
        ...makeBasicFindings(30, { seed: 7 }).filter((finding) => finding.severity !== 'CRITICAL')
      ]
    }
  })
}

function argument(name, fallback) {
  const index = process.argv.indexOf(name)
  return index >= 0 ? process.argv[index + 1] : fallback
}

async function serve() {
  const server = await startEcrServer({ port: Number(argument('--port', '0')) })
  seedDemoRegistry(server)
  process.stdout.write(`${server.url}\n`)
  const stop = () => server.close().then(() => process.exit(0))
  process.once('SIGTERM', stop).once('SIGINT', stop)
}

function show(title, run, inputs) {
  const o = run.outputs
  process.stdout.write(`\n=== ${title}\n`)
  process.stdout.write(`with: ${Object.entries(inputs).map(([k, v]) => `${k}: ${v}`).join(', ')}\n`)
  process.stdout.write(`verdict: ${o.result?.toUpperCase() ?? '?'} (step exit code ${run.code}) in ${run.ms} ms\n`)
  process.stdout.write(
    `findings: ${o.total} total: ${o.critical} critical, ${o.high} high, ${o.medium} medium, ${o.low} low, ` +
      `${o.informational} informational, ${o.untriaged} untriaged; ${o.blocking} blocking, ${o.ignored} ignored, ${o.suppressed} suppressed\n`
  )
  process.stdout.write(`scan: ${o['scan-status']} ${o['image-digest']}\n`)
  const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error'))
  process.stdout.write(`annotations: ${errors.length} error(s)${errors[0] ? `, first: ${errors[0].slice(0, 160)}` : ''}\n`)
  process.stdout.write(`outputs:      ${join(run.workdir, 'github-output')}\n`)
  process.stdout.write(`job summary:  ${join(run.workdir, 'step-summary.md')} (${run.summary.length} bytes)\n`)
  for (const [label, key] of [['SARIF:', 'sarif-file'], ['JSON report:', 'report-file']]) {
    const path = o[key] ? join(run.workdir, o[key]) : undefined
    if (path && existsSync(path)) process.stdout.write(`${label.padEnd(13)} ${path} (${readFileSync(path).length} bytes)\n`)
  }
}

async function demo() {
  if (!existsSync(bundlePath)) throw new Error('dist/index.js is missing: run npm run bundle first')
  const server = await startEcrServer()
  seedDemoRegistry(server)
  const env = { AWS_ENDPOINT_URL_ECR: server.url, AWS_REGION: REGION }
  try {
    process.stdout.write(`Loopback ECR at ${server.url} (AWS JSON 1.1, the real SDK on the client side).\n`)
    const web = { image: `${REGISTRY}.dkr.ecr.${REGION}.amazonaws.com/demo/web:1.4.2`, 'severity-threshold': 'HIGH', 'poll-interval': '0.5' }
    show('demo/web:1.4.2, enhanced scanning, pushed a moment ago', await runAction(web, { env }), web)
    const worker = { 'repository-name': 'demo/worker', 'image-tag': '2.0.0', ignore: 'CVE-2019-5188' }
    show('demo/worker:2.0.0, basic scanning', await runAction(worker, { env }), worker)
    process.stdout.write('\nOpen the job summary files above to see what GitHub shows on the run page.\n')
  } finally {
    await server.close()
  }
}

// Runs only as a script, so other tools can import seedDemoRegistry.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await (process.argv.includes('--serve') ? serve() : demo())
}
