// Types for github-server.js.
import type { IncomingHttpHeaders } from 'node:http'

export interface GitHubUser {
  login: string
  id?: number
  node_id?: string
  type: string
  site_admin?: boolean
}

/** An issue comment shaped like GitHub's REST reply. */
export interface GitHubComment {
  id: number
  node_id: string
  /** API URL of the comment (used for PATCH). */
  url: string
  html_url: string
  /** API URL of the issue or pull request the comment belongs to. */
  issue_url: string
  body: string
  user: GitHubUser
  created_at: string
  updated_at: string
  author_association: string
}

export interface GitHubRequest {
  method: string
  /** Path without query string and without a GHES /api/v3 (or /api before graphql) prefix. */
  path: string
  /** The path as requested, prefix included. */
  url: string
  query: Record<string, string>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any
  headers: IncomingHttpHeaders
  /** The Authorization header as sent, e.g. 'token ghs_xxx'. */
  authorization: string | undefined
  at: number
}

export interface GitHubServerOptions {
  /** Default 0: a free port. */
  port?: number
  /** Delay before every reply; default 0. */
  latencyMs?: number
  /** Id of the first comment created; default 1000. */
  firstCommentId?: number
}

export interface GitHubServer {
  /** http://127.0.0.1:<port>: set GITHUB_API_URL to it (or pass it as octokit's baseUrl). */
  url: string
  port: number
  requests: GitHubRequest[]
  /** Every comment on every issue, oldest first; created and updated through the API or addComment. */
  comments: GitHubComment[]
  latencyMs: number
  /** False: /graphql answers 404, as where GraphQL is not served. */
  graphql: boolean
  /** Seeds a comment; without user it is the github-actions[bot]'s. */
  addComment(comment: { owner: string; repo: string; issueNumber: number; body: string; user?: Partial<GitHubUser> & { login: string } }): GitHubComment
  commentsOn(owner: string, repo: string, issueNumber: number): GitHubComment[]
  /** Runs action once, right after the next list of comments is read: another run's comment landing in between. */
  afterNextList(action: () => void): void
  /** Answers the next request with this method (GET, POST, PATCH, DELETE) with status, once. */
  failNext(method: string, status: number): void
  /**
   * Makes comment writes (POST, PATCH, DELETE) answer this status; 403 carries GitHub's "Resource not accessible by
   * integration". reads: true denies listing too; echo quotes the refused credentials in the message.
   */
  deny(status?: number, options?: { reads?: boolean; echo?: boolean }): void
  /** Undoes deny, and whatever failNext and afterNextList armed and no request used. */
  allow(): void
  close(): Promise<void>
}

/** Starts a fake GitHub REST API on 127.0.0.1. */
/** Who a personal access token (anything but ghs_…) belongs to; comments it posts carry this user. */
export const TOKEN_USER: GitHubUser
/** The bot a GitHub App installation token (ghs_app… here) comments as. */
export const APP_BOT: GitHubUser

export function startGitHubServer(options?: GitHubServerOptions): Promise<GitHubServer>
