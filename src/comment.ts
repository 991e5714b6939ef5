import type { GateReport } from './report.js'

/** Placeholder until the pull request comment lands. */
export async function commentOnPullRequest(_report: GateReport): Promise<void> {}
