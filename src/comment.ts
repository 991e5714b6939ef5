import { readFileSync } from 'node:fs'
import * as core from '@actions/core'
import { errorText, oneLine } from './log-safety.js'
import {
  BLOCKING_COLUMNS,
  byteLength,
  findingsTable,
  imageLine,
  omittedNote,
  safeUrl,
  severityTable,
  sortedFindings,
  verdictLines
} from './markdown.js'
import type { ReportingInputs } from './inputs.js'
import { proxyFor, proxyRefusalAdvice, proxySettings } from './proxy.js'
import type { GateReport } from './report.js'
import { loadUndici } from './undici-on-demand.js'

/** Who comments with the workflow's GITHUB_TOKEN. */
const GITHUB_TOKEN_LOGIN = 'github-actions[bot]'

// Tried from a run's first slash only: from every slash, a long run followed by anything else costs its length squared.
const TRAILING_SLASHES = /(?<!\/)\/+$/

/** GitHub refuses comments over 65,536 characters; a byte budget well under it bounds the characters too. */
export const COMMENT_LIMIT_BYTES = 50_000
const MAX_COMMENT_ROWS = 20
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target'])

interface PullRequest {
  owner: string
  repo: string
  number: number
  /** This push's commits, lower case: the pull request's head, and GITHUB_SHA except on pull_request_target. */
  commits: string[]
}

/**
 * The hidden first line that finds this image's comment again on the next run: the region, the repository and the
 * tag, so two images of one repository (app:v1, app:v1-arm64), or one image pushed to two regions, each keep their own
 * comment, while a new push of the same tag updates it. This run's commit in the tag (`${{ github.sha }}`,
 * `sha-1a2b3c4`) stands for "this push", so a pull request's next push, tagged with its next commit, updates the
 * comment too instead of adding one more. An image named by digest alone is its repository's one comment. The account
 * stays out: the comment is public on a public repository.
 */
export function commentMarker(
  image: { repositoryName: string; imageTag?: string; region?: string } | undefined,
  commits: readonly string[] = []
): string {
  const tag = image?.imageTag && safeForComment(image.imageTag).replace(HEX_WORD, (hex) => (isCommit(hex, commits) ? '(commit)' : hex))
  // A region holds no "/", so the first one ends it.
  const name = (image?.region ? `${safeForComment(image.region).replace(/\//g, '-')}/` : '') + safeForComment(image?.repositoryName ?? '')
  return `<!-- ecr-scan-gate:${(tag ? `${name}:${tag}` : name).slice(0, 400)} -->`
}

// Only characters that cannot close or confuse an HTML comment.
function safeForComment(text: string): string {
  return text.replace(/[^a-zA-Z0-9._/:-]+/g, '-').replace(/-{2,}/g, '-')
}

// A run of hex digits standing alone in the tag, as a commit id does (`sha-1a2b3c4`, `pr-7-<sha>-arm64`).
const HEX_WORD = /(?<![0-9a-z])[0-9a-f]{7,40}(?![0-9a-z])/gi

// This run's commit, in full or abbreviated (git's shortest is 7): other hex (a lockfile's hash, another branch's
// commit) is the tag's own.
function isCommit(hex: string, commits: readonly string[]): boolean {
  const lower = hex.toLowerCase()
  return commits.some((commit) => commit.startsWith(lower))
}

/** This workflow run's id (GITHUB_RUN_ID), when it is one: digits, as many as a stamp holds. */
function currentRunId(): string | undefined {
  const runId = process.env.GITHUB_RUN_ID
  return runId && /^\d{1,20}$/.test(runId) ? runId : undefined
}

/** The hidden stamp of the workflow run that wrote a comment, after its marker on the first line. */
function runStamp(runId: string | undefined): string {
  return runId ? `<!-- ecr-scan-gate-run:${runId} -->` : ''
}

// Run ids only grow: a comment stamped by a later run holds a later push's verdict.
function writtenLater(body: string | undefined, runId: string | undefined): boolean {
  const stamped = /^[^\n]*<!-- ecr-scan-gate-run:(\d{1,20}) -->/.exec(body ?? '')?.[1]
  return stamped !== undefined && runId !== undefined && BigInt(stamped) > BigInt(runId)
}

