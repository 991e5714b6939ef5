import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { COMMENT_LIMIT_BYTES, commentMarker, commentOnPullRequest, renderComment } from '../src/comment.js'
import type { Inputs } from '../src/inputs.js'
import type { GateReport } from '../src/report.js'
import { APP_BOT, type GitHubServer, TOKEN_USER, startGitHubServer } from './support/github-server.js'
import { htmlText, renderGfm, tableCells } from './support/markdown-render.js'
import { makeFinding, makePolicy, makeReport } from './support/reports.js'
import { captureStdout } from './support/fixtures.js'

const ENV = ['GITHUB_API_URL', 'GITHUB_EVENT_NAME', 'GITHUB_EVENT_PATH', 'GITHUB_REPOSITORY', 'GITHUB_SERVER_URL', 'GITHUB_RUN_ID', 'GITHUB_SHA']
const saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]))
const dir = mkdtempSync(join(tmpdir(), 'comment-'))
let server: GitHubServer
let stdout: string[]

function gateReport(overrides: Partial<GateReport> = {}): GateReport {
  const report = makeReport([
    makeFinding({ id: 'CVE-2024-1', severity: 'CRITICAL', score: 9.8 }),
    makeFinding({ id: 'CVE-2024-2', severity: 'LOW' })
  ])
  return { ...report, inputs: { githubToken: 'ghs_test_token' } as Inputs, ...overrides }
}

function pullRequestEvent(number: number, eventName = 'pull_request', headSha?: string): void {
  const path = join(dir, `event-${number}.json`)
  writeFileSync(path, JSON.stringify({ action: 'synchronize', number, pull_request: { number, head: { sha: headSha } } }))
  process.env.GITHUB_EVENT_PATH = path
  process.env.GITHUB_EVENT_NAME = eventName
}

beforeAll(async () => {
  server = await startGitHubServer()
})

afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

beforeEach(() => {
  stdout = captureStdout()
  server.requests.length = 0
  server.comments.length = 0
  server.allow()
  process.env.GITHUB_API_URL = server.url
  process.env.GITHUB_REPOSITORY = 'owner/repo'
  process.env.GITHUB_SERVER_URL = 'https://github.com'
  process.env.GITHUB_RUN_ID = '4242'
  delete process.env.GITHUB_SHA
  pullRequestEvent(7)
})

afterEach(() => {
  jest.restoreAllMocks()
  for (const name of ENV) {
    if (saved[name] === undefined) delete process.env[name]
    else process.env[name] = saved[name]
  }
})

const marker = '<!-- ecr-scan-gate:us-east-1/sample-repo:v1.2.3 -->'

