// A loopback GitHub REST API covering what the pull-request comment feature calls through octokit (@actions/github
// reaches it via GITHUB_API_URL). Plain ESM with node built-ins only, like ecr-server.js.
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { startLoopback } from './loopback.js'

const DOCS = 'https://docs.github.com/rest/issues/comments'
const BOT = { login: 'github-actions[bot]', id: 41898282, node_id: 'MDM6Qm90NDE4OTgyODI=', type: 'Bot', site_admin: false }
/** Who a personal access token (anything but ghs_…) belongs to; comments it posts carry this user. */
export const TOKEN_USER = { login: 'release-bot-user', id: 5550001, node_id: 'MDQ6VXNlcjU1NTAwMDE=', type: 'User', site_admin: false }
/**
 * Whose comments a GitHub App installation token (here, by convention, ghs_app…; GitHub's own tokens carry no such
 * mark) posts: the app's bot, which only GraphQL's `viewer` names to the token itself.
 */
export const APP_BOT = { login: 'scan-gate-app[bot]', id: 5550002, node_id: 'BOT_kgDOBUtLcg', type: 'Bot', site_admin: false }
const APP_TOKEN = /^(token|bearer) ghs_app/i
// GitHub's defaults: 30 a page unless per_page says otherwise, and never more than 100.
const DEFAULT_PER_PAGE = 30
const MAX_PER_PAGE = 100

const LIST_OR_CREATE = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/
const UPDATE = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/

function denial(status, method, requestDoc) {
  if (status === 403) {
    // What GitHub answers a GITHUB_TOKEN lacking `pull-requests: write` (or `issues: write`).
    return { message: 'Resource not accessible by integration', documentation_url: requestDoc, status: '403' }
  }
  if (status === 401) return { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' }
  if (status === 404) return { message: 'Not Found', documentation_url: requestDoc, status: '404' }
  if (status === 422) return { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'custom' }], documentation_url: requestDoc, status: '422' }
  return { message: `Injected ${method} failure`, documentation_url: requestDoc, status: String(status) }
}