/** The comment body: marker, verdict, image, severity table and the top blocking findings. */
export function renderComment(report: GateReport, marker = commentMarker(report.target), runUrl = workflowRunUrl()): string {
  const blocks = [marker, verdictLines(report, 3).join('\n')]
  const image = imageLine(report)
  if (image) blocks.push(image)
  const verdict = report.verdict
  if (verdict) {
    blocks.push(severityTable(verdict.counts))
    const blocking = sortedFindings(verdict.decided, (d) => d.decision === 'blocking')
    if (blocking.length > 0) {
      const budget = COMMENT_LIMIT_BYTES - byteLength(blocks.join('\n\n')) - 2_000
      const table = findingsTable(blocking, BLOCKING_COLUMNS, { bytes: budget, rows: MAX_COMMENT_ROWS })
      blocks.push(`**Top blocking findings**`)
      if (table.markdown) blocks.push(table.markdown)
      if (table.omitted > 0) blocks.push(omittedNote(table.omitted, 'blocking findings', report, true))
    }
  }
  if (report.baseline) {
    const { newCount, fixedCount, stillPresentCount } = report.baseline
    blocks.push(`Compared with the baseline: ${newCount} new, ${fixedCount} fixed, ${stillPresentCount} still present.`)
  }
  if (runUrl) blocks.push(`[Full report in the job summary](${runUrl})`)
  return `${blocks.join('\n\n')}\n`
}

function workflowRunUrl(): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = process.env
  if (!server || !repository || !runId || !/^\d+$/.test(runId) || !/^[\w.-]+\/[\w.-]+$/.test(repository)) return undefined
  return safeUrl(`${server.replace(TRAILING_SLASHES, '')}/${repository}/actions/runs/${runId}`)
}

// Read at call time rather than through @actions/github's `context`, which is fixed when the module loads.
function pullRequest(): PullRequest | string {
  const event = process.env.GITHUB_EVENT_NAME ?? ''
  if (!PULL_REQUEST_EVENTS.has(event)) {
    return `comment-on-pr is true, but this run was triggered by ${event ? `a ${oneLine(event, 50)} event` : 'no event'}: there is no pull request to comment on.`
  }
  const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '').split('/')
  let number: unknown
  let head: unknown
  try {
    const payload = JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH ?? '', 'utf8')) as {
      pull_request?: { number?: unknown; head?: { sha?: unknown } }
    }
    number = payload.pull_request?.number
    head = payload.pull_request?.head?.sha
  } catch {
    number = undefined
  }
  if (!owner || !repo || typeof number !== 'number') {
    return 'comment-on-pr is true, but the pull request number or repository could not be read from the event.'
  }
  // On pull_request_target GITHUB_SHA is the base branch's tip, another image's commit; only the head is this push.
  const shas = event === 'pull_request_target' ? [head] : [process.env.GITHUB_SHA, head]
  const commits = shas.filter((sha): sha is string => typeof sha === 'string' && /^[0-9a-f]{40}$/i.test(sha))
  return { owner, repo, number, commits: commits.map((sha) => sha.toLowerCase()) }
}

