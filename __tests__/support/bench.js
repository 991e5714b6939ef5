// `npm run bench`: the bundled dist/index.js, started as the runner starts it, against the loopback ECR with a fixed
// latency per request, at sizes from 1,000 to 100,000 findings. It measures what a user waits for beyond ECR's own
// floor (ceil(N/1000) basic calls, ceil(N/100) enhanced), and prints the table the README quotes (also to FILE with --out).
//
//   node __tests__/support/bench.js [--latency 20] [--runs 3] [--only basic-10000,...] [--out FILE] [--profile DIR]
//                                   [--bundle other/index.js] [--node /path/to/node24] [--node-flags "--flag ..."]
//                                   [--with sarif-file=,annotations=false]
//
// --node runs the action (and the bare client) with another Node.js: the runner starts the action with node24, and V8's
// memory behaviour differs between versions. The loopback server stays on the Node running this script.
//
// --node-flags starts the action with V8/Node flags the runner never passes (what-if runs, e.g. heap sizing): the
// table then says so.
//
// --with name=value,... overrides inputs of the runs with reports on (what-if runs: e.g. `--with sarif-file=` prices the
// SARIF file as the difference from a plain run); the table then says so.
//
// --profile DIR adds `--cpu-prof --cpu-prof-dir DIR` to one extra run per case (not timed) for `node --cpu-prof` analysis.
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { makeBasicFindings, makeEnhancedFindings, startEcrServer } from './ecr-server.js'
import { actionDefaults, bundleChunks, bundlePath, parseOutputs } from './run-action.js'

const DIGEST = `sha256:${'be'.repeat(32)}`
const REPOSITORY = 'bench/app'
// Old enough that settling (default settle-window 300 s) is skipped without a call: see "settling" in the README.
const PUSHED_LONG_AGO = '2025-12-31T23:00:00Z'

const CASES = [
  { name: 'basic-1000', kind: 'basic', n: 1_000 },
  { name: 'basic-10000', kind: 'basic', n: 10_000 },
  { name: 'basic-100000', kind: 'basic', n: 100_000 },
  { name: 'enhanced-1000', kind: 'enhanced', n: 1_000 },
  { name: 'enhanced-10000', kind: 'enhanced', n: 10_000 }
]

const TARGETS = {
  overheadMs: { 10_000: 300, 100_000: 2_000 },
  peakRssMb: { 100_000: 200 },
  firstRequestMs: 200
}

function argument(name, fallback) {
  const index = process.argv.indexOf(name)
  return index >= 0 && index + 1 < process.argv.length ? process.argv[index + 1] : fallback
}

const latencyMs = Number(argument('--latency', '20'))
const runs = Math.max(1, Number(argument('--runs', '3')))
const only = argument('--only', '')
// No default file: a clone anywhere prints the table; --out FILE keeps a copy (a full run of this build only).
const outFile = argument('--out', '')
const profileDir = argument('--profile', '')
// Another build of the action, for an A/B comparison against dist/index.js.
const bundle = resolve(argument('--bundle', bundlePath))
const actionNode = resolve(argument('--node', process.execPath))
const nodeFlags = argument('--node-flags', '').split(' ').filter(Boolean)
const withInputs = {}
for (const pair of argument('--with', '').split(',').filter(Boolean)) {
  const at = pair.indexOf('=')
  if (at < 0) throw new Error(`--with: expected input=value, got ${pair}`)
  const [name, value] = [pair.slice(0, at), pair.slice(at + 1)]
  if (!(name in actionDefaults())) throw new Error(`--with: action.yml has no input named ${name}`)
  withInputs[name] = value
}
const TIME = '/usr/bin/time'
const haveTime = spawnSync(TIME, ['-f', '%M', 'true']).status === 0

