import type { ECRClient } from '@aws-sdk/client-ecr'
import type { ScanFindings } from './ecr.js'
import type { ImageTarget } from './errors.js'
import type { CompletedScan } from './scan-wait.js'

export interface SettleOptions {
  deadline: number
  settleWindowMs: number
  pollIntervalMs: number
}

/** Placeholder until settling lands: the first complete read is final. */
export async function settleFindings(
  _client: ECRClient,
  _target: ImageTarget,
  _scan: CompletedScan,
  findings: ScanFindings,
  _options: SettleOptions
): Promise<ScanFindings> {
  return findings
}
