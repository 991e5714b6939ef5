import type { ECRClient } from '@aws-sdk/client-ecr'
import type { Finding } from './finding.js'
import type { Inputs } from './inputs.js'
import type { GateReport } from './report.js'

export interface BaselineOptions {
  deadline: number
  pollIntervalMs: number
}

/** Placeholder until baselines land: no baseline, so every finding is new. */
export async function compareWithBaseline(
  _client: ECRClient,
  _inputs: Inputs,
  _findings: readonly Finding[],
  _options: BaselineOptions,
  _report: GateReport
): Promise<ReadonlySet<string> | undefined> {
  return undefined
}