function floorCalls(kind, n) {
  return Math.max(1, Math.ceil(n / (kind === 'basic' ? 1000 : 100)))
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

// Preload used only without /usr/bin/time: it records the peak RSS at exit and changes nothing else.
function rssPreload(dir) {
  const file = join(dir, 'rss-preload.cjs')
  writeFileSync(
    file,
    "process.on('exit', () => { try { require('fs').writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)) } catch {} })\n"
  )
  return file
}

/** The environment the runner gives a node24 action step: action.yml defaults and `with:` values as INPUT_*. */
function runnerEnv(workdir, withInputs, extra) {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: join(workdir, 'github-output'),
    GITHUB_STEP_SUMMARY: join(workdir, 'step-summary.md'),
    GITHUB_WORKSPACE: workdir,
    GITHUB_REPOSITORY: 'octo/app',
    GITHUB_EVENT_NAME: 'push',
    AWS_ACCESS_KEY_ID: 'AKIDLOOPBACKBENCH',
    AWS_SECRET_ACCESS_KEY: 'loopback-secret-not-real',
    AWS_REGION: 'us-east-1',
    NODE_NO_WARNINGS: '1',
    ...extra
  }
  for (const [name, value] of Object.entries({ ...actionDefaults(), ...withInputs })) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  writeFileSync(env.GITHUB_OUTPUT, '')
  writeFileSync(env.GITHUB_STEP_SUMMARY, '')
  return env
}

/** One run of the bundle; resolves with wall time (spawn to exit), peak RSS and the child's outputs. */
function runOnce(server, withInputs, { nodeArgs = nodeFlags } = {}) {
  const workdir = mkdtempSync(join(tmpdir(), 'ecr-scan-gate-bench-'))
  // A checkout, as the runner's workspace is after actions/checkout: the gate looks there for its policy file.
  mkdirSync(join(workdir, '.git'))
  const rssFile = join(workdir, 'rss')
  const env = runnerEnv(workdir, withInputs, { AWS_ENDPOINT_URL_ECR: server.url, BENCH_RSS_FILE: rssFile })
  const node = [...nodeArgs, ...(haveTime ? [] : ['--require', rssPreload(workdir)]), bundle]
  const [command, args] = haveTime ? [TIME, ['-f', '%M', '-o', rssFile, actionNode, ...node]] : [actionNode, node]
  server.requests.length = 0
  return new Promise((resolve, reject) => {
    const started = performance.timeOrigin + performance.now()
    const child = spawn(command, args, { cwd: workdir, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      const ended = performance.timeOrigin + performance.now()
      const calls = server.requests.filter((r) => r.op === 'DescribeImageScanFindings')
      const size = (name) => {
        try {
          return statSync(join(workdir, name)).size
        } catch {
          return 0
        }
      }
      let rssKb = NaN
      try {
        // /usr/bin/time reports KiB; process.resourceUsage().maxRSS is KiB too.
        rssKb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop())
      } catch {
        // left NaN: printed as "?"
      }
      const firstAt = calls[0]?.at ?? NaN
      const lastAt = calls.at(-1)?.at ?? NaN
      const result = {
        code,
        wallMs: ended - started,
        calls: calls.length,
        firstRequestMs: firstAt - started,
        // What the action adds between one page's reply and the next request (the server answers after latencyMs).
        perCallMs: calls.length > 1 ? (lastAt - firstAt) / (calls.length - 1) - latencyMs : 0,
        // The server's own answer time, arrival to reply: should be latencyMs, or the overhead would be wrong.
        answerMs: calls.length ? calls.reduce((sum, r) => sum + (r.answeredAt - r.arrivedAt), 0) / calls.length : NaN,
        // From the last reply to exit: normalising the last page, deciding, every report, exiting.
        tailMs: ended - lastAt - latencyMs,
        rssMb: rssKb / 1024,
        outputs: parseOutputs(readFileSync(env.GITHUB_OUTPUT, 'utf8')),
        sizes: { summary: size('step-summary.md'), sarif: size('ecr-scan-gate.sarif'), report: size('ecr-scan-gate.json') },
        stdoutBytes: Buffer.byteLength(stdout),
        stderr
      }
      rmSync(workdir, { recursive: true, force: true })
      resolve(result)
    })
  })
}