/** Creates or updates this image's comment on the pull request; any failure becomes a warning, never a failed step. */
export async function commentOnPullRequest(
  report: GateReport,
  settings: Pick<ReportingInputs, 'githubToken' | 'requestTimeoutMs'> = report.inputs ?? { githubToken: '' },
  /** Aborts the calls at once: a cancelled run must exit, not wait on GitHub. */
  cancelled?: AbortSignal
): Promise<void> {
  const pr = pullRequest()
  if (typeof pr === 'string') {
    report.warnings.push(pr)
    return
  }
  const token = settings.githubToken
  if (!token) {
    report.warnings.push('comment-on-pr is true, but github-token is empty: no pull request comment.')
    return
  }
  // One budget for every call: a GitHub that never answers must not hold the step (Node's own limit is 5 minutes).
  // The fallback serves only a run whose request-timeout input could not be read.
  const budgetMs = settings.requestTimeoutMs ?? DEFAULT_BUDGET_MS
  const timeout = AbortSignal.timeout(budgetMs)
  const signal = cancelled ? AbortSignal.any([timeout, cancelled]) : timeout
  let proxy: CommentProxy | undefined
  try {
    // Loaded here, not at start-up: most runs never comment (see loadPolicy). undici first: see undici-on-demand.ts.
    await loadUndici()
    const { getOctokit } = await import('@actions/github')
    // @actions/github fixes its default API URL when it loads; reading it here keeps GHES and tests on the right host.
    const baseUrl = (process.env.GITHUB_API_URL || 'https://api.github.com').replace(TRAILING_SLASHES, '')
    proxy = await commentProxy(baseUrl)
    const octokit = getOctokit(token, { baseUrl, request: proxy ? { fetch: proxy.fetch, signal } : { signal } })
    const marker = commentMarker(report.target, pr.commits)
    const runId = currentRunId()
    const body = renderComment(report, marker + runStamp(runId))
    const issue = { owner: pr.owner, repo: pr.repo }
    const listOurs = async (): Promise<IssueComment[]> => {
      const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...issue, issue_number: pr.number, per_page: 100 })
      return comments.filter((comment) => comment.body?.startsWith(marker)).sort((a, b) => a.id - b.id)
    }
    // Only a comment this action wrote is updated: anyone can post the marker, and a verdict written into their
    // comment is a verdict they can edit. GITHUB_TOKEN comments as github-actions[bot], a personal token as its own
    // user, a GitHub App installation token as its app's bot; any other bot is someone else.
    let login: Promise<string | undefined> | undefined
    const ownOf = async (ours: IssueComment[]): Promise<IssueComment[]> => {
      const by = (name: string | undefined) => ours.filter((comment) => name !== undefined && comment.user?.login === name)
      const own = by(GITHUB_TOKEN_LOGIN)
      return own.length === 0 && ours.length > 0 ? by(await (login ??= tokenLogin(octokit))) : own
    }
    const update = (comment: IssueComment) => octokit.rest.issues.updateComment({ ...issue, comment_id: comment.id, body })
    const own = await ownOf(await listOurs())
    const [oldest, ...copies] = own
    if (own.some((comment) => writtenLater(comment.body, runId))) {
      // A slower run of an earlier push must not put its verdict over the one for the pull request's newer head.
      core.info(`The scan comment on pull request #${pr.number} is from a later workflow run; left as it is.`)
    } else if (oldest) {
      await update(oldest)
      // Copies two runs left by commenting at once: the oldest now holds the verdict.
      await removeComments(octokit, issue, copies)
      core.info(`Updated the scan comment on pull request #${pr.number}.`)
    } else {
      const { data: created } = await octokit.rest.issues.createComment({ ...issue, issue_number: pr.number, body })
      // Who wrote it is who the token comments as: no need to ask GitHub.
      if (created.user?.login) login ??= Promise.resolve(created.user.login)
      // Another run may have commented between this run's reading and writing: the oldest comment stays, holding the
      // later run's verdict, and this one goes. Only tidying: the verdict is posted whatever happens here.
      try {
        const [first] = await ownOf(await listOurs())
        if (first && first.id < created.id) {
          if (!writtenLater(first.body, runId)) await update(first)
          await removeComments(octokit, issue, [created])
          core.info(`Updated the scan comment on pull request #${pr.number}, which another run had just posted.`)
          return
        }
      } catch (error) {
        core.info(`Could not check for a copy of the comment another run posted at the same time: ${errorText(error, 300)}`)
      }
      core.info(`Commented on pull request #${pr.number}.`)
    }
  } catch (error) {
    const through = proxy ? ` (through the proxy in ${proxy.variable})` : ''
    report.warnings.push(
      cancelled?.aborted
        ? `Could not finish the comment on pull request #${pr.number}: the run was cancelled.`
        : timeout.aborted
          ? `Could not comment on pull request #${pr.number}: GitHub did not answer within request-timeout (${budgetMs / 1000} s)${through}.`
          : commentFailure(error, pr.number, proxy?.variable)
    )
  } finally {
    // A tunnel the proxy never answered outlives the aborted request: left open, it would hold the step for minutes.
    await proxy?.close()
  }
}

type UndiciFetchArgs = Parameters<typeof import('undici').fetch>
type Octokit = ReturnType<typeof import('@actions/github').getOctokit>
type IssueComment = Awaited<ReturnType<Octokit['rest']['issues']['listComments']>>['data'][number]