/** Starts a fake GitHub REST API on 127.0.0.1 (random port unless options.port); see github-server.d.ts. */
export async function startGitHubServer(options = {}) {
  const requests = []
  const comments = []
  let nextId = options.firstCommentId ?? 1000
  let denied
  const afterList = []
  const failures = []

  // The failure failNext armed for this method, once.
  function takeFailure(method) {
    const at = failures.findIndex((failure) => failure.method === method)
    return at < 0 ? undefined : failures.splice(at, 1)[0]
  }

  // Where the comment with this id on this repository is in `comments`, or -1.
  function commentIndex(owner, repo, id) {
    return comments.findIndex((c) => c.id === Number(id) && c.url === `${base()}/repos/${owner}/${repo}/issues/comments/${id}`)
  }

  function base() {
    return server.url
  }

  function makeComment({ owner, repo, issueNumber, body, user = BOT }) {
    const id = nextId++
    const now = new Date().toISOString()
    return {
      id,
      node_id: `IC_kwDO${Buffer.from(String(id)).toString('base64')}`,
      url: `${base()}/repos/${owner}/${repo}/issues/comments/${id}`,
      html_url: `https://github.com/${owner}/${repo}/pull/${issueNumber}#issuecomment-${id}`,
      issue_url: `${base()}/repos/${owner}/${repo}/issues/${issueNumber}`,
      body,
      user,
      created_at: now,
      updated_at: now,
      author_association: user.type === 'Bot' ? 'NONE' : 'MEMBER'
    }
  }

  function issueUrl(owner, repo, issueNumber) {
    return `${base()}/repos/${owner}/${repo}/issues/${issueNumber}`
  }

  function linkHeader(path, perPage, page, lastPage) {
    const link = (p, rel) => `<${base()}${path}?per_page=${perPage}&page=${p}>; rel="${rel}"`
    const parts = []
    if (page > 1) parts.push(link(page - 1, 'prev'))
    if (page < lastPage) parts.push(link(page + 1, 'next'), link(lastPage, 'last'))
    if (page > 1) parts.push(link(1, 'first'))
    return parts.join(', ')
  }

  function route(method, path, query, body, authorization) {
    if (path === '/user' && method === 'GET') {
      // An installation token (GITHUB_TOKEN, ghs_…) has no user; a personal token answers with its owner.
      if (/^(token|bearer) ghs_/i.test(authorization ?? '')) {
        return { status: 403, payload: denial(403, method, 'https://docs.github.com/rest/users/users#get-the-authenticated-user') }
      }
      return { status: 200, payload: TOKEN_USER }
    }
    if (path === '/graphql' && method === 'POST') {
      if (!server.graphql) return { status: 404, payload: { message: 'Not Found', documentation_url: 'https://docs.github.com/graphql' } }
      if (!/^\s*(query\s*)?\{\s*viewer\s*\{\s*login\s*\}\s*\}\s*$/.test(String(body?.query ?? ''))) {
        return { status: 200, payload: { errors: [{ message: 'This loopback server answers only { viewer { login } }' }] } }
      }
      if (APP_TOKEN.test(authorization ?? '')) return { status: 200, payload: { data: { viewer: { login: APP_BOT.login } } } }
      // What the workflow's GITHUB_TOKEN is answered is not documented; the gate must not rely on it.
      if (/^(token|bearer) ghs_/i.test(authorization ?? '')) {
        return { status: 200, payload: { data: null, errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }] } }
      }
      return { status: 200, payload: { data: { viewer: { login: TOKEN_USER.login } } } }
    }
    let match = LIST_OR_CREATE.exec(path)
    if (match) {
      const [, owner, repo, number] = match
      const issueNumber = Number(number)
      if (method === 'GET') {
        if (denied?.reads) return { status: denied.status, payload: denial(denied.status, method, `${DOCS}#list-issue-comments`) }
        const perPage = Math.min(MAX_PER_PAGE, Math.max(1, Number(query.get('per_page')) || DEFAULT_PER_PAGE))
        const page = Math.max(1, Number(query.get('page')) || 1)
        const all = comments.filter((c) => c.issue_url === issueUrl(owner, repo, issueNumber))
        const lastPage = Math.max(1, Math.ceil(all.length / perPage))
        const headers = {}
        const link = linkHeader(path, perPage, page, lastPage)
        if (link) headers.link = link
        const payload = all.slice((page - 1) * perPage, page * perPage)
        // What another run does right after this list was read (see afterNextList).
        const then = afterList.shift()
        then?.()
        return { status: 200, payload, headers }
      }
      if (method === 'POST') {
        if (denied) return { status: denied.status, payload: denial(denied.status, method, `${DOCS}#create-an-issue-comment`), headers: acceptedPermissions() }
        if (typeof body?.body !== 'string') return { status: 422, payload: denial(422, method, `${DOCS}#create-an-issue-comment`) }
        const user = APP_TOKEN.test(authorization ?? '') ? APP_BOT : /^(token|bearer) ghs_/i.test(authorization ?? '') ? BOT : TOKEN_USER
        const comment = makeComment({ owner, repo, issueNumber, body: body.body, user })
        comments.push(comment)
        return { status: 201, payload: comment, headers: { location: comment.url } }
      }
    }
    match = UPDATE.exec(path)
    if (match && method === 'PATCH') {
      const [, owner, repo, id] = match
      if (denied) return { status: denied.status, payload: denial(denied.status, method, `${DOCS}#update-an-issue-comment`), headers: acceptedPermissions() }
      const comment = comments[commentIndex(owner, repo, id)]
      if (!comment) return { status: 404, payload: denial(404, method, `${DOCS}#update-an-issue-comment`) }
      if (typeof body?.body !== 'string') return { status: 422, payload: denial(422, method, `${DOCS}#update-an-issue-comment`) }
      comment.body = body.body
      comment.updated_at = new Date().toISOString()
      return { status: 200, payload: comment }
    }
    if (match && method === 'DELETE') {
      const [, owner, repo, id] = match
      if (denied) return { status: denied.status, payload: denial(denied.status, method, `${DOCS}#delete-an-issue-comment`), headers: acceptedPermissions() }
      const at = commentIndex(owner, repo, id)
      if (at < 0) return { status: 404, payload: denial(404, method, `${DOCS}#delete-an-issue-comment`) }
      comments.splice(at, 1)
      // 204 No Content: no body at all.
      return { status: 204 }
    }
    return { status: 404, payload: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' } }
  }

  function acceptedPermissions() {
    // GitHub names the permissions the endpoint needs, which is what a maintainer reads when the comment fails.
    return { 'x-accepted-github-permissions': 'issues=write; pull_requests=write' }
  }

  function respond(req, res, raw) {
    const arrivedAt = performance.now()
    const url = new URL(req.url ?? '/', 'http://localhost')
    // GitHub Enterprise Server serves the API under /api/v3 and GraphQL under /api/graphql; accept both forms so
    // GITHUB_API_URL may carry either.
    const path = url.pathname.replace(/^\/api\/v3(?=\/)/, '').replace(/^\/api(?=\/graphql$)/, '').replace(/\/+$/, '')
    const text = raw.toString('utf8')
    let body
    try {
      body = text ? JSON.parse(text) : undefined
    } catch {
      body = undefined
    }
    const authorization = req.headers.authorization
    requests.push({ method: req.method ?? 'GET', path, url: url.pathname, query: Object.fromEntries(url.searchParams), body, headers: req.headers, authorization, at: Date.now() })
    const failure = takeFailure(req.method ?? 'GET')
    const outcome = failure
      ? { status: failure.status, payload: denial(failure.status, failure.method, DOCS) }
      : body === undefined && text
      ? { status: 400, payload: { message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/rest', status: '400' } }
      : route(req.method ?? 'GET', path, url.searchParams, body, authorization)
    // Some proxies and GitHub Enterprise servers quote the credentials they refuse.
    if (denied?.echo && outcome.status === denied.status && typeof outcome.payload?.message === 'string') {
      outcome.payload.message += `: ${String(authorization ?? '').replace(/^(token|bearer)\s+/i, '')}`
    }
    loopback.answerAfter(res, arrivedAt, server.latencyMs, () => {
      const payload = outcome.payload === undefined ? '' : JSON.stringify(outcome.payload)
      res.writeHead(outcome.status, {
        ...(payload ? { 'content-type': 'application/json; charset=utf-8' } : {}),
        'content-length': Buffer.byteLength(payload),
        'x-github-request-id': randomUUID().toUpperCase(),
        'x-github-media-type': 'github.v3; format=json',
        ...outcome.headers
      })
      res.end(payload)
    })
  }

  const loopback = await startLoopback(respond, options.port)

  const server = {
    url: loopback.url,
    port: loopback.port,
    requests,
    comments,
    latencyMs: options.latencyMs ?? 0,
    /** False: /graphql answers 404, as where GraphQL is not served. */
    graphql: true,
    /** Seeds a comment, e.g. an earlier run's bot comment to update or a human one to leave alone. */
    addComment({ owner, repo, issueNumber, body, user }) {
      const comment = makeComment({ owner, repo, issueNumber, body, user: user ? { type: 'User', site_admin: false, ...user } : BOT })
      comments.push(comment)
      return comment
    },
    /** Comments on one issue or pull request, oldest first. */
    commentsOn(owner, repo, issueNumber) {
      return comments.filter((c) => c.issue_url === issueUrl(owner, repo, issueNumber))
    },
    /** Runs action once, right after the next list of comments is read: another run's comment landing in between. */
    afterNextList(action) {
      afterList.push(action)
    },
    /** Answers the next request with this method (GET, POST, PATCH, DELETE) with status, once. */
    failNext(method, status) {
      failures.push({ method, status })
    },
    deny(status = 403, { reads = false, echo = false } = {}) {
      denied = { status, reads, echo }
    },
    /** Undoes deny, and whatever failNext and afterNextList armed and no request used. */
    allow() {
      denied = undefined
      failures.length = 0
      afterList.length = 0
    },
    close() {
      return loopback.close()
    }
  }
  return server
}