// The floor of this machine and harness: a bare node client (http + JSON.parse, no SDK, no signing, no action) paging
// through the same responses. Its overhead is what any client pays here, for node start-up, timer slack and transport.
// Like the action, it asks for the next page as soon as the page's token is in (the token is the page's last member),
// before parsing the page: parsing hides inside the next round trip, and what is left is transport.
const BARE_CLIENT = `
import http from 'node:http'
const [url, repositoryName] = process.argv.slice(-2)
const agent = new http.Agent({ keepAlive: true })
const target = 'AmazonEC2ContainerRegistry_V20150921.DescribeImageScanFindings'
const call = (nextToken) => new Promise((resolve, reject) => {
  const req = http.request(url, { method: 'POST', agent, headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' } }, (res) => {
    let text = ''
    res.setEncoding('utf8').on('data', (c) => (text += c)).on('end', () => resolve(text))
  })
  req.on('error', reject)
  req.end(JSON.stringify({ repositoryName, imageId: { imageTag: 'v1' }, maxResults: 1000, nextToken }))
})
const TOKEN_LAST = /"nextToken"\\s*:\\s*("(?:[^"\\\\]|\\\\.)*")\\s*\\}\\s*$/
let pending = call(undefined)
let n = 0
let peeks = 0
for (;;) {
  const text = await pending
  const peeked = TOKEN_LAST.exec(text.slice(text.lastIndexOf('"nextToken"')))?.[1]
  if (peeked !== undefined) peeks++
  const next = peeked === undefined ? undefined : call(JSON.parse(peeked))
  // The request is written in callbacks that run once this loop yields.
  if (next) await new Promise(setImmediate)
  const page = JSON.parse(text)
  n += (page.imageScanFindings?.findings?.length ?? 0) + (page.imageScanFindings?.enhancedFindings?.length ?? 0)
  if (!page.nextToken) break
  pending = next ?? call(page.nextToken)
}
agent.destroy()
process.stdout.write(JSON.stringify({ n, peeks }))
`

function bareClientOnce(server) {
  server.requests.length = 0
  return new Promise((resolve, reject) => {
    const started = performance.timeOrigin + performance.now()
    const child = spawn(actionNode, ['--input-type=module', '-e', BARE_CLIENT, server.url, REPOSITORY], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      const wallMs = performance.timeOrigin + performance.now() - started
      const calls = server.requests.filter((r) => r.op === 'DescribeImageScanFindings')
      let read = {}
      try {
        read = JSON.parse(stdout)
      } catch {
        // left empty: the checks below report it
      }
      resolve({
        wallMs,
        code,
        stderr,
        calls: calls.length,
        findings: read.n,
        peeks: read.peeks,
        perCallMs: calls.length > 1 ? (calls.at(-1).at - calls[0].at) / (calls.length - 1) - latencyMs : 0
      })
    })
  })
}

// Why a bare client's run cannot stand for the floor, if it cannot: one that crashed, stopped early or fell back to
// asking for pages one after another would pass for a floor it is not.
function bareProblem(run, spec) {
  const floor = floorCalls(spec.kind, spec.n)
  if (run.code !== 0 || run.stderr.trim()) return `the bare client exited ${run.code}: ${run.stderr.trim().slice(0, 300)}`
  if (run.calls !== floor || run.findings !== spec.n) return `the bare client read ${run.findings} findings in ${run.calls} calls`
  if (run.peeks !== floor - 1) return `the bare client read ${run.peeks} of ${floor - 1} page tokens ahead of the page`
  return undefined
}

const REPORTS_ON = { summary: 'true', annotations: 'true', 'sarif-file': 'ecr-scan-gate.sarif', 'report-file': 'ecr-scan-gate.json' }
const REPORTS_OFF = { summary: 'false', annotations: 'false', 'sarif-file': '', 'report-file': '' }