/**
 * Deletes copies of this action's comment; one another run deleted first is gone all the same. Only tidying: a copy
 * that stays goes on a later run, so a failure is logged, not warned about.
 */
async function removeComments(octokit: Octokit, issue: { owner: string; repo: string }, comments: readonly IssueComment[]): Promise<void> {
  for (const comment of comments) {
    try {
      await octokit.rest.issues.deleteComment({ ...issue, comment_id: comment.id })
    } catch (error) {
      if ((error as { status?: unknown }).status !== 404) core.info(`Could not delete a copy of the scan comment: ${errorText(error, 300)}`)
    }
  }
}

interface CommentProxy {
  /** undici's fetch through the proxy, for octokit. */
  fetch: typeof fetch
  /** The variable that named the proxy, for messages. */
  variable: string
  close(): Promise<void>
}

/**
 * The proxy for the GitHub API on a self-hosted runner, chosen as for ECR (proxy.ts: HTTPS_PROXY or HTTP_PROXY,
 * NO_PROXY, loopback never), as a fetch whose connections this run can close; undefined for none. @actions/github's
 * own proxy-aware fetch keeps its connection where nothing can close it, and reads the variables otherwise.
 */
async function commentProxy(apiUrl: string): Promise<CommentProxy | undefined> {
  const url = new URL(apiUrl)
  const uri = proxyFor(url, proxySettings(process.env))
  if (!uri) return undefined
  const { ProxyAgent, fetch: undiciFetch } = await import('undici')
  const dispatcher = new ProxyAgent({ uri })
  return {
    // octokit types its fetch as the global one; undici's takes the same calls, and a dispatcher.
    fetch: ((input: UndiciFetchArgs[0], init?: UndiciFetchArgs[1]) => undiciFetch(input, { ...init, dispatcher })) as unknown as typeof fetch,
    variable: url.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY',
    close: () => dispatcher.destroy().catch(() => undefined)
  }
}

const DEFAULT_BUDGET_MS = 30_000

/**
 * The login the token comments as, or undefined when GitHub will not say. GraphQL's viewer names a personal token's
 * user and a GitHub App installation token's bot ("name[bot]"), which may not read /user; /user is asked only when
 * GraphQL will not answer.
 */
async function tokenLogin(octokit: Octokit): Promise<string | undefined> {
  const login = await octokit.graphql<{ viewer?: { login?: unknown } }>('query { viewer { login } }').then(
    (data) => (typeof data.viewer?.login === 'string' ? data.viewer.login : undefined),
    () => undefined
  )
  if (login !== undefined) return login
  return octokit.rest.users.getAuthenticated().then(
    (response) => response.data.login,
    () => undefined
  )
}

function commentFailure(error: unknown, number: number, proxyVariable?: string): string {
  const refused = proxyVariable ? proxyRefusal(error) : undefined
  if (proxyVariable && refused !== undefined) {
    const advice = proxyRefusalAdvice(refused, proxyVariable, "GitHub's API host")
    return `Could not comment on pull request #${number}: the proxy in ${proxyVariable} refused the tunnel to GitHub (HTTP ${refused}).${advice ? ` ${advice}` : ''}`
  }
  const through = proxyVariable ? ` (through the proxy in ${proxyVariable})` : ''
  const status = (error as { status?: unknown }).status
  const said = errorText(error, 300)
  if (status === 401) {
    return `Could not comment on pull request #${number} (HTTP 401: ${said}): GitHub refused the token; check the github-token input.`
  }
  if (status === 403 || status === 404) {
    return (
      `Could not comment on pull request #${number} (HTTP ${status}: ${said}). Give the job ` +
      '`permissions: pull-requests: write`; pull requests from forks get a read-only token, so no comment there.'
    )
  }
  return `Could not comment on pull request #${number}${through}: ${said}`
}

// undici reports a refused tunnel as a cancelled request; the proxy's status is in a cause further down.
function proxyRefusal(error: unknown): number | undefined {
  let cause = error
  for (let depth = 0; cause && depth < 5; depth++) {
    const status = /Proxy response \((\d{3})\)/.exec(String((cause as { message?: unknown }).message ?? ''))?.[1]
    if (status) return Number(status)
    cause = (cause as { cause?: unknown }).cause
  }
  return undefined
}