describe('commentOnPullRequest', () => {
  it('creates one comment with the marker, verdict, severity table and blocking findings', async () => {
    const report = gateReport()
    await commentOnPullRequest(report)
    expect(report.warnings).toEqual([])
    expect(stdout).toEqual(['Commented on pull request #7.\n'])
    // Read again after writing: another run may have commented in between.
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /repos/owner/repo/issues/7/comments',
      'POST /repos/owner/repo/issues/7/comments',
      'GET /repos/owner/repo/issues/7/comments'
    ])
    expect(server.requests[0]!.query.per_page).toBe('100')
    expect(server.requests[1]!.authorization).toBe('token ghs_test_token')
    const [comment] = server.commentsOn('owner', 'repo', 7)
    expect(comment!.body.startsWith(`${marker}<!-- ecr-scan-gate-run:4242 -->\n`)).toBe(true)
    expect(comment!.body).toContain('### ❌ ECR scan gate: fail for sample-repo:v1.2.3')
    expect(comment!.body).toContain('[Full report in the job summary](https://github.com/owner/repo/actions/runs/4242)')
    const rows = tableCells(renderGfm(comment!.body)).map((row) => row.map((cell) => htmlText(cell.replace(/<[^>]+>/g, ''))))
    expect(rows).toContainEqual(['CRITICAL', '1', '1', '0'])
    expect(rows).toContainEqual(['CVE-2024-1', 'CRITICAL', '9.8', 'openssl', '3.0.11-1', '3.0.13-1', 'no'])
    expect(rows.some((row) => row[0] === 'CVE-2024-2')).toBe(false)
  })

  it('links the run on a GitHub Enterprise server whose URL ends in slashes, and behind an API URL that does too', async () => {
    process.env.GITHUB_SERVER_URL = 'https://ghe.example.com//'
    process.env.GITHUB_API_URL = `${server.url}///`
    await commentOnPullRequest(gateReport())
    const [comment] = server.commentsOn('owner', 'repo', 7)
    expect(comment!.body).toContain('[Full report in the job summary](https://ghe.example.com/owner/repo/actions/runs/4242)')
  })

  it('updates its own comment in place on the next run, and leaves other comments alone', async () => {
    server.addComment({ owner: 'owner', repo: 'repo', issueNumber: 7, body: 'LGTM', user: { login: 'alice' } })
    const ours = server.addComment({ owner: 'owner', repo: 'repo', issueNumber: 7, body: `${marker}\nold verdict` })
    server.addComment({ owner: 'owner', repo: 'repo', issueNumber: 8, body: `${marker}\nanother pull request` })
    await commentOnPullRequest(gateReport())
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /repos/owner/repo/issues/7/comments',
      `PATCH /repos/owner/repo/issues/comments/${ours.id}`
    ])
    const comments = server.commentsOn('owner', 'repo', 7)
    expect(comments.map((c) => c.body.split('\n')[0])).toEqual(['LGTM', `${marker}<!-- ecr-scan-gate-run:4242 -->`])
    expect(comments[1]!.body).toContain('ECR scan gate: fail')
    expect(server.commentsOn('owner', 'repo', 8)[0]!.body).toBe(`${marker}\nanother pull request`)
  })

  it('finds its comment past the first page of a long conversation', async () => {
    for (let i = 0; i < 150; i++) {
      server.addComment({ owner: 'owner', repo: 'repo', issueNumber: 7, body: `comment ${i}`, user: { login: 'bob' } })
    }
    const ours = server.addComment({ owner: 'owner', repo: 'repo', issueNumber: 7, body: `${marker}\nold` })
    await commentOnPullRequest(gateReport())
    expect(server.requests.map((r) => `${r.method} ${r.query.page ?? '1'}`)).toEqual(['GET 1', 'GET 2', 'PATCH 1'])
    expect(server.requests[2]!.path).toBe(`/repos/owner/repo/issues/comments/${ours.id}`)
    expect(server.commentsOn('owner', 'repo', 7)).toHaveLength(151)
  })

  it('keeps one comment per image: another repository, another tag of the same one, or another region, gets its own', async () => {
    const others = [
      '<!-- ecr-scan-gate:us-east-1/other-repo:v1.2.3 -->',
      '<!-- ecr-scan-gate:us-east-1/sample-repo:v1.2.3-arm64 -->',
      '<!-- ecr-scan-gate:eu-west-1/sample-repo:v1.2.3 -->'
    ]
    for (const other of others) server.addComment({ owner: 'owner', repo: 'repo', issueNumber: 7, body: `${other}\nanother image` })
    await commentOnPullRequest(gateReport())
    const bodies = server.commentsOn('owner', 'repo', 7).map((c) => c.body.split('\n')[0])
    expect(bodies).toEqual([...others, `${marker}<!-- ecr-scan-gate-run:4242 -->`])
    expect(server.commentsOn('owner', 'repo', 7)[2]!.body).toBe(`${others[2]}\nanother image`)
  })

  it("updates the same comment when the pull request's next push is tagged with its next commit", async () => {
    const [first, second] = ['1a2b3c4d'.repeat(5), 'e5f60718'.repeat(5)]
    const merge = (n: number) => String(n).repeat(40)
    const pushed = (sha: string) => gateReport({ target: { region: 'us-east-1', repositoryName: 'sample-repo', imageTag: `sha-${sha.slice(0, 7)}` } })
    pullRequestEvent(7, 'pull_request', first)
    process.env.GITHUB_SHA = merge(1)
    await commentOnPullRequest(pushed(first))
    pullRequestEvent(7, 'pull_request', second)
    process.env.GITHUB_SHA = merge(2)
    await commentOnPullRequest(pushed(second))
    const comments = server.commentsOn('owner', 'repo', 7)
    expect(comments).toHaveLength(1)
    expect(comments[0]!.body.split('\n')[0]).toBe('<!-- ecr-scan-gate:us-east-1/sample-repo:sha-(commit) --><!-- ecr-scan-gate-run:4242 -->')
    expect(comments[0]!.body).toContain('tag sha-e5f607')
    expect(comments[0]!.body).not.toContain('1a2b3c')
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET', 'GET', 'PATCH'])
  })

  it('leaves a comment written by a later workflow run as it is: a slow run of an older push must not overwrite it', async () => {
    const later = server.addComment({ owner: 'owner', repo: 'repo', issueNumber: 7, body: `${marker}<!-- ecr-scan-gate-run:4243 -->\nnewer verdict` })
    await commentOnPullRequest(gateReport())
    expect(server.requests.map((r) => r.method)).toEqual(['GET'])
    expect(server.commentsOn('owner', 'repo', 7).find((c) => c.id === later.id)!.body).toContain('newer verdict')
    expect(stdout).toEqual(['The scan comment on pull request #7 is from a later workflow run; left as it is.\n'])
    // The same run again (a re-run attempt) or an earlier one: updated.
    for (const stamp of ['4242', '999']) {
      const comment = server.addComment({ owner: 'owner', repo: 'repo', issueNumber: 8, body: `${marker}<!-- ecr-scan-gate-run:${stamp} -->\nold` })
      pullRequestEvent(8)
      server.requests.length = 0
      await commentOnPullRequest(gateReport())
      expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /repos/owner/repo/issues/8/comments', `PATCH /repos/owner/repo/issues/comments/${comment.id}`])
      server.comments.length = 0
    }
  })

  it('leaves alone a bot comment that only quotes the marker below its first line (another workflow, same token)', async () => {
    const quoting = server.addComment({ owner: 'owner', repo: 'repo', issueNumber: 7, body: `Deploy preview ready.\n${marker}` })
    await commentOnPullRequest(gateReport())
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET'])
    expect(server.commentsOn('owner', 'repo', 7).find((c) => c.id === quoting.id)!.body).toBe(`Deploy preview ready.\n${marker}`)
  })

  it("never writes its verdict into a person's comment that starts with the marker", async () => {
    const quoted = server.addComment({ owner: 'owner', repo: 'repo', issueNumber: 7, body: `${marker}\nlooks fine to me`, user: { login: 'mallory' } })
    await commentOnPullRequest(gateReport())
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /repos/owner/repo/issues/7/comments',
      'POST /graphql',
      'GET /user',
      'POST /repos/owner/repo/issues/7/comments',
      'GET /repos/owner/repo/issues/7/comments'
    ])
    expect(server.commentsOn('owner', 'repo', 7).find((c) => c.id === quoted.id)!.body).toBe(`${marker}\nlooks fine to me`)
  })

  it("never writes its verdict into another app's bot comment that starts with the marker", async () => {
    const app = { login: 'helpful-app[bot]', id: 777, node_id: 'BOT_777', type: 'Bot', site_admin: false }
    for (const [issueNumber, githubToken] of [[7, 'ghs_test_token'], [8, 'ghs_app_installation_token']] as const) {
      const theirs = server.addComment({ owner: 'owner', repo: 'repo', issueNumber, body: `${marker}\npass`, user: app })
      pullRequestEvent(issueNumber)
      server.requests.length = 0
      await commentOnPullRequest(gateReport({ inputs: { githubToken } as Inputs }))
      expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        `GET /repos/owner/repo/issues/${issueNumber}/comments`,
        'POST /graphql',
        ...(githubToken === 'ghs_test_token' ? ['GET /user'] : []),
        `POST /repos/owner/repo/issues/${issueNumber}/comments`,
        `GET /repos/owner/repo/issues/${issueNumber}/comments`
      ])
      expect(server.commentsOn('owner', 'repo', issueNumber).find((c) => c.id === theirs.id)!.body).toBe(`${marker}\npass`)
      expect(server.commentsOn('owner', 'repo', issueNumber).at(-1)!.body).toContain('ECR scan gate: fail')
    }
  })

  it("with a GitHub App's installation token, finds again the comment its bot wrote (GraphQL's viewer names it)", async () => {
    const app = { githubToken: 'ghs_app_installation_token' } as Inputs
    await commentOnPullRequest(gateReport({ inputs: app }))
    server.requests.length = 0
    await commentOnPullRequest(gateReport({ inputs: app }))
    const [comment, ...more] = server.commentsOn('owner', 'repo', 7)
    expect(more).toEqual([])
    expect(comment!.user.login).toBe(APP_BOT.login)
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /repos/owner/repo/issues/7/comments',
      'POST /graphql',
      `PATCH /repos/owner/repo/issues/comments/${comment!.id}`
    ])
  })

  it('finds the GraphQL endpoint of GitHub Enterprise Server beside its /api/v3 REST API', async () => {
    process.env.GITHUB_API_URL = `${server.url}/api/v3`
    const app = { githubToken: 'ghs_app_installation_token' } as Inputs
    await commentOnPullRequest(gateReport({ inputs: app }))
    await commentOnPullRequest(gateReport({ inputs: app }))
    expect(server.commentsOn('owner', 'repo', 7)).toHaveLength(1)
    expect(server.requests.filter((r) => r.path === '/graphql').map((r) => r.url)).toEqual(['/api/graphql'])
  })

  it.each([true, false])('with a personal token, finds again the comment that token wrote (GraphQL answering: %s)', async (graphql) => {
    server.addComment({ owner: 'owner', repo: 'repo', issueNumber: 7, body: `${marker}\nquoted`, user: { login: 'mallory' } })
    const ours = server.addComment({ owner: 'owner', repo: 'repo', issueNumber: 7, body: `${marker}\nold`, user: TOKEN_USER })
    server.graphql = graphql
    try {
      await commentOnPullRequest(gateReport({ inputs: { githubToken: 'ghp_personal_token' } as Inputs }))
    } finally {
      server.graphql = true
    }
    expect(server.requests.map((r) => r.path).filter((path) => path === '/graphql' || path === '/user')).toEqual(graphql ? ['/graphql'] : ['/graphql', '/user'])
    expect(server.requests.at(-1)!.path).toBe(`/repos/owner/repo/issues/comments/${ours.id}`)
    const [quoted, updated] = server.commentsOn('owner', 'repo', 7)
    expect(quoted!.body).toBe(`${marker}\nquoted`)
    expect(updated!.body).toContain('ECR scan gate: fail')
  })

  it('a GitHub that never answers costs one request-timeout, then a warning', async () => {
    const silent = createServer(() => undefined)
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    process.env.GITHUB_API_URL = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`
    const report = gateReport({ inputs: { githubToken: 'ghs_test_token', requestTimeoutMs: 300 } as Inputs })
    await commentOnPullRequest(report)
    silent.closeAllConnections()
    await new Promise((resolve) => silent.close(resolve))
    expect(report.warnings).toEqual(['Could not comment on pull request #7: GitHub did not answer within request-timeout (0.3 s).'])
  })

  it('a cancellation while GitHub has not answered ends the comment at once and says the run was cancelled', async () => {
    const silent = createServer(() => undefined)
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    process.env.GITHUB_API_URL = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`
    const report = gateReport({ inputs: { githubToken: 'ghs_test_token', requestTimeoutMs: 30_000 } as Inputs })
    const cancelled = new AbortController()
    setTimeout(() => cancelled.abort(), 100)
    await commentOnPullRequest(report, undefined, cancelled.signal)
    silent.closeAllConnections()
    await new Promise((resolve) => silent.close(resolve))
    expect(report.warnings).toEqual(['Could not finish the comment on pull request #7: the run was cancelled.'])
  })

  it('also comments on pull_request_target runs', async () => {
    pullRequestEvent(9, 'pull_request_target')
    await commentOnPullRequest(gateReport())
    expect(server.commentsOn('owner', 'repo', 9)).toHaveLength(1)
  })

  it("on pull_request_target reads only the pull request's head as this push: the base branch's commit is another image", async () => {
    const [base, head] = ['b'.repeat(40), 'c'.repeat(40)]
    pullRequestEvent(9, 'pull_request_target', head)
    process.env.GITHUB_SHA = base
    const tagged = (sha: string) => gateReport({ target: { region: 'us-east-1', repositoryName: 'app', imageTag: `sha-${sha.slice(0, 7)}` } })
    await commentOnPullRequest(tagged(head))
    await commentOnPullRequest(tagged(base))
    expect(server.commentsOn('owner', 'repo', 9).map((c) => c.body.split('<!-- ecr-scan-gate-run')[0])).toEqual([
      '<!-- ecr-scan-gate:us-east-1/app:sha-(commit) -->',
      '<!-- ecr-scan-gate:us-east-1/app:sha-bbbbbbb -->'
    ])
  })

  it('keeps one comment: the oldest of the copies two runs left gets the verdict, the others go', async () => {
    const [oldest, copy] = [1, 2].map(() => server.addComment({ owner: 'owner', repo: 'repo', issueNumber: 7, body: `${marker}<!-- ecr-scan-gate-run:4000 -->\nold pass` }))
    const human = server.addComment({ owner: 'owner', repo: 'repo', issueNumber: 7, body: `${marker} quoted by a person`, user: { login: 'octocat' } })
    await commentOnPullRequest(gateReport())
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /repos/owner/repo/issues/7/comments',
      `PATCH /repos/owner/repo/issues/comments/${oldest!.id}`,
      `DELETE /repos/owner/repo/issues/comments/${copy!.id}`
    ])
    expect(server.commentsOn('owner', 'repo', 7).map((c) => [c.id, c.body.includes('ecr-scan-gate-run:4242')])).toEqual([
      [oldest!.id, true],
      [human.id, false]
    ])
  })

  it('when another run commented between its reading and writing, keeps the older comment with the later verdict', async () => {
    // The other run is earlier (4000): its verdict gives way, in its own comment, which stays where it is.
    server.afterNextList(() => server.addComment({ owner: 'owner', repo: 'repo', issueNumber: 7, body: `${marker}<!-- ecr-scan-gate-run:4000 -->\nold pass` }))
    const report = gateReport()
    await commentOnPullRequest(report)
    const [kept, ...others] = server.commentsOn('owner', 'repo', 7)
    expect(others).toEqual([])
    expect(kept!.body).toContain('ecr-scan-gate-run:4242')
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET', 'PATCH', 'DELETE'])
    expect(report.warnings).toEqual([])
  })

  it('when a later run commented between its reading and writing, leaves that verdict and takes its own comment back', async () => {
    server.afterNextList(() => server.addComment({ owner: 'owner', repo: 'repo', issueNumber: 7, body: `${marker}<!-- ecr-scan-gate-run:5000 -->\nnewer fail` }))
    await commentOnPullRequest(gateReport())
    expect(server.commentsOn('owner', 'repo', 7).map((c) => c.body.split('\n')[1])).toEqual(['newer fail'])
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET', 'DELETE'])
  })

  it('a failed read after posting is logged, not warned about: the posted verdict stands', async () => {
    server.afterNextList(() => server.failNext('GET', 502))
    const report = gateReport()
    await commentOnPullRequest(report)
    expect(report.warnings).toEqual([])
    expect(server.commentsOn('owner', 'repo', 7)).toHaveLength(1)
    expect(stdout).toHaveLength(2)
    expect(stdout[0]).toMatch(/^Could not check for a copy of the comment another run posted at the same time: Injected GET failure/)
    expect(stdout[1]).toBe('Commented on pull request #7.\n')
  })

  it('a copy it cannot delete is logged, not warned about: the oldest holds the verdict, and the copy goes next time', async () => {
    const [oldest] = [1, 2].map(() => server.addComment({ owner: 'owner', repo: 'repo', issueNumber: 7, body: `${marker}<!-- ecr-scan-gate-run:4000 -->\nold pass` }))
    server.failNext('DELETE', 403)
    const report = gateReport()
    await commentOnPullRequest(report)
    expect(report.warnings).toEqual([])
    expect(server.commentsOn('owner', 'repo', 7).map((c) => c.id === oldest!.id && c.body.includes('ecr-scan-gate-run:4242'))).toEqual([true, false])
    expect(stdout[0]).toMatch(/^Could not delete a copy of the scan comment: Resource not accessible by integration/)
  })

  it('a copy another run deleted first is gone all the same: no warning', async () => {
    const copies = [1, 2].map(() => server.addComment({ owner: 'owner', repo: 'repo', issueNumber: 7, body: `${marker}<!-- ecr-scan-gate-run:4000 -->\nold pass` }))
    // The other run removes the copy while this one updates the oldest.
    server.afterNextList(() => server.comments.splice(server.comments.indexOf(copies[1]!), 1))
    const report = gateReport()
    await commentOnPullRequest(report)
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'PATCH', 'DELETE'])
    expect(report.warnings).toEqual([])
    expect(server.commentsOn('owner', 'repo', 7)).toHaveLength(1)
  })

  it('takes a GitHub API URL with a trailing slash as it is meant', async () => {
    process.env.GITHUB_API_URL = `${server.url}/`
    await commentOnPullRequest(gateReport())
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /repos/owner/repo/issues/7/comments',
      'POST /repos/owner/repo/issues/7/comments',
      'GET /repos/owner/repo/issues/7/comments'
    ])
  })

  it.each([
    [403, false, 'HTTP 403: Resource not accessible by integration'],
    [404, true, 'HTTP 404: Not Found']
  ])('turns a %i (missing permission) into a warning that says what to grant', async (status, reads, said) => {
    server.deny(status, { reads })
    const report = gateReport()
    await expect(commentOnPullRequest(report)).resolves.toBeUndefined()
    expect(report.warnings).toHaveLength(1)
    expect(report.warnings[0]).toContain(`Could not comment on pull request #7 (${said}`)
    expect(report.warnings[0]).toContain('permissions: pull-requests: write')
    expect(server.comments).toHaveLength(0)
  })

  it('turns a 401 (a token GitHub does not accept) into a warning naming the github-token input', async () => {
    server.deny(401, { reads: true })
    const report = gateReport()
    await commentOnPullRequest(report)
    expect(report.warnings).toEqual(['Could not comment on pull request #7 (HTTP 401: Bad credentials - https://docs.github.com/rest): GitHub refused the token; check the github-token input.'])
  })

  it('turns any other failure into a warning too', async () => {
    process.env.GITHUB_API_URL = 'http://127.0.0.1:1'
    const report = gateReport()
    await commentOnPullRequest(report)
    expect(report.warnings).toEqual([expect.stringMatching(/^Could not comment on pull request #7: /)])
  })

  it('warns, without calling GitHub, on a push event, a missing token or an unreadable event', async () => {
    process.env.GITHUB_EVENT_NAME = 'push'
    const push = gateReport()
    await commentOnPullRequest(push)
    expect(push.warnings).toEqual([
      'comment-on-pr is true, but this run was triggered by a push event: there is no pull request to comment on.'
    ])
    pullRequestEvent(7)
    const noToken = gateReport({ inputs: { githubToken: '' } as Inputs })
    await commentOnPullRequest(noToken)
    expect(noToken.warnings).toEqual(['comment-on-pr is true, but github-token is empty: no pull request comment.'])
    process.env.GITHUB_EVENT_PATH = join(dir, 'missing.json')
    const noEvent = gateReport()
    await commentOnPullRequest(noEvent)
    expect(noEvent.warnings).toEqual([
      'comment-on-pr is true, but the pull request number or repository could not be read from the event.'
    ])
    expect(server.requests).toEqual([])
  })
})

describe('renderComment', () => {
  it('stays well under GitHub 65,536-character limit with thousands of long findings', () => {
    const findings = Array.from({ length: 5000 }, (_, i) =>
      makeFinding({ id: `CVE-${i}-${'|'.repeat(5000)}`, packageName: '<'.repeat(100_000), description: 'x'.repeat(1_000_000) })
    )
    const body = renderComment({ ...makeReport(findings, makePolicy()), reportFile: 'r.json' })
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(COMMENT_LIMIT_BYTES)
    expect(body.length).toBeLessThan(65_536)
    expect(body).toContain('_… and 4,980 more blocking findings not shown here: see the JSON report._')
  })

  it('stays under GitHub\'s limit when the byte budget, not the row cap, ends the table (long links, escaped cells)', () => {
    const findings = Array.from({ length: 50 }, (_, i) =>
      makeFinding({
        id: `CVE-${'|'.repeat(200)}${i}`,
        link: `https://example.com/${'a'.repeat(1960)}/${i}`,
        packageName: `pkg${'|'.repeat(200)}`,
        packageVersion: '|'.repeat(200),
        fixedInVersion: '|'.repeat(200)
      })
    )
    const body = renderComment({ ...makeReport(findings, makePolicy()), sarifFile: 'gate.sarif', reportFile: 'r.json' })
    expect(body.length).toBeLessThan(65_536)
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(50_000)
    expect(body).toMatch(/_… and \d+ more blocking findings not shown here: see the JSON report or the SARIF file\._/)
  })

  it('says how the image compares with its baseline, each count under its own name', () => {
    const report = { ...gateReport(), baseline: { newCount: 2, fixedCount: 5, stillPresentCount: 7 } as never }
    expect(renderComment(report)).toContain('Compared with the baseline: 2 new, 5 fixed, 7 still present.')
  })

  it('keeps the marker a well-formed HTML comment whatever the repository name and tag', () => {
    expect(commentMarker({ repositoryName: 'team/app.api_v2', imageTag: 'pr-42_arm64' })).toBe('<!-- ecr-scan-gate:team/app.api_v2:pr-42_arm64 -->')
    expect(commentMarker({ repositoryName: 'team/app' })).toBe('<!-- ecr-scan-gate:team/app -->')
    expect(commentMarker({ region: 'eu-west-1', repositoryName: 'team/app', imageTag: 'v1' })).toBe('<!-- ecr-scan-gate:eu-west-1/team/app:v1 -->')
    expect(commentMarker({ region: 'x/y --> z', repositoryName: 'app' })).toBe('<!-- ecr-scan-gate:x-y-z/app -->')
    expect(commentMarker({ repositoryName: 'a-->b<!--c d\n', imageTag: '--x' })).toBe('<!-- ecr-scan-gate:a-b-c-d-:-x -->')
  })

  it('tells long names apart to their end, and bounds a marker at 400 characters', () => {
    const repositoryName = 'platform/payments-service-api'
    const amd = commentMarker({ repositoryName, imageTag: 'release-2024.06-amd64' })
    expect(amd).toBe('<!-- ecr-scan-gate:platform/payments-service-api:release-2024.06-amd64 -->')
    expect(commentMarker({ repositoryName, imageTag: 'release-2024.06-arm64' })).not.toBe(amd)
    const long = commentMarker({ repositoryName: `team/${'a'.repeat(250)}`, imageTag: 't'.repeat(300) })
    expect(long).toBe(`<!-- ecr-scan-gate:${`team/${'a'.repeat(250)}:${'t'.repeat(300)}`.slice(0, 400)} -->`)
  })

  it("reads a commit in the tag as this push, and other hex or numbers as the tag's own", () => {
    const head = '0123456789abcdef0123456789abcdef01234567'
    const marker = (imageTag: string) => commentMarker({ repositoryName: 'app', imageTag }, [head])
    expect(marker(head)).toBe('<!-- ecr-scan-gate:app:(commit) -->')
    // A full commit id of another run (the base branch's, a lockfile's hash) is the tag's own.
    expect(marker('fedcba9876543210fedcba9876543210fedcba98-arm64')).toBe('<!-- ecr-scan-gate:app:fedcba9876543210fedcba9876543210fedcba98-arm64 -->')
    expect(marker('pr-42-0123456')).toBe('<!-- ecr-scan-gate:app:pr-42-(commit) -->')
    expect(marker('sha-0123456789AB')).toBe('<!-- ecr-scan-gate:app:sha-(commit) -->')
    // Short hex that abbreviates no commit of this run, six digits, or hex inside a longer word: the tag's own.
    expect(marker('sha-fedcba9')).toBe('<!-- ecr-scan-gate:app:sha-fedcba9 -->')
    expect(marker('012345')).toBe('<!-- ecr-scan-gate:app:012345 -->')
    expect(marker('x0123456')).toBe('<!-- ecr-scan-gate:app:x0123456 -->')
    expect(marker('v1.2.3')).toBe('<!-- ecr-scan-gate:app:v1.2.3 -->')
    expect(commentMarker({ repositoryName: 'app', imageTag: 'sha-0123456' })).toBe('<!-- ecr-scan-gate:app:sha-0123456 -->')
  })

  it('leaves out the run link when the run is not known', () => {
    delete process.env.GITHUB_RUN_ID
    expect(renderComment(gateReport())).not.toContain('Full report')
    process.env.GITHUB_RUN_ID = '1 ](javascript:alert(1))'
    expect(renderComment(gateReport())).not.toContain('Full report')
  })
})