async function benchCase(server, spec) {
  const raw =
    spec.kind === 'basic'
      ? { findings: makeBasicFindings(spec.n) }
      : { enhancedFindings: makeEnhancedFindings(spec.n, { imageDigest: DIGEST, repositoryName: REPOSITORY, imageTags: ['v1'] }) }
  server.setImage({
    repositoryName: REPOSITORY,
    imageTag: 'v1',
    imageDigest: DIGEST,
    scan: { status: spec.kind === 'basic' ? 'COMPLETE' : 'ACTIVE', ...raw, imageScanCompletedAt: PUSHED_LONG_AGO }
  })
  // Default policy (CRITICAL blocks), so the run fails with blocking findings: annotations and summary have work to do.
  const inputs = { 'repository-name': REPOSITORY, 'image-tag': 'v1', 'wait-timeout': '600', 'poll-interval': '5' }
  const on = []
  const off = []
  const bare = []
  // Warm the page cache for dist/index.js so the first measured run is not the one that reads it from disk.
  await runOnce(server, { ...inputs, ...REPORTS_OFF })
  for (let i = 0; i < runs; i++) {
    on.push(await runOnce(server, { ...inputs, ...REPORTS_ON, ...withInputs }))
    off.push(await runOnce(server, { ...inputs, ...REPORTS_OFF }))
    bare.push(await bareClientOnce(server))
  }
  if (profileDir) {
    mkdirSync(profileDir, { recursive: true })
    await runOnce(server, { ...inputs, ...REPORTS_ON, ...withInputs }, { nodeArgs: [...nodeFlags, '--cpu-prof', '--cpu-prof-dir', join(profileDir, spec.name)] })
  }
  const sample = on[0]
  const total = Number(sample.outputs.total) + Number(sample.outputs.suppressed)
  const problems = []
  if (total !== spec.n) problems.push(`outputs say ${total} findings, expected ${spec.n}`)
  if (sample.outputs.result !== 'fail' || sample.code !== 1) problems.push(`result ${sample.outputs.result}, exit ${sample.code}`)
  if (sample.stderr.trim()) problems.push(`stderr: ${sample.stderr.trim().slice(0, 300)}`)
  const bareProblems = new Set(bare.map((run) => bareProblem(run, spec)).filter(Boolean))
  problems.push(...bareProblems)
  const answerMs = median([...on, ...off].map((r) => r.answerMs))
  // A server slower than latencyMs would charge its own delay to the action's overhead.
  if (answerMs > latencyMs + 0.5) problems.push(`the server answered in ${fmt(answerMs, 2)} ms a call, not ${latencyMs}`)
  const floor = floorCalls(spec.kind, spec.n)
  const wallMs = median(on.map((r) => r.wallMs))
  const wallOffMs = median(off.map((r) => r.wallMs))
  return {
    ...spec,
    floor,
    calls: Math.max(...on.map((r) => r.calls)),
    wallMs,
    overheadMs: wallMs - floor * latencyMs,
    reportsMs: wallMs - wallOffMs,
    bareOverheadMs: median(bare.map((r) => r.wallMs)) - floor * latencyMs,
    barePerCallMs: median(bare.map((r) => r.perCallMs)),
    rssMb: Math.max(...on.map((r) => r.rssMb)),
    rssOffMb: Math.max(...off.map((r) => r.rssMb)),
    firstRequestMs: median(on.map((r) => r.firstRequestMs)),
    perCallMs: median(on.map((r) => r.perCallMs)),
    perCallOffMs: median(off.map((r) => r.perCallMs)),
    tailMs: median(on.map((r) => r.tailMs)),
    tailOffMs: median(off.map((r) => r.tailMs)),
    answerMs,
    sizes: sample.sizes,
    stdoutBytes: sample.stdoutBytes,
    problems
  }
}

function fmt(value, digits = 0) {
  return Number.isFinite(value) ? value.toFixed(digits) : '?'
}

