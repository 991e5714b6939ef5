import type { GateReport } from './report.js'

/** Placeholder until SARIF lands. */
export async function writeSarif(_report: GateReport): Promise<string | undefined> {
  return undefined
}