function kb(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.round(bytes / 1024)} KiB`
}

function checks(rows) {
  const lines = []
  for (const row of rows) {
    const label = `${row.kind} ${row.n.toLocaleString('en-US')}`
    lines.push(`${row.calls === row.floor ? 'PASS' : 'FAIL'} ${label}: ${row.calls} calls, floor ${row.floor}`)
    const overheadTarget = TARGETS.overheadMs[row.n]
    if (overheadTarget !== undefined) {
      lines.push(`${row.overheadMs <= overheadTarget ? 'PASS' : 'FAIL'} ${label}: overhead ${fmt(row.overheadMs)} ms (target ≤ ${overheadTarget} ms)`)
    }
    const rssTarget = TARGETS.peakRssMb[row.n]
    if (rssTarget !== undefined) {
      lines.push(`${row.rssMb <= rssTarget ? 'PASS' : 'FAIL'} ${label}: peak RSS ${fmt(row.rssMb)} MB (target ≤ ${rssTarget} MB)`)
    }
    lines.push(
      `${row.firstRequestMs <= TARGETS.firstRequestMs ? 'PASS' : 'FAIL'} ${label}: first request ${fmt(row.firstRequestMs)} ms after spawn (target ≤ ${TARGETS.firstRequestMs} ms)`
    )
    for (const problem of row.problems) lines.push(`FAIL ${label}: ${problem}`)
  }
  // Linear report writing: the cost of reports per 1,000 findings should stay flat as N grows tenfold.
  for (const kind of ['basic', 'enhanced']) {
    const series = rows.filter((row) => row.kind === kind && row.n >= 10_000)
    for (let i = 1; i < series.length; i++) {
      const a = series[i - 1]
      const b = series[i]
      const ratio = b.reportsMs / b.n / (a.reportsMs / a.n)
      lines.push(
        `${ratio <= 1.5 ? 'PASS' : 'FAIL'} ${kind}: report writing ${fmt(a.reportsMs)} ms at ${a.n} → ${fmt(b.reportsMs)} ms at ${b.n} (per finding ×${ratio.toFixed(2)}; linear ≤ ×1.5)`
      )
    }
  }
  return lines
}

// The bundle is the same in every case; issue 5 lists its size among what each case prints.
function table(rows, bundleSize) {
  const head =
    '| Case | Calls (floor) | Wall | Overhead | Reports | Peak RSS (reports off) | First request | dist/index.js (+ chunks) | Summary / SARIF / JSON |\n' +
    '|---|---:|---:|---:|---:|---:|---:|---:|---|'
  const body = rows.map(
    (row) =>
      `| ${row.kind} ${row.n.toLocaleString('en-US')} | ${row.calls} (${row.floor}) | ${fmt(row.wallMs)} ms | ${fmt(row.overheadMs)} ms | ` +
      `${fmt(row.reportsMs)} ms | ${fmt(row.rssMb)} MB (${fmt(row.rssOffMb)}) | ${fmt(row.firstRequestMs)} ms | ${bundleSize} | ` +
      `${kb(row.sizes.summary)} / ${kb(row.sizes.sarif)} / ${row.sizes.report ? kb(row.sizes.report) : '—'} |`
  )
  return [head, ...body].join('\n')
}

// Where the overhead goes: start-up (spawn to first request), paging (per call, beyond the latency), and the tail (last
// reply to exit: decide, reports, exit), each with reports on and off.
function breakdown(rows) {
  const head =
    '| Case | Start-up | Paging: added per call (reports off) | Paging total | Tail: last reply → exit (reports off) | Bare client: overhead, per call |\n' +
    '|---|---:|---:|---:|---:|---:|'
  const body = rows.map(
    (row) =>
      `| ${row.kind} ${row.n.toLocaleString('en-US')} | ${fmt(row.firstRequestMs)} ms | ${fmt(row.perCallMs, 1)} ms (${fmt(row.perCallOffMs, 1)}) | ` +
      `${fmt(row.perCallMs * Math.max(0, row.calls - 1))} ms | ${fmt(row.tailMs)} ms (${fmt(row.tailOffMs)}) | ` +
      `${fmt(row.bareOverheadMs)} ms, ${fmt(row.barePerCallMs, 1)} ms |`
  )
  return [head, ...body].join('\n')
}

function machine() {
  const cpuModel = cpus()[0]?.model?.trim() || 'unknown'
  const nproc = spawnSync('nproc', { encoding: 'utf8' }).stdout.trim() || String(cpus().length)
  return {
    nproc,
    cpuModel,
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: spawnSync(actionNode, ['--version'], { encoding: 'utf8' }).stdout.trim() || 'unknown',
    os: `${process.platform} ${spawnSync('uname', ['-r'], { encoding: 'utf8' }).stdout.trim()}`
  }
}

/** A quick reference point: how long a bare `node` takes to start here (part of every wall time and first request). */
function nodeStartMs() {
  const times = []
  for (let i = 0; i < 5; i++) {
    const t = performance.now()
    spawnSync(actionNode, ['-e', ''])
    times.push(performance.now() - t)
  }
  return median(times)
}

async function main() {
  const server = await startEcrServer({ latencyMs })
  const selected = CASES.filter((spec) => !only || only.split(',').includes(spec.name))
  const rows = []
  try {
    for (const spec of selected) {
      process.stderr.write(`bench: ${spec.name} (${runs} run(s) with reports, ${runs} without)…\n`)
      rows.push(await benchCase(server, spec))
    }
  } finally {
    await server.close()
  }
  const m = machine()
  const distBytes = statSync(bundle).size
  // index.js only starts the worker; the gate and its dependencies are chunks beside it, loaded with import().
  const chunkBytes = bundleChunks(bundle).reduce((sum, name) => sum + statSync(join(dirname(bundle), name)).size, 0)
  const startMs = nodeStartMs()
  const lines = checks(rows)
  const out = [
    `## Benchmark (${new Date().toISOString().slice(0, 10)})`,
    '',
    `Machine: ${m.nproc} CPU (${m.cpuModel}), ${m.memory} RAM, ${m.os}, action run by Node ${m.node}${nodeFlags.length > 0 ? ` with ${nodeFlags.join(' ')} (flags the runner never passes)` : ''} (the runner uses node24).`,
    `dist/index.js: ${kb(distBytes)} (${distBytes.toLocaleString('en-US')} bytes), its chunks ${kb(chunkBytes)} ` +
      `(${chunkBytes.toLocaleString('en-US')} bytes). Bare \`node -e ''\` start here: ${fmt(startMs)} ms.`,
    `Loopback ECR latency ${latencyMs} ms per request (its whole answer time, building the JSON included; measured: ` +
      `at most ${fmt(Math.max(...rows.map((row) => row.answerMs)), 2)} ms per call, median of the runs' averages); ` +
      `median of ${runs} run(s); peak RSS is the maximum, measured with ` +
      `${haveTime ? '`/usr/bin/time -f %M`' : 'a preload reading process.resourceUsage().maxRSS at exit'}.`,
    (Object.keys(withInputs).length > 0
      ? `What-if: the runs "with reports" also have ${Object.entries(withInputs).map(([k, v]) => `${k}: '${v}'`).join(', ')}. `
      : '') +
      'Every report on (summary, annotations, sarif-file, report-file), default policy (CRITICAL blocks, so each run fails ' +
      'with blocking findings). settle-window is its default 300 s, and the image was pushed/scanned long before the run, ' +
      'so settling is skipped without a call (the calls column proves it).',
    '',
    'Wall: process spawn to exit. Overhead: wall − floor × latency. Reports: wall with every report on − wall with every ' +
      'report off. First request: the server\'s arrival time of the first DescribeImageScanFindings − spawn time.',
    '',
    table(rows, `${kb(distBytes)} (+ ${kb(chunkBytes)})`),
    '',
    breakdown(rows),
    '',
    '```',
    ...lines,
    '```',
    ''
  ].join('\n')
  process.stdout.write(`${out}\n`)
  if (outFile && outFile !== '-' && !only && bundle === bundlePath && Object.keys(withInputs).length === 0) {
    mkdirSync(dirname(outFile), { recursive: true })
    writeFileSync(outFile, out)
    process.stderr.write(`bench: wrote ${outFile}\n`)
  }
  if (lines.some((line) => line.startsWith('FAIL'))) process.exitCode = 1
}

await main()
